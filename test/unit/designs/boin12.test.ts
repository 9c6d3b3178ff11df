/**
 * BOIN12's decisions on hand-built states, and properties of whole simulated trials.
 *
 * The numbers in the comments are hand computations for φT = 0.25, φE = 0.3, u11 = 60,
 * u00 = 40: ū = 100·0.3·0.75 + 60·0.25·0.3 + 40·0.75·0.7 = 48, u_b = 48 + 52/2 = 74, so an
 * untried dose's desirability is Pr(Beta(1, 1) > 0.74) = 0.26. BOIN's λe = 0.1968 and
 * λd = 0.2984 (φ1 = 0.15, φ2 = 0.35): n = 3 escalates at 0 DLTs and de-escalates at 1; n = 6
 * at <= 1 and >= 2; n = 9 at <= 1 and >= 3. Desirabilities (scipy's beta.sf, in
 * fixtures/gen_boin12.py's definition): 3 patients, 0 DLTs, 1 response: x = 1.8,
 * Pr(Beta(2.8, 2.2) > 0.74) = 0.2147; 3/0/3: 0.7001; 9/2/5: 0.2076; 9/0/9: 0.9508.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { boin12, boin12Params, futile, tooToxic } from "../../../src/designs/boin12.js";
import { resolveParams } from "../../../src/config/params.js";
import { Action, REASONS, type Decision } from "../../../src/model/decision.js";
import { TrialState } from "../../../src/model/state.js";
import { streamFor } from "../../../src/random/stream.js";
import { binomialCdf, drawFromCdf } from "../../../src/random/binomial.js";
import { responseGivenDlt } from "../../../src/model/joint.js";
import { exactDesign } from "../../../src/engine/exact.js";
import { simulateDesign } from "../../../src/engine/simulate.js";
import { summarize } from "../../../src/report/summary.js";

const base = { target: 0.25, efficacyLow: 0.3 };
const build = (K: number, extra: Record<string, unknown> = {}) => boin12(resolveParams(boin12Params, { ...base, ...extra }, "(test)", "design"), K);

/** A state from rows [n, DLTs, responses, both] per dose and the current dose (0-based). */
function state(K: number, rows: number[][], current: number, memSlots = K, eliminatedFrom = K): TrialState {
  const s = new TrialState(K, memSlots);
  rows.forEach(([n, t, r, b], d) => {
    s.n[d] = n;
    s.y[d] = t;
    s.mem[d] = r;
    if (memSlots > K) s.mem[K + d] = b ?? 0;
  });
  s.current = current;
  s.eliminatedFrom = eliminatedFrom;
  s.escalationN = rows.reduce((a, r) => a + r[0], 0);
  s.cohorts = Math.ceil(s.escalationN / 3);
  return s;
}
const what = (d: Decision) => ({ action: d.action === Action.Treat ? "treat" : d.action === Action.Stop ? "stop" : "chance", dose: d.dose, reason: REASONS[d.reason], eliminateFrom: d.eliminateFrom });

describe("boin12.decide(state)", () => {
  const D = build(5);

  it("starts at the start dose with a cohort of 3", () => {
    expect(what(D.decide(new TrialState(5, 5)))).toEqual({ action: "treat", dose: 0, reason: "start", eliminateFrom: -1 });
    expect(build(5, { startDose: 2 }).decide(new TrialState(5, 5)).dose).toBe(1);
  });

  it("3/0/1 at dose 1: the untried dose 2 (0.26) beats dose 1 (0.2147): escalate", () => {
    expect(what(D.decide(state(5, [[3, 0, 1]], 0)))).toEqual({ action: "treat", dose: 1, reason: "escalate", eliminateFrom: -1 });
  });

  it("3/0/3 at dose 1: dose 1 (0.7001) beats the untried dose 2 (0.26): stay", () => {
    expect(what(D.decide(state(5, [[3, 0, 3]], 0)))).toEqual({ action: "treat", dose: 0, reason: "stay", eliminateFrom: -1 });
  });

  it("1 DLT of 3 at dose 2 (1/3 > λd): de-escalate to dose 1 whatever the desirabilities", () => {
    expect(what(D.decide(state(5, [[3, 0, 0], [3, 1, 3]], 1)))).toEqual({ action: "treat", dose: 0, reason: "de-escalate", eliminateFrom: -1 });
  });

  it("3 DLTs of 3 at dose 2 (Pr(πT > 0.25) = 0.996 > 0.95): eliminate doses 2-5 and de-escalate", () => {
    expect(what(D.decide(state(5, [[3, 0, 2], [3, 3, 3]], 1)))).toEqual({ action: "treat", dose: 0, reason: "de-escalate", eliminateFrom: 1 });
  });

  it("3 DLTs of 3 at dose 1: stop, no dose selected", () => {
    const s = state(5, [[3, 3, 3]], 0);
    expect(what(D.decide(s))).toEqual({ action: "stop", dose: -1, reason: "lowest-dose-too-toxic", eliminateFrom: 0 });
    expect(D.selectMtd(s)).toBe(-1);
  });

  it("a futile current dose (0 responses of 6: Pr(πE < 0.3) = 0.918 > 0.9) counts 0: escalate to the untried dose", () => {
    expect(futile({ ...base, u11: 60, u00: 40, cutoffTox: 0.95, cutoffEff: 0.9 }, 6, 0)).toBe(true);
    expect(what(D.decide(state(5, [[6, 0, 0]], 0)))).toEqual({ action: "treat", dose: 1, reason: "escalate", eliminateFrom: -1 });
  });

  it("every dose eliminated (dose 1 futile, dose 2 toxic): stop, no dose selected", () => {
    const s = state(2, [[6, 0, 0], [3, 3, 2]], 1);
    expect(what(build(2).decide(s))).toEqual({ action: "stop", dose: -1, reason: "all-eliminated", eliminateFrom: 1 });
    expect(build(2).selectMtd(s)).toBe(-1);
  });

  it("a tie in desirability goes to the higher dose (doses 1 and 2 both 9/2/5; dose 3 not admissible: 2 DLTs > 1 at n >= N*)", () => {
    expect(what(D.decide(state(5, [[9, 2, 5], [9, 2, 5], [3, 0, 2]], 1)))).toEqual({ action: "treat", dose: 1, reason: "stay", eliminateFrom: -1 });
  });

  it("dose exploration: 9/0/9 at dose 1 (0.9508) would stay, but with 9 patients and dose 2 untried, dose 2 is next", () => {
    expect(D.decide(state(5, [[9, 0, 9]], 0)).dose).toBe(1);
    expect(build(5, { nExplore: 12 }).decide(state(5, [[9, 0, 9]], 0)).dose).toBe(0);
  });

  it("at N* patients the dose above is admissible only within the escalation boundary (6/2/1 at dose 1: stay, not escalate)", () => {
    // 2 DLTs of 6 is >= the de-escalation count 2 at dose 1: stay at the lowest dose
    expect(what(D.decide(state(5, [[6, 2, 1]], 0)))).toEqual({ action: "treat", dose: 0, reason: "stay", eliminateFrom: -1 });
  });

  it("stops at the maximum sample size (max-n) and at nEarlyStop (early-stop), then selects the OBD", () => {
    const s = state(5, [[3, 0, 1], [3, 0, 2]], 1);
    expect(REASONS[build(5, { nCohorts: 2 }).decide(s).reason]).toBe("max-n");
    expect(REASONS[build(5, { nEarlyStop: 3 }).decide(s).reason]).toBe("early-stop");
    expect(build(5, { nCohorts: 2 }).selectMtd(s)).toBe(1);
  });

  it("with u11 + u00 != 100 it reads the DLT-and-response counts (two memory slots per dose)", () => {
    const E = build(3, { u11: 0, u00: 40 });
    expect(E.memSlots).toBe(6);
    expect(E.jointOutcomes).toEqual({ slot: 0, both: true });
    expect(D.jointOutcomes).toEqual({ slot: 0, both: false });
    // u11 = 0: a responder with a DLT is worth nothing. MTD dose 2; dose 1 (3, 0, 1): x = 1.8, utility 2.8/5 = 0.56;
    // dose 2 (6, 1, 3) with b = 0: x = 3.8, 4.8/8 = 0.6 (selected); with b = 1: x = 3.2, 4.2/8 = 0.525 (dose 1 selected)
    const a = state(3, [[3, 0, 1, 0], [6, 1, 3, 0]], 1, 6);
    const b = state(3, [[3, 0, 1, 0], [6, 1, 3, 1]], 1, 6);
    expect(E.selectMtd(a)).toBe(1);
    expect(E.selectMtd(b)).toBe(0);
  });
});

describe("boin12 OBD selection", () => {
  it("picks the best posterior mean utility at or below the isotonic MTD", () => {
    // isotonic DLT estimates about 0.01, 0.16, 0.50: MTD dose 2; utilities (1 + x)/(2 + n): dose 1 (9, 0, 3): x = 4.8 -> 0.527,
    // dose 2 (6, 1, 5): x = 5 -> 0.75; dose 3 above the MTD is not considered even with responses
    const s = state(5, [[9, 0, 3], [6, 1, 5], [6, 3, 6]], 1);
    expect(build(5).selectMtd(s)).toBe(1);
  });
});

/** One trial of `design` with joint outcomes drawn from `u`, checking each decision. */
function trial(K: number, design: ReturnType<typeof build>, truth: number[], resp: number[], u: () => number): { violations: string[]; selected: number; state: TrialState } {
  const s = new TrialState(K, design.memSlots);
  s.reset(design.startDose);
  const p = { ...base, u11: 60, u00: 40, cutoffTox: 0.95, cutoffEff: 0.9 };
  const violations: string[] = [];
  for (let c = 0; c < 200; c++) {
    const dec = design.decide(s);
    if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
    if (dec.action !== Action.Treat) break;
    const d = dec.dose;
    // never a dose eliminated for toxicity (by the data at it or below) or futile by its data
    for (let j = 0; j <= d; j++) if (s.n[j] > 0 && tooToxic(p, s.n[j], s.y[j])) violations.push(`treat at ${d} with dose ${j} too toxic`);
    if (s.n[d] > 0 && futile(p, s.n[d], s.mem[d])) violations.push(`treat at futile dose ${d}`);
    // a move of more than one dose passes only doses futile by their data
    if (s.escalationN > 0) {
      for (let j = Math.min(d, s.current) + 1; j < Math.max(d, s.current); j++) {
        if (!(s.n[j] > 0 && futile(p, s.n[j], s.mem[j]))) violations.push(`moved from ${s.current} to ${d} over dose ${j}, which is not futile`);
      }
    }
    const k = drawFromCdf(u(), binomialCdf(dec.size, truth[d]));
    const g = responseGivenDlt(truth[d], resp[d], { model: "independent", value: 0 });
    let r = 0;
    for (let i = 0; i < dec.size; i++) if (u() < (i < k ? g.withDlt : g.withoutDlt)) r++;
    s.mem[d] += r;
    s.addCohort(d, dec.size, k, false);
  }
  const selected = design.selectMtd(s);
  if (selected >= 0) {
    if (s.n[selected] === 0) violations.push(`selected untried dose ${selected}`);
    if (selected >= s.eliminatedFrom) violations.push(`selected eliminated dose ${selected}`);
    for (let j = 0; j <= selected; j++) if (s.n[j] > 0 && tooToxic(p, s.n[j], s.y[j])) violations.push(`selected ${selected} with dose ${j} too toxic`);
    if (futile(p, s.n[selected], s.mem[selected])) violations.push(`selected futile dose ${selected}`);
  }
  return { violations, selected, state: s };
}

describe("boin12 whole trials (fast-check)", () => {
  const curve = (K: number) => fc.array(fc.double({ min: 0, max: 0.9, noNaN: true }), { minLength: K, maxLength: K });

  it("never treats or recommends a dose eliminated for toxicity or futility, never skips an admissible dose (seed 12, 60 curves × 20 trials)", () => {
    const D = build(4);
    fc.assert(
      fc.property(curve(4), curve(4), fc.integer({ min: 0, max: 1e6 }), (tox, resp, block) => {
        const truth = [...tox].sort((a, b) => a - b);
        const u = streamFor("boin12-prop", block);
        for (let t = 0; t < 20; t++) expect(trial(4, D, truth, resp, u).violations).toEqual([]);
      }),
      { seed: 12, numRuns: 60 },
    );
  });

  it("with efficacy ignored (φE near 0, every response rate 1: no futility) the recommended dose is never eliminated (seed 13)", () => {
    const D = build(4, { efficacyLow: 0.001 });
    fc.assert(
      fc.property(curve(4), fc.integer({ min: 0, max: 1e6 }), (tox, block) => {
        const truth = [...tox].sort((a, b) => a - b);
        const u = streamFor("boin12-noeff", block);
        for (let t = 0; t < 20; t++) {
          const { violations, selected, state } = trial(4, D, truth, [1, 1, 1, 1], u);
          expect(violations).toEqual([]);
          if (selected >= 0) expect(selected).toBeLessThan(state.eliminatedFrom);
        }
      }),
      { seed: 13, numRuns: 60 },
    );
  });
});

describe("boin12 Monte Carlo agrees with exact enumeration", () => {
  it("3 doses, 4 cohorts of 3, odds-ratio association 2: selection within 4 binomial SEs, patients and DLTs within 4 SEs (20,000 trials)", () => {
    const D = build(3, { nCohorts: 4 });
    const curves = [
      { truth: [0.05, 0.2, 0.45], response: [0.2, 0.5, 0.6], association: { model: "odds-ratio" as const, value: 2 }, trueMtd: 1 },
      { truth: [0.1, 0.15, 0.25], response: [0.1, 0.15, 0.6], trueMtd: 2 },
    ];
    const ex = exactDesign(D, curves);
    const trials = 20_000;
    curves.forEach((cv, i) => {
      const e = summarize(ex.accs[i], ex.layout, { name: "", truth: cv.truth, trueMtd: cv.trueMtd, metricNames: [], method: "exact" });
      const { acc, runner } = simulateDesign(D, cv, { trials, seed: `boin12-mc-${i}` });
      const m = summarize(acc, runner.layout, { name: "", truth: cv.truth, trueMtd: cv.trueMtd, metricNames: [], method: "monte-carlo" });
      const tol = (p: number) => 4 * Math.sqrt((p * (1 - p)) / trials) + 1 / trials;
      e.selection.forEach((p, j) => expect(Math.abs(m.selection[j] - p), `curve ${i} dose ${j}`).toBeLessThanOrEqual(tol(p)));
      expect(Math.abs(m.noMtd - e.noMtd)).toBeLessThanOrEqual(tol(e.noMtd));
      e.patients.forEach((x, j) => expect(Math.abs(m.patients[j] - x)).toBeLessThanOrEqual(4 * m.patientsSE[j] + 1e-9));
      e.dlts.forEach((x, j) => expect(Math.abs(m.dlts[j] - x)).toBeLessThanOrEqual(4 * m.dltsSE[j] + 1e-9));
      // the selection is not degenerate: the test can fail
      expect(Math.max(...e.selection)).toBeLessThan(0.95);
    });
  });

  it("the exact engine's probabilities depend on the response rates (raising dose 3's response raises its selection)", () => {
    const D = build(3, { nCohorts: 4 });
    const lo = exactDesign(D, [{ truth: [0.05, 0.1, 0.15], response: [0.3, 0.3, 0.3], trueMtd: 2 }]);
    const hi = exactDesign(D, [{ truth: [0.05, 0.1, 0.15], response: [0.3, 0.3, 0.8], trueMtd: 2 }]);
    const sel = (r: typeof lo) => summarize(r.accs[0], r.layout, { name: "", truth: [0.05, 0.1, 0.15], trueMtd: 2, metricNames: [], method: "exact" }).selection[2];
    expect(sel(hi)).toBeGreaterThan(sel(lo) + 0.1);
  });

  it("refuses a curve without response rates", () => {
    expect(() => simulateDesign(build(3), { truth: [0.1, 0.2, 0.3], trueMtd: 1 }, { trials: 10, seed: "x" })).toThrow(/response rate/);
    expect(() => exactDesign(build(3, { nCohorts: 2 }), [{ truth: [0.1, 0.2, 0.3], trueMtd: 1 }])).toThrow(/response rate/);
  });
});
