/** `doseladder simon` and `doseladder futility` through the compiled CLI: the numbers of the independent fixtures, one-line failures. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import fixture from "../reference/fixtures/simon.json" with { type: "json" };

const cli = (...args: string[]) => {
  const r = spawnSync(process.execPath, ["dist/src/cli/main.js", "simon", ...args], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe("doseladder simon", () => {
  it("prints, as JSON and CSV, the designs of the independent search", () => {
    const c = fixture.cases[1]; // p0 0.1, p1 0.3
    const r = cli("--p0", String(c.p0), "--p1", String(c.p1), "--format", "json");
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out);
    for (const which of ["optimal", "minimax"] as const)
      for (const k of ["r1", "n1", "r", "n"] as const) expect(got[which][k]).toBe(c[which][k]);
    const csv = cli("--p0", "0.1", "--p1", "0.3", "--format", "csv").out.trim().split("\n");
    expect(csv[0]).toBe("design,p0,p1,alphaTarget,powerTarget,r1,n1,r,n,en0,pet0,en1,pet1,alpha,power");
    expect(csv[1].split(",").slice(0, 9)).toEqual(["optimal", "0.1", "0.3", "0.05", "0.8", "1", "10", "5", "29"]);
    const text = cli("--p0", "0.1", "--p1", "0.3").out;
    expect(text).toMatch(/^optimal +1\/10 +5\/29 +15\.01 +0\.736/m);
    expect(text).toMatch(/^minimax +1\/15 +5\/25 +19\.51 +0\.549/m);
  });
  it("bad input: one line, exit 2, nothing on stdout", () => {
    for (const args of [
      ["--p0", "0.3", "--p1", "0.2"],
      ["--p0", "0", "--p1", "0.2"],
      ["--p0", "0.1", "--p1", "0.3", "--nmax", "1000"],
      ["--p0", "0.1", "--p1", "0.3", "--nmax", "20"],
      ["--p0", "0.1", "--p1", "0.3", "--alpha", "1.5"],
    ]) {
      const r = cli(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("doseladder futility", () => {
  const fut = (...args: string[]) => {
    const r = spawnSync(process.execPath, ["dist/src/cli/main.js", "futility", ...args], { encoding: "utf8", timeout: 30_000 });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  it("prints the boundaries and exact stopping probabilities of the independent enumeration", async () => {
    const { default: fx } = await import("../reference/fixtures/futility.json", { with: { type: "json" } });
    const c = fx.cases[0];
    const r = fut("--p0", String(c.p0), "--cutoff", String(c.cutoff), "--looks", c.looks.join(","), "--rates", c.rates.join(","), "--format", "json");
    expect(r.code, r.err).toBe(0);
    const got = JSON.parse(r.out);
    got.oc.forEach((o: { looks: { boundary: number; pStop: number }[]; expectedN: number }, i: number) => {
      expect(o.looks.map((l) => l.boundary)).toEqual(c.oc[i].boundaries);
      o.looks.forEach((l, k) => expect(l.pStop).toBeCloseTo(c.oc[i].pStop[k], 12));
      expect(o.expectedN).toBeCloseTo(c.oc[i].expectedN, 10);
    });
    expect(fut("--p0", "0.2", "--cutoff", "0.1", "--looks", "5,10,15,20").out).toMatch(/^ +2 +10 +0 +0\.1074$/m);
  });
  it("bad input: one line, exit 2, nothing on stdout", () => {
    for (const args of [
      ["--p0", "0.2", "--cutoff", "0.1", "--looks", "5,3"],
      ["--p0", "1.2", "--cutoff", "0.1", "--looks", "5"],
      ["--p0", "0.2", "--cutoff", "0.1", "--looks", "5", "--prior", "1"],
      ["--p0", "0.2", "--cutoff", "0.1", "--looks", "5", "--rates", "0.2,x"],
    ]) {
      const r = fut(...args);
      expect(r.code, args.join(" ")).toBe(2);
      expect(r.out).toBe("");
      expect(r.err.trim().split("\n")).toHaveLength(1);
    }
  });
});
