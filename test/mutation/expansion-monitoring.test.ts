/**
 * Expansion toxicity monitoring pinned by independent Beta tail probabilities
 * (test/reference/fixtures/expansion-monitoring.json: scipy.stats.beta.sf, cross-checked with
 * mpmath), for several toxLimit / cutoff / priorA / priorB / monitorData settings, and by the
 * closed form Pr(p > L | Beta(α, β)) = P(Binomial(α + β − 1, L) <= α − 1) for integer α, β.
 * Escalation: a 3+3 on 4 doses, "1NNN 2NTN 2NNN 3TTN" (MTD = dose 2 with 1/6, dose 3 too toxic).
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { posteriorExceeds } from "../../src/select/beta-tail.js";
import type { Design } from "../../src/designs/design.js";
import { designOf, say } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";

interface Case {
  toxLimit: number;
  cutoff: number;
  priorA: number;
  priorB: number;
  monitorData: "all" | "expansion";
  en: number;
  ey: number;
  n: number;
  y: number;
  posterior: number;
  fires: boolean;
}
const fx = fixture<{ cases: Case[]; escalation: { n: number; y: number } }>("expansion-monitoring.json");
const HISTORY = "1NNN 2NTN 2NNN 3TTN";

/** P(Binomial(m, p) <= k), by direct summation. */
function binomCdf(k: number, m: number, p: number): number {
  let term = (1 - p) ** m;
  let sum = 0;
  for (let j = 0; j <= k; j++) {
    sum += term;
    term *= ((m - j) / (j + 1)) * (p / (1 - p));
  }
  return sum;
}

function monitored(c: Pick<Case, "toxLimit" | "cutoff" | "priorA" | "priorB" | "monitorData">, extra: Record<string, unknown> = {}): Design {
  const { toxLimit, cutoff, priorA, priorB, monitorData } = c;
  return designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 9, cohortSize: 3, monitor: true, toxLimit, cutoff, priorA, priorB, monitorData, ...extra }]);
}

/** The state after escalation, the first expansion decision carried out, and (en, ey) expansion data at dose 2. */
function expanded(design: Design, en: number, ey: number) {
  const s = stateOf(HISTORY, 4, design.memSlots);
  const first = design.decide(s);
  expect(say(first)).toBe("treat 3 at 2 (expansion)");
  s.mem[first.writeSlot] = first.writeValue;
  if (en > 0) s.addCohort(1, en, ey, true);
  return s;
}

describe("expansion monitoring against independent Beta tails", () => {
  it("the fixture's tails agree with posteriorExceeds and, for integer priors, with the binomial closed form", () => {
    for (const c of fx.cases) {
      expect(Math.abs(posteriorExceeds(c.y, c.n, c.toxLimit, c.priorA, c.priorB) - c.posterior)).toBeLessThan(1e-10);
      if (Number.isInteger(c.priorA) && Number.isInteger(c.priorB)) {
        const a = c.priorA + c.y;
        const b = c.priorB + c.n - c.y;
        expect(Math.abs(binomCdf(a - 1, a + b - 1, c.toxLimit) - c.posterior)).toBeLessThan(1e-12);
      }
    }
  });

  for (const c of fx.cases) {
    const label = `toxLimit ${c.toxLimit}, cutoff ${c.cutoff}, Beta(${c.priorA}, ${c.priorB}), ${c.monitorData}: ${c.ey}/${c.en} in expansion → Pr = ${c.posterior.toFixed(4)} ${c.fires ? ">" : "<="} cutoff`;
    it(label, () => {
      const design = monitored(c);
      const s = expanded(design, c.en, c.ey);
      const out = new Float64Array(design.metrics.length);
      design.measure(s, out, 0);
      const m = (name: string) => out[design.metrics.indexOf(name)];
      expect(m("expansionStarted")).toBe(1);
      expect(m("escalationMtd2")).toBe(1);
      expect(m("expansionStopped2")).toBe(c.fires ? 1 : 0);
      expect(m("expansionStopped1")).toBe(0);
      // a stopped dose is not recommended: the dose below it is
      expect(design.selectMtd(s)).toBe(c.fires ? 0 : 1);
      // a stopped dose stops expanding (the trial ends with escalation's reason); otherwise 3 more until 9
      expect(say(design.decide(s))).toBe(c.fires ? "stop: dose-too-toxic" : "treat 3 at 2 (expansion)");
    });
  }

  it("without monitoring nothing stops, whatever the data", () => {
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 9, cohortSize: 3 }]);
    const s = expanded(design, 6, 6);
    expect(design.selectMtd(s)).toBe(1);
    expect(say(design.decide(s))).toBe("treat 3 at 2 (expansion)");
    s.addCohort(1, 3, 3, true);
    expect(say(design.decide(s))).toBe("stop: dose-too-toxic");
    expect(design.selectMtd(s)).toBe(1);
  });

  it("a full expansion (9 of 9) that was not stopped ends with escalation's reason and keeps the MTD", () => {
    const c = fx.cases.find((k) => k.monitorData === "expansion" && k.en === 6 && !k.fires)!;
    const design = monitored(c);
    const s = expanded(design, 6, c.ey);
    s.addCohort(1, 3, 0, true);
    expect(say(design.decide(s))).toBe("stop: dose-too-toxic");
    expect(design.selectMtd(s)).toBe(1);
  });

  it("defaults: toxLimit 0.3, cutoff 0.8, Beta(1, 1), pooled data", () => {
    // 3/6 in expansion + 1/6 in escalation = 4/12: Pr(p > 0.3 | Beta(5, 9)) = P(Bin(13, 0.3) <= 4)
    const pooled = binomCdf(4, 13, 0.3);
    // 4/6 + 1/6 = 5/12: Pr(p > 0.3 | Beta(6, 8)) = P(Bin(13, 0.3) <= 5)
    const more = binomCdf(5, 13, 0.3);
    expect(pooled).toBeLessThan(0.8);
    expect(more).toBeGreaterThan(0.8);
    const design = designOf({ type: "a-plus-b" }, 4, [{ type: "expansion", patients: 9, cohortSize: 3, monitor: true }]);
    expect(design.selectMtd(expanded(design, 6, 3))).toBe(1);
    expect(design.selectMtd(expanded(design, 6, 4))).toBe(0);
  });

  it("split expansion: a stopped MTD hands the recommendation to the dose below; both stopped give the dose below that", () => {
    // expansion-only data, Beta(1, 1), toxLimit 0.25, cutoff 0.7: 2/3 fires (Pr = P(Bin(4, .25) <= 2) = 0.949), 0/3 does not (0.316)
    expect(binomCdf(2, 4, 0.25)).toBeGreaterThan(0.7);
    expect(binomCdf(0, 4, 0.25)).toBeLessThan(0.7);
    const design = designOf({ type: "a-plus-b" }, 4, [
      { type: "expansion", patients: 6, cohortSize: 3, split: "mtd-and-lower", monitor: true, toxLimit: 0.25, cutoff: 0.7, monitorData: "expansion" },
    ]);
    const s = stateOf(HISTORY, 4, design.memSlots);
    const first = design.decide(s);
    expect(say(first)).toBe("treat 3 at 2 (expansion)");
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(1, 3, 2, true);
    // the MTD is stopped: the lower dose has had no expansion patient yet and takes over
    expect(design.selectMtd(s)).toBe(0);
    expect(say(design.decide(s))).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(design.selectMtd(s)).toBe(0);
    expect(say(design.decide(s))).toBe("stop: dose-too-toxic");
    const both = stateOf(HISTORY, 4, design.memSlots);
    both.mem[first.writeSlot] = first.writeValue;
    both.addCohort(1, 3, 2, true);
    both.addCohort(0, 3, 2, true);
    expect(design.selectMtd(both)).toBe(-1);
    const out = new Float64Array(design.metrics.length);
    design.measure(both, out, 0);
    expect(out[design.metrics.indexOf("expansionStopped1")]).toBe(1);
    expect(out[design.metrics.indexOf("expansionStopped2")]).toBe(1);
  });
});
