/**
 * summarize(): every mean, proportion, standard error and SD pinned by its formula, computed here
 * from the raw per-trial values of a small hand-made set of trials (two-pass variance), never from
 * the code's own SE. Monte Carlo SE of a mean: sqrt(Σ(x − x̄)² / w) / sqrt(w); of a proportion:
 * sqrt(p(1 − p) / w); exact results carry SE 0 but keep the SD.
 */
import { describe, expect, it } from "vitest";
import { addTrial, layout } from "../../src/engine/accumulator.js";
import { summarize, type Method } from "../../src/report/summary.js";
import { reasonIndex, type Reason } from "../../src/model/decision.js";
import { stateOf } from "../../src/model/outcomes.js";
import { NO_ACCEPTABLE_DOSE } from "../../src/model/truth.js";

const K = 3;
interface Trial {
  outcomes: string;
  expansion?: [dose: number, n: number, y: number];
  selected: number;
  reason: Reason;
  metric: number;
}
const trials: Trial[] = [
  { outcomes: "1NNN 2NTN 2NNN 3TTN", selected: 1, reason: "dose-too-toxic", metric: 1 },
  { outcomes: "1NNN 2NNN 3NNN", selected: 2, reason: "top-dose-passed", metric: 0 },
  { outcomes: "1TTN", selected: -1, reason: "lowest-dose-too-toxic", metric: 0 },
  { outcomes: "1NNN 2TTT", expansion: [0, 6, 2], selected: 0, reason: "dose-too-toxic", metric: 2 },
  { outcomes: "1NTN 1NNN 2NTN 2NTN", selected: 0, reason: "dose-too-toxic", metric: 0.5 },
];
const truth = [0.1, 0.25, 0.4];

// maxN 12 is the largest total here: the histogram's last bin is used
function accumulate(list: readonly Trial[], trueMtd: number, weights: readonly number[], maxN = 12, completeInformation = false) {
  const L = layout(K, maxN, 1, true, completeInformation);
  const acc = new Float64Array(L.length);
  list.forEach((t, i) => {
    const s = stateOf(t.outcomes, K, 0);
    if (t.expansion) s.addCohort(t.expansion[0], t.expansion[1], t.expansion[2], true);
    addTrial(acc, L, s, t.selected, reasonIndex(t.reason), trueMtd, Float64Array.of(t.metric), weights[i]);
  });
  return { acc, L };
}

/** Per-trial raw values, computed from the outcome strings alone. */
function raw(t: Trial) {
  const n = [0, 0, 0];
  const y = [0, 0, 0];
  const en = [0, 0, 0];
  const ey = [0, 0, 0];
  for (const c of t.outcomes.split(" ")) {
    const d = Number(c[0]) - 1;
    n[d] += c.length - 1;
    y[d] += [...c.slice(1)].filter((ch) => ch === "T").length;
  }
  if (t.expansion) {
    en[t.expansion[0]] += t.expansion[1];
    ey[t.expansion[0]] += t.expansion[2];
  }
  const total = n.reduce((a, b) => a + b) + en.reduce((a, b) => a + b);
  const dlts = y.reduce((a, b) => a + b) + ey.reduce((a, b) => a + b);
  return { n, y, en, ey, total, dlts, esc: n.reduce((a, b) => a + b) };
}
const mean = (xs: number[], ws: number[]) => xs.reduce((s, x, i) => s + ws[i] * x, 0) / ws.reduce((a, b) => a + b);
const sd = (xs: number[], ws: number[]) => {
  const m = mean(xs, ws);
  return Math.sqrt(xs.reduce((s, x, i) => s + ws[i] * (x - m) ** 2, 0) / ws.reduce((a, b) => a + b));
};

function check(method: Method, trueMtd: number, weights: number[]) {
  const { acc, L } = accumulate(trials, trueMtd, weights);
  const r = summarize(acc, L, { name: "hand", truth, trueMtd, metricNames: ["m"], method });
  const w = weights.reduce((a, b) => a + b);
  const mc = method === "monte-carlo";
  const rs = trials.map(raw);
  const propSE = (p: number) => (mc ? Math.sqrt((p * (1 - p)) / w) : 0);
  const meanSE = (xs: number[]) => (mc ? sd(xs, weights) / Math.sqrt(w) : 0);
  const close = (a: number | null, b: number, label: string) => expect(Math.abs((a as number) - b), `${label}: ${a} vs ${b}`).toBeLessThan(1e-12);

  expect(r.name).toBe("hand");
  expect(r.truth).toEqual(truth);
  for (let d = 0; d < K; d++) {
    const p = mean(trials.map((t) => (t.selected === d ? 1 : 0)), weights);
    close(r.selection[d], p, `selection ${d}`);
    close(r.selectionSE[d], propSE(p), `selectionSE ${d}`);
    close(r.patients[d], mean(rs.map((x) => x.n[d]), weights), `patients ${d}`);
    close(r.patientsSE[d], meanSE(rs.map((x) => x.n[d])), `patientsSE ${d}`);
    close(r.dlts[d], mean(rs.map((x) => x.y[d]), weights), `dlts ${d}`);
    close(r.dltsSE[d], meanSE(rs.map((x) => x.y[d])), `dltsSE ${d}`);
    close(r.expansionPatients[d], mean(rs.map((x) => x.en[d]), weights), `expansionPatients ${d}`);
    close(r.expansionDlts[d], mean(rs.map((x) => x.ey[d]), weights), `expansionDlts ${d}`);
  }
  const none = mean(trials.map((t) => (t.selected < 0 ? 1 : 0)), weights);
  close(r.noMtd, none, "noMtd");
  close(r.noMtdSE, propSE(none), "noMtdSE");
  close(r.sampleSize, mean(rs.map((x) => x.total), weights), "sampleSize");
  close(r.sampleSizeSE, meanSE(rs.map((x) => x.total)), "sampleSizeSE");
  close(r.sampleSizeSD, sd(rs.map((x) => x.total), weights), "sampleSizeSD");
  close(r.escalationSize, mean(rs.map((x) => x.esc), weights), "escalationSize");
  close(r.totalDlts, mean(rs.map((x) => x.dlts), weights), "totalDlts");
  close(r.totalDltsSE, meanSE(rs.map((x) => x.dlts)), "totalDltsSE");
  close(r.metrics.m, mean(trials.map((t) => t.metric), weights), "metric");
  // the sample-size distribution lists each size that occurs, in increasing n
  const sizes = [...new Set(rs.map((x) => x.total))].sort((a, b) => a - b);
  expect(r.sampleSizeDistribution.map((e) => e.n)).toEqual(sizes);
  sizes.forEach((n, i) => close(r.sampleSizeDistribution[i].p, mean(rs.map((x) => (x.total === n ? 1 : 0)), weights), `P(N = ${n})`));
  const reasons = [...new Set(trials.map((t) => t.reason))].sort();
  expect(Object.keys(r.stopReasons).sort()).toEqual(reasons);
  for (const reason of reasons) close(r.stopReasons[reason], mean(trials.map((t) => (t.reason === reason ? 1 : 0)), weights), reason);
  return { r, rs, w, propSE };
}

describe("summarize: means, proportions, SEs and SDs by their formulas", () => {
  it("Monte Carlo, unit weights, true MTD dose 2", () => {
    const { r, rs, propSE } = check("monte-carlo", 1, [1, 1, 1, 1, 1]);
    expect(r.trueMtd).toBe(2);
    const ones = [1, 1, 1, 1, 1];
    const pcs = mean(trials.map((t) => (t.selected === 1 ? 1 : 0)), ones);
    expect(r.correctSelection).toBeCloseTo(pcs, 12);
    expect(r.correctSelectionSE).toBeCloseTo(propSE(pcs), 12);
    const above = rs.map((x) => x.n[2] + x.en[2]);
    expect(r.patientsAboveMtd).toBeCloseTo(mean(above, ones), 12);
    expect(r.shareAboveMtd).toBeCloseTo(mean(above, ones) / mean(rs.map((x) => x.total), ones), 12);
    // non-trivial numbers (so that a formula that returns 0 cannot pass)
    expect(r.patientsSE[0]).toBeGreaterThan(0.5);
    expect(r.selectionSE[0]).toBeGreaterThan(0.2);
  });

  it("Monte Carlo with integer weights (merged blocks) equals the same trials repeated", () => {
    const { r } = check("monte-carlo", 0, [2, 1, 3, 1, 2]);
    expect(r.trueMtd).toBe(1);
  });

  it("exact: probabilities as weights, every SE 0, the SD kept", () => {
    const { r, rs } = check("exact", 2, [0.1, 0.2, 0.3, 0.15, 0.25]);
    expect(r.trueMtd).toBe(3);
    expect(r.sampleSizeSD).toBeGreaterThan(1);
    expect(r.sampleSizeSE).toBe(0);
    expect(r.correctSelectionSE).toBe(0);
    expect(rs.length).toBe(5);
  });

  it("no acceptable dose: correct selection is no MTD; every patient is above the MTD", () => {
    const { r, rs, propSE } = check("monte-carlo", NO_ACCEPTABLE_DOSE, [1, 1, 1, 1, 1]);
    expect(r.trueMtd).toBe(0);
    expect(r.correctSelection).toBeCloseTo(0.2, 12);
    expect(r.correctSelectionSE).toBeCloseTo(propSE(0.2), 12);
    expect(r.patientsAboveMtd).toBeCloseTo(mean(rs.map((x) => x.total), [1, 1, 1, 1, 1]), 12);
    expect(r.shareAboveMtd).toBeCloseTo(1, 12);
  });

  it("no target: no true MTD, no correct selection, no patients above", () => {
    const { r } = check("monte-carlo", -1, [1, 1, 1, 1, 1]);
    expect(r.trueMtd).toBeNull();
    expect(r.correctSelection).toBeNull();
    expect(r.correctSelectionSE).toBeNull();
    expect(r.patientsAboveMtd).toBeNull();
    expect(r.shareAboveMtd).toBeNull();
  });

  it("a single Monte Carlo trial has SE 0 everywhere (no spread to estimate)", () => {
    const { acc, L } = accumulate(trials.slice(0, 1), 1, [1]);
    const r = summarize(acc, L, { name: "one", truth, trueMtd: 1, metricNames: ["m"], method: "monte-carlo" });
    expect(r.patientsSE).toEqual([0, 0, 0]);
    expect(r.sampleSizeSE).toBe(0);
    expect(r.totalDltsSE).toBe(0);
    expect(r.selectionSE).toEqual([0, 0, 0]);
    expect(r.sampleSizeSD).toBe(0);
  });

  it("complete-information pseudo-designs report no patients above the MTD; zero patients give a share of 0", () => {
    const L = layout(K, 10, 0, true, true);
    const acc = new Float64Array(L.length);
    addTrial(acc, L, stateOf("1NNN", K, 0), 0, reasonIndex("max-n"), 0, new Float64Array(0), 1);
    const r = summarize(acc, L, { name: "ci", truth, trueMtd: 0, metricNames: [], method: "monte-carlo" });
    expect(r.patientsAboveMtd).toBeNull();
    expect(r.shareAboveMtd).toBeNull();
    const L2 = layout(K, 10, 0, true, false);
    const empty = new Float64Array(L2.length);
    addTrial(empty, L2, stateOf("", K, 0), -1, reasonIndex("max-n"), 0, new Float64Array(0), 1);
    const r2 = summarize(empty, L2, { name: "empty", truth, trueMtd: 0, metricNames: [], method: "monte-carlo" });
    expect(r2.patientsAboveMtd).toBe(0);
    expect(r2.shareAboveMtd).toBe(0);
    expect(r2.sampleSizeDistribution).toEqual([{ n: 0, p: 1 }]);
  });
});
