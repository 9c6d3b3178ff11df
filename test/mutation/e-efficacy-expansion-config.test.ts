/**
 * The efficacy-expansion modifier's parameters resolved into its config, field by field: the
 * defaults as declared, each monitoring rule's branch, Simon stages taken from the independent
 * search of test/reference/fixtures/simon.json (Simon 1989, Table 1), pooling switched off under a
 * Simon rule, the toxicity data choice, and every refusal with the file and field it names.
 */
import { describe, expect, it } from "vitest";
import { resolveEfficacyExpansion } from "../../src/designs/modifiers/efficacy-expansion.js";
import { fixture } from "../helpers/fixtures.js";

interface Stage { r1: number; n1: number; r: number; n: number }
const simon = fixture("simon.json") as { cases: { p0: number; p1: number; alpha: number; power: number; optimal: Stage; minimax: Stage }[] };
const case20 = simon.cases.find((c) => c.p0 === 0.2 && c.p1 === 0.4 && c.alpha === 0.05 && c.power === 0.8)!;

describe("resolveEfficacyExpansion", () => {
  it("the defaults: futility looks, pooled escalation and toxicity data, lowest-within-delta", () => {
    expect(resolveEfficacyExpansion({}, "d.json", "m")).toEqual({
      doses: "mtd",
      allocation: "sequential",
      patientsPerDose: 20,
      poolEscalation: true,
      efficacy: { rule: "futility", p0: 0.2, cutoff: 0.1, priorA: 0.5, priorB: 0.5, minPatients: 6, every: 3 },
      toxicity: { monitor: true, limit: 0.3, cutoff: 0.8, priorA: 1, priorB: 1, every: 3, pooled: true },
      finalRule: "lowest-within-delta",
      optimalRule: "lowest-within-delta",
      weights: [0.6, 0, 1, 0.4],
      delta: 0.1,
      responsePriorA: 0.5,
      responsePriorB: 0.5,
    });
  });

  it("optimalRule: the final rule by default (final-rule), or the rule given", () => {
    expect(resolveEfficacyExpansion({ finalRule: "best-utility" }, "d.json", "m").optimalRule).toBe("best-utility");
    expect(resolveEfficacyExpansion({ finalRule: "highest-safe", optimalRule: "lowest-within-delta" }, "d.json", "m").optimalRule).toBe("lowest-within-delta");
    expect(resolveEfficacyExpansion({ finalRule: "highest-safe", optimalRule: "final-rule" }, "d.json", "m").optimalRule).toBe("highest-safe");
    expect(() => resolveEfficacyExpansion({ optimalRule: "best" }, "d.json", "m")).toThrow(/d\.json: m\.optimalRule/);
  });

  it("no efficacy rule, expansion-only toxicity data", () => {
    const c = resolveEfficacyExpansion({ efficacyRule: "none", toxData: "expansion", minPatients: 30, patientsPerDose: 10 }, "d.json", "m");
    expect(c.efficacy).toEqual({ rule: "none" });
    expect(c.toxicity.pooled).toBe(false);
    expect(c.poolEscalation).toBe(true);
  });

  it("a first futility look at exactly patientsPerDose is allowed, one patient later is refused", () => {
    expect(resolveEfficacyExpansion({ minPatients: 10, patientsPerDose: 10 }, "d.json", "m").efficacy).toMatchObject({ rule: "futility", minPatients: 10 });
    expect(() => resolveEfficacyExpansion({ minPatients: 11, patientsPerDose: 10 }, "d.json", "m")).toThrow("d.json: m.minPatients: 11 is more than patientsPerDose (10)");
  });

  it("Simon stages are the optimal or minimax design of the search (Simon 1989, Table 1), and pooling is off", () => {
    const base = { efficacyRule: "simon", p0: 0.2, p1: 0.4, alpha: 0.05, power: 0.8, poolEscalation: true };
    const opt = resolveEfficacyExpansion(base, "d.json", "m");
    expect(opt.efficacy).toEqual({ rule: "simon", n1: case20.optimal.n1, r1: case20.optimal.r1, n: case20.optimal.n, r: case20.optimal.r });
    expect(opt.poolEscalation).toBe(false);
    const mm = resolveEfficacyExpansion({ ...base, simonKind: "minimax" }, "d.json", "m");
    expect(mm.efficacy).toEqual({ rule: "simon", n1: case20.minimax.n1, r1: case20.minimax.r1, n: case20.minimax.n, r: case20.minimax.r });
  });

  it("Simon: p1 equal to p0 is refused, and so is a pair with no design of n <= 100", () => {
    expect(() => resolveEfficacyExpansion({ efficacyRule: "simon", p0: 0.3, p1: 0.3 }, "d.json", "m")).toThrow("d.json: m.p1: must exceed p0 (0.3), got 0.3");
    expect(() => resolveEfficacyExpansion({ efficacyRule: "simon", p0: 0.3, p1: 0.32 }, "d.json", "m")).toThrow("d.json: m.p1: no Simon design with n <= 100 for p0 = 0.3, p1 = 0.32, alpha = 0.05, power = 0.8");
  });
});
