/**
 * `doseladder next` in a live trial of a design that waits for DLT windows (BOIN) or backfills
 * (BF-BOIN), through the compiled CLI.
 *
 * Independent numbers: BOIN's boundaries for target 0.25 are lambda_e = 0.1968 and
 * lambda_d = 0.2984 (R BOIN 2.7.2 `get.boundary(target = 0.25, ...)`, Liu & Yuan 2015 Table 1;
 * also test/reference/fixtures/boin.json). So at n = 3: 0 DLTs (0 <= 0.1968) escalate,
 * 1 DLT (0.333 > 0.2984) de-escalate; at n = 6: 2 DLTs (0.333) de-escalate; at n = 9: 2 DLTs
 * (0.222, between the boundaries) stay; at n = 5: 0 DLTs escalate.
 */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", "next", ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const json = (...args: string[]) => {
  const r = run(...args, "--format", "json");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(r.out);
};
const BOIN = ["--design", "designs/sys6020-boin-timed.json"];
const BF = ["--design", "designs/sys6020-bf-boin.json"];

describe("next with pending patients, for a design that waits for every window", () => {
  it("waits, and lists the decision for each number of DLTs among the pending patients", () => {
    // cohort in progress at dose 3: one patient known without DLT, two pending
    const j = json(...BOIN, "--outcomes", "1NNN 2NNN 3N", "--pending", "3:10,3:12");
    expect(j.decision.action).toBe("wait");
    expect(j.cohortInProgress).toEqual({ dose: 3, known: 1, dlts: 0, pending: 2 });
    // n = 3 at dose 3 with 0, 1, 2 DLTs: escalate to 4, de-escalate to 2, de-escalate to 2
    expect(j.ifCompleted.map((o: { decision: { action: string; dose?: number } }) => [o.decision.action, o.decision.dose])).toEqual([
      ["treat", 4],
      ["treat", 2],
      ["treat", 2],
    ]);
    const t = run(...BOIN, "--outcomes", "1NNN 2NNN 3N", "--pending", "3:10,3:12").out;
    expect(t).toMatch(/^Next: wait until the 2 pending patients at dose 3 complete the 42-day DLT window/m);
    expect(t).toMatch(/with 0 DLTs among the 2 pending: treat 3 at dose 4 \(escalate\)/);
    expect(t).toMatch(/with 1 DLT among the 2 pending: treat 3 at dose 2 \(de-escalate\)/);
    expect(t).not.toMatch(/^Next: treat/m);
  });
  it("a cohort entirely pending: the last completed cohort at the same dose is not taken as its known part", () => {
    // "2NNN" is a whole cohort of 3: the 3 pending at dose 2 form a new one (n = 6 at dose 2)
    const j = json(...BOIN, "--outcomes", "1NNN 2NNN", "--pending", "2:1,2:2,2:3");
    expect(j.cohortInProgress).toEqual({ dose: 2, known: 0, dlts: 0, pending: 3 });
    // n = 6: 0 or 1 DLT (<= 0.1968 * 6 = 1.18) escalate; 2 DLTs (0.333) de-escalate
    expect(j.ifCompleted.map((o: { decision: { reason: string } }) => o.decision.reason)).toEqual(["escalate", "escalate", "de-escalate", "de-escalate"]);
  });
  it("pending at two doses for a waiting design: one line, exit 2", () => {
    const r = run(...BOIN, "--outcomes", "1NNN", "--pending", "2:1,3:2");
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
    expect(r.err.trim().split("\n")).toHaveLength(1);
    expect(r.err).toMatch(/--pending: patients pending at doses 2 and 3/);
  });
});

describe("next for a live backfill trial (BF-BOIN)", () => {
  it("backfilled data join the decision: the conflict rule pools a lower dose that calls for caution", () => {
    // escalation 0/3 at doses 1 and 2: escalate; with 2/3 backfilled at dose 1 (dose 1: 2/6, a
    // de-escalation), the pool of doses 1-2 is 2/9 = 0.222: stay at dose 2
    expect(json(...BF, "--outcomes", "1NNN 2NNN").decision.dose).toBe(3);
    const j = json(...BF, "--outcomes", "1NNN 2NNN", "--backfill", "1NTT", "--responses", "1");
    expect([j.decision.action, j.decision.dose, j.decision.reason]).toEqual(["treat", 2, "stay"]);
    expect(j.backfill.doses[0]).toEqual({ dose: 1, n: 3, y: 2, pending: 0 });
  });
  it("the backfill dose: the highest lower dose with a response, under the cap, not closed by toxicity", () => {
    // next cohort at dose 3 (escalate from 0/3 at dose 2); responses at doses 1 and 2: dose 2
    let j = json(...BF, "--outcomes", "1NNN 2NNN", "--responses", "1,2");
    expect([j.backfill.cohortDose, j.backfill.nextBackfillDose]).toEqual([3, 2]);
    // no response anywhere: none open
    j = json(...BF, "--outcomes", "1NNN 2NNN");
    expect(j.backfill.nextBackfillDose).toBeNull();
    expect(j.backfill.rule).toEqual(["dose 1: no response seen yet", "dose 2: no response seen yet"]);
    // dose 2 full: 3 escalation + 8 completed + 1 pending backfilled = 12 = cap; dose 1 is open
    j = json(...BF, "--outcomes", "1NNN 2NNN", "--backfill", "2NNNNNNNN", "--backfill-pending", "2:3", "--responses", "1,2");
    expect(j.backfill.nextBackfillDose).toBe(1);
    expect(j.backfill.rule[1]).toBe("dose 2: full (12 of 12 patients)");
  });
  it("toxicity closes a dose and every dose above it", () => {
    // cohort in progress at dose 3 (all pending); dose 1: 0/3 + backfill 3/3 = 3/6 (a
    // de-escalation at n = 6), pooled with dose 2 (0/3): 3/9 = 0.333, a de-escalation too
    const j = json(...BF, "--outcomes", "1NNN 2NNN", "--pending", "3:1,3:2,3:3", "--backfill", "1TTT", "--responses", "1,2");
    expect(j.decision.action).toBe("wait");
    expect(j.backfill.nextBackfillDose).toBeNull();
    expect(j.backfill.rule).toHaveLength(1);
    expect(j.backfill.rule[0]).toMatch(/^dose 1: closed, with every dose above it \(3\/6 DLTs, pooled with dose 2 3\/9/);
  });
  it("prints the answer in words", () => {
    const t = run(...BF, "--outcomes", "1NNN 2NNN", "--pending", "3:1,3:2,3:3", "--backfill", "1NN", "--responses", "1,2").out;
    expect(t).toMatch(/^Backfilled: dose 1: 0\/2$/m);
    expect(t).toMatch(/^Responses seen at: dose 1, dose 2$/m);
    expect(t).toMatch(/^Backfill: while the cohort at dose 3 is pending, an arriving patient is treated at dose 2 once 3 wait for the next cohort \(reserve\)$/m);
  });
  it("backfill flags on a design that does not backfill, or a bad dose: one line, exit 2", () => {
    for (const args of [
      [...BOIN, "--outcomes", "1NNN", "--backfill", "1NN"],
      [...BOIN, "--outcomes", "1NNN", "--responses", "1"],
      [...BF, "--outcomes", "1NNN", "--responses", "9"],
      [...BF, "--outcomes", "1NNN", "--backfill", "7NN"],
      [...BF, "--outcomes", "1NNN", "--backfill-pending", "1:99"],
    ]) {
      const r = run(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n"), r.err).toHaveLength(1);
    }
  });
});
