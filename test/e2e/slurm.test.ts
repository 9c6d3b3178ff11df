/**
 * A sweep through a real Slurm cluster: Debian's slurm-wlm and munge, started here as a one-node
 * cluster on localhost (munged, slurmctld and slurmd in the foreground, everything in a temporary
 * directory, ports chosen free), `doseladder slurm --submit` submitting the seed sweep S103 (Monte
 * Carlo forced) as a job array of 3 shards plus a merge job that depends on them, and the merged
 * outputs compared byte for byte with a single-process run.
 *
 * Skips, saying why, only when the cluster cannot be started: not Linux, not root (slurmd starts
 * jobs as their owner, so it runs as root) or the programs missing (CI installs them with apt-get).
 * With the programs there, a cluster that does not come up is a failure, with the daemons' logs.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { chmodSync, closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { expect, it } from "vitest";

const CLI = resolve("dist/src/cli/main.js");
const PROGRAMS = ["munged", "slurmctld", "slurmd", "sbatch", "sinfo", "squeue", "scontrol", "scancel"];
const SHARDS = 3;
// 5 blocks of 4096 trials (the last short): the 3 shards get 1, 2 and 2 blocks of every cell
const TRIALS = 20_000;
const JOB_TIMEOUT_MS = 180_000;

function which(cmd: string): string | null {
  for (const dir of [...(process.env.PATH ?? "").split(":"), "/usr/sbin", "/sbin"]) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

function whyNot(): string | null {
  if (process.platform !== "linux") return `needs Linux, this is ${process.platform}`;
  if (process.getuid?.() !== 0) return "needs root (slurmd starts jobs as their owner; CI runs as root)";
  const missing = PROGRAMS.filter((p) => !which(p));
  if (missing.length > 0) return `${missing.join(", ")} not found (apt-get install -y slurm-wlm munge)`;
  return null;
}

const WHY = whyNot();
if (WHY) console.warn(`SKIPPED slurm.test.ts: ${WHY}`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((ok, ko) => {
    const s = createServer();
    s.on("error", ko);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

/** A one-node Slurm cluster on localhost, all of it under one temporary directory. */
class Cluster {
  readonly dir = mkdtempSync(join(tmpdir(), "doseladder-slurm-"));
  readonly conf = join(this.dir, "slurm.conf");
  readonly env: NodeJS.ProcessEnv = { ...process.env, SLURM_CONF: this.conf };
  readonly partition = "doseladder";
  node = "";
  private readonly daemons: { name: string; proc: ChildProcess; exited: boolean }[] = [];

  private daemon(name: string, args: string[]): void {
    const out = openSync(join(this.dir, `${name}.out`), "a");
    const proc = spawn(which(name)!, args, { env: this.env, stdio: ["ignore", out, out], detached: true });
    closeSync(out);
    const d = { name, proc, exited: false };
    proc.on("exit", () => (d.exited = true));
    this.daemons.push(d);
  }

  private run(cmd: string, args: string[]) {
    return spawnSync(which(cmd)!, args, { env: this.env, encoding: "utf8", timeout: 20_000 });
  }

  /** The daemons' output and logs (the last lines of each), for failure messages. */
  logs(): string {
    const names = existsSync(this.dir) ? readdirSync(this.dir).filter((f) => /\.(out|log)$/.test(f)) : [];
    return names.map((f) => `--- ${f}\n${readFileSync(join(this.dir, f), "utf8").trim().split("\n").slice(-15).join("\n")}`).join("\n");
  }

  private fail(what: string): never {
    throw new Error(`${what}\n${this.logs()}`);
  }

  private async until(what: string, ms: number, done: () => boolean): Promise<void> {
    const deadline = Date.now() + ms;
    while (!done()) {
      const dead = this.daemons.find((d) => d.exited);
      if (dead) this.fail(`${dead.name} exited while waiting for ${what}`);
      if (Date.now() > deadline) this.fail(`timed out after ${ms / 1000} s waiting for ${what}`);
      await sleep(250);
    }
  }

  async start(): Promise<void> {
    const d = this.dir;
    // munged insists that every directory above its socket is searchable by all
    chmodSync(d, 0o755);
    for (const sub of ["munge", "state", "spool"]) mkdirSync(join(d, sub), { mode: 0o755 });
    const socket = join(d, "munge", "munge.socket");
    writeFileSync(join(d, "munge.key"), randomBytes(1024), { mode: 0o400 });
    this.daemon("munged", ["-F", `--socket=${socket}`, `--key-file=${join(d, "munge.key")}`, `--pid-file=${join(d, "munged.pid")}`, `--log-file=${join(d, "munged.log")}`, `--seed-file=${join(d, "munged.seed")}`]);
    await this.until("munged's socket", 15_000, () => existsSync(socket));

    // the node as slurmd sees this machine (CPUs, sockets, cores, memory), reached on 127.0.0.1
    const probe = this.run("slurmd", ["-C"]);
    const line = probe.stdout.split("\n").find((l) => l.startsWith("NodeName="));
    if (!line) this.fail(`slurmd -C printed no node line: ${probe.stdout}${probe.stderr}`);
    this.node = /^NodeName=(\S+)/.exec(line)![1];
    const [ctldPort, dPort] = [await freePort(), await freePort()];
    writeFileSync(
      this.conf,
      [
        "ClusterName=doseladder-test",
        `SlurmctldHost=${this.node}(127.0.0.1)`,
        "SlurmUser=root",
        "SlurmdUser=root",
        `SlurmctldPort=${ctldPort}`,
        `SlurmdPort=${dPort}`,
        "AuthType=auth/munge",
        "CredType=cred/munge",
        `AuthInfo=socket=${socket}`,
        `StateSaveLocation=${join(d, "state")}`,
        `SlurmdSpoolDir=${join(d, "spool")}`,
        `SlurmctldPidFile=${join(d, "slurmctld.pid")}`,
        `SlurmdPidFile=${join(d, "slurmd.pid")}`,
        `SlurmctldLogFile=${join(d, "slurmctld.log")}`,
        `SlurmdLogFile=${join(d, "slurmd.log")}`,
        "ProctrackType=proctrack/linuxproc",
        "TaskPlugin=task/none",
        "SelectType=select/cons_tres",
        "SelectTypeParameters=CR_CPU",
        "SchedulerType=sched/backfill",
        "AccountingStorageType=accounting_storage/none",
        "JobAcctGatherType=jobacct_gather/none",
        "JobCompType=jobcomp/none",
        "MpiDefault=none",
        "MailProg=/bin/true",
        "ReturnToService=2",
        `${line.trim().replace(/^NodeName=\S+/, `NodeName=${this.node} NodeAddr=127.0.0.1`)} State=UNKNOWN`,
        `PartitionName=${this.partition} Nodes=ALL Default=YES MaxTime=10 State=UP`,
        "",
      ].join("\n"),
    );
    this.daemon("slurmctld", ["-D", "-c", "-i", "-f", this.conf]);
    this.daemon("slurmd", ["-D", "-f", this.conf, "-N", this.node]);
    await this.until(`node ${this.node} idle in sinfo`, 60_000, () => this.run("sinfo", ["-h", "-N", "-n", this.node, "-o", "%t"]).stdout.trim() === "idle");
  }

  /** Every job of the array (or the single job) `id`, with its state and times. */
  jobs(id: string): Record<string, string>[] {
    const r = this.run("scontrol", ["-o", "show", "job", id]);
    if (r.status !== 0) this.fail(`scontrol show job ${id} failed: ${r.stderr}`);
    return r.stdout
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((l) => Object.fromEntries(l.split(" ").map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)])));
  }

  /** Wait until job `id` completes; fail at once if it fails or can never start. */
  async waitFor(id: string, ms: number): Promise<void> {
    const over = ["FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE", "PREEMPTED"];
    await this.until(`job ${id} to complete`, ms, () => {
      const [job] = this.jobs(id);
      if (over.includes(job.JobState) || job.Reason === "DependencyNeverSatisfied") this.fail(`job ${id} ended ${job.JobState} (${job.Reason})`);
      return job.JobState === "COMPLETED";
    });
  }

  /** Cancel `jobs`, shut the daemons down (killing what does not stop) and remove the directory. */
  async stop(jobs: string[]): Promise<void> {
    const alive = () => this.daemons.filter((x) => !x.exited);
    if (jobs.length > 0 && alive().length === this.daemons.length) {
      this.run("scancel", jobs);
      // cancelled jobs complete (slurmstepd reports to slurmd) before the daemons may go
      const deadline = Date.now() + 15_000;
      while (this.run("squeue", ["-h", "-o", "%i"]).stdout.trim() !== "" && Date.now() < deadline) await sleep(250);
    }
    if (this.daemons.some((x) => x.name === "slurmctld" && !x.exited)) this.run("scontrol", ["shutdown"]);
    const deadline = Date.now() + 10_000;
    for (const x of alive().filter((x) => x.name !== "munged")) while (!x.exited && Date.now() < deadline) await sleep(100);
    for (const x of alive()) {
      try {
        // munged (and anything that did not shut down) by its process group
        process.kill(-x.proc.pid!, x.name === "munged" ? "SIGTERM" : "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    while (alive().length > 0 && Date.now() < deadline + 5_000) await sleep(100);
    this.killJobProcesses();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /**
   * Kill what is left of this cluster's jobs (a slurmstepd whose slurmd is gone waits for ever):
   * the processes, by id, whose environment names this cluster's slurm.conf.
   */
  killJobProcesses(): void {
    const mark = `SLURM_CONF=${this.conf}\0`;
    for (const name of readdirSync("/proc").filter((n) => /^\d+$/.test(n))) {
      const pid = Number(name);
      if (pid === process.pid) continue;
      try {
        if (`\0${readFileSync(`/proc/${pid}/environ`, "latin1")}`.includes(`\0${mark}`)) process.kill(pid, "SIGKILL");
      } catch {
        /* gone, or not ours to read */
      }
    }
  }

  /** Last resort when the test process exits: kill the daemons' process groups. */
  kill(): void {
    for (const x of this.daemons) {
      try {
        if (!x.exited) process.kill(-x.proc.pid!, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    this.killJobProcesses();
  }
}

/** scenarios/sweeps/s103.json with absolute file references, Monte Carlo forced, fewer trials. */
function s103(dir: string): string {
  const from = resolve("scenarios/sweeps");
  const s = JSON.parse(readFileSync(join(from, "s103.json"), "utf8"));
  delete s.$schema;
  for (const d of [...s.designs, ...s.scenarios]) if (d.file) d.file = resolve(from, d.file);
  s.method = "monte-carlo";
  s.trials = TRIALS;
  const p = join(dir, "s103-mc.json");
  writeFileSync(p, JSON.stringify(s));
  return p;
}

const files = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .filter((f) => statSync(join(dir, f)).isFile())
      .sort()
      .map((f) => [f, readFileSync(join(dir, f), "utf8")]),
  );

const TITLE = WHY
  ? `sweep through a real Slurm cluster: SKIPPED, ${WHY}`
  : `sweep through a real Slurm cluster (job array of ${SHARDS} shards + dependent merge) equals a single run byte for byte`;

it.skipIf(WHY !== null)(
  TITLE,
  async () => {
    const t0 = Date.now();
    const work = mkdtempSync(join(tmpdir(), "doseladder-slurm-work-"));
    const sweep = s103(work);
    const single = join(work, "single");
    const one = spawnSync(process.execPath, [CLI, "sweep", sweep, "--out", single, "--workers", "1"], { encoding: "utf8" });
    expect(one.status, one.stderr).toBe(0);
    const tSingle = Date.now();

    const cluster = new Cluster();
    const onExit = () => cluster.kill();
    process.on("exit", onExit);
    const submitted: string[] = [];
    try {
      await cluster.start();
      const t1 = Date.now();
      const out = join(work, "slurm-run");
      const r = spawnSync(
        process.execPath,
        [CLI, "slurm", sweep, "--shards", String(SHARDS), "--out", out, "--partition", cluster.partition, "--time", "5", "--merge-time", "5", "--cpus-per-task", "1", "--submit"],
        { encoding: "utf8", env: cluster.env },
      );
      const m = /shards job (\d+) .*merge job (\d+)/.exec(r.stdout);
      if (m) submitted.push(m[1], m[2]);
      expect(r.status, `${r.stderr}\n${cluster.logs()}`).toBe(0);
      expect(m, r.stdout).not.toBeNull();
      const [shardsJob, mergeJob] = [m![1], m![2]];

      await cluster.waitFor(mergeJob, JOB_TIMEOUT_MS);
      const t2 = Date.now();
      const tasks = cluster.jobs(shardsJob);
      const merge = cluster.jobs(mergeJob)[0];
      // every array task ran on the node and succeeded, and the merge started only after the last one ended
      expect(tasks.map((t) => [t.ArrayTaskId, t.JobState, t.ExitCode, t.NodeList]).sort()).toEqual(
        [1, 2, 3].map((i) => [String(i), "COMPLETED", "0:0", cluster.node]),
      );
      expect(merge.Dependency).toBe("(null)");
      expect(merge.ExitCode).toBe("0:0");
      for (const t of tasks) expect(merge.StartTime >= t.EndTime, `merge started ${merge.StartTime}, task ${t.ArrayTaskId} ended ${t.EndTime}`).toBe(true);
      // each shard directory holds that shard's partials only, and Slurm wrote the jobs' logs
      for (let i = 1; i <= SHARDS; i++) {
        const names = readdirSync(join(out, "shards", String(i), "cells"));
        expect(names.length).toBeGreaterThan(0);
        expect(names.every((n) => n.endsWith(`.shard-${i - 1}-of-${SHARDS}.json`))).toBe(true);
        expect(readFileSync(join(out, "slurm/logs", `shard-${i}.out`), "utf8")).toContain(`shard ${i}/${SHARDS} done`);
      }
      expect(readFileSync(join(out, "slurm/logs/merge.out"), "utf8")).toMatch(/^merged \d+ cells/);

      const want = files(single);
      expect(Object.keys(want)).toEqual(expect.arrayContaining(["sweep.csv", "sweep.json", "sweep.html"]));
      expect(files(out)).toEqual(want);
      console.log(
        `slurm.test.ts: single run ${((tSingle - t0) / 1000).toFixed(1)} s, cluster start ${((t1 - tSingle) / 1000).toFixed(1)} s, ` +
          `${SHARDS} shards + merge through Slurm ${((t2 - t1) / 1000).toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s`,
      );
    } finally {
      await cluster.stop(submitted);
      process.off("exit", onExit);
      rmSync(work, { recursive: true, force: true });
    }
  },
  JOB_TIMEOUT_MS + 90_000,
);
