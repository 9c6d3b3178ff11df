import { describe, expect, it } from "vitest";
import { stateOf } from "../../../src/model/outcomes.js";
import { TrialState } from "../../../src/model/state.js";
import { decideSay, designOf, say } from "../../helpers/build.js";
import { exactDesign } from "../../../src/engine/exact.js";
import { summarize } from "../../../src/report/summary.js";
import { trueMtd } from "../../../src/model/truth.js";

describe("smc-review", () => {
  const smc = designOf({ type: "a-plus-b" }, 5, [{ type: "smc-review", q: 0.5 }]);
  const withMem = (outcomes: string, value: number) => {
    const s = stateOf(outcomes, 5, smc.memSlots);
    s.mem[0] = value;
    return s;
  };
  it("asks the SMC (a chance node) after 1 DLT in 3, and nowhere else", () => {
    expect(decideSay(smc, withMem("1NNN 2NTN", 0))).toBe("chance 0.5");
    expect(decideSay(smc, withMem("1NNN", 0))).toBe("treat 3 at 2");
    expect(decideSay(smc, withMem("1NNN 2NTT", 0))).toBe("stop: dose-too-toxic");
  });
  it("adds 3 when it agrees; stops with the dose below when it declines", () => {
    expect(decideSay(smc, withMem("1NNN 2NTN", 2 * 2))).toBe("treat 3 at 2");
    expect(decideSay(smc, withMem("1NNN 2NTN", 2 * 2 + 1))).toBe("stop: smc-declined");
    expect(smc.selectMtd(withMem("1NNN 2NTN", 2 * 2 + 1))).toBe(0);
    // an answer given at another dose does not count here
    expect(decideSay(smc, withMem("1NTN 1NNN 2NTN", 2 * 1))).toBe("chance 0.5");
  });
  it("onDecline current-dose / no-mtd choose the current dose / none", () => {
    const cur = designOf({ type: "a-plus-b" }, 5, [{ type: "smc-review", q: 0.5, onDecline: "current-dose" }]);
    const none = designOf({ type: "a-plus-b" }, 5, [{ type: "smc-review", q: 0.5, onDecline: "no-mtd" }]);
    const s = stateOf("1NNN 2NTN", 5, 1);
    s.mem[0] = 5;
    expect(cur.selectMtd(s)).toBe(1);
    expect(none.selectMtd(s)).toBe(-1);
  });
  it("lower-dose never selects a dose nobody received: starting at dose 2, a decline there selects none", () => {
    const start2 = designOf({ type: "a-plus-b", startDose: 2 }, 3, [{ type: "smc-review", q: 0.5 }]);
    const s = new TrialState(3, start2.memSlots);
    s.reset(1);
    s.addCohort(1, 3, 1, false);
    expect(decideSay(start2, s)).toBe("chance 0.5");
    s.mem[0] = 2 * 2 + 1; // declined at dose 2
    expect(decideSay(start2, s)).toBe("stop: smc-declined");
    expect(start2.selectMtd(s)).toBe(-1);
    // with dose 1 tried (a de-escalation that came back up), dose 1 is the dose below
    const t = new TrialState(3, start2.memSlots);
    t.reset(1);
    t.addCohort(0, 3, 0, false);
    t.addCohort(1, 3, 1, false);
    t.mem[0] = 2 * 2 + 1;
    expect(start2.selectMtd(t)).toBe(0);
  });
  it("with q = 1 never creates a chance node", () => {
    const always = designOf({ type: "a-plus-b" }, 5, [{ type: "smc-review" }]);
    expect(decideSay(always, stateOf("1NNN 2NTN", 5, 1))).toBe("treat 3 at 2");
  });
});

describe("expansion", () => {
  const exp = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 6, cohortSize: 3 }]);
  it("enrols the expansion at the MTD once escalation stops, then stops with escalation's reason", () => {
    const s = stateOf("1NNN 2NTT", 5, exp.memSlots);
    expect(decideSay(exp, s)).toBe("treat 3 at 1 (expansion)");
    const dec = exp.decide(s);
    expect(dec.writeSlot).toBe(0);
    s.mem[0] = dec.writeValue;
    s.addCohort(0, 3, 1, true);
    expect(decideSay(exp, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(exp, s)).toBe("stop: dose-too-toxic");
    expect(exp.selectMtd(s)).toBe(0);
  });
  it("when monitoring stops every expansion dose, recommends the highest lower dose patients received, never an untried one", () => {
    const mon = designOf({ type: "a-plus-b", startDose: 2 }, 4, [{ type: "expansion", patients: 6, monitor: true }]);
    const s = new TrialState(4, mon.memSlots);
    s.reset(1);
    s.addCohort(1, 3, 0, false);
    s.addCohort(2, 3, 2, false); // MTD dose 2 (0-based 1); dose 1 was never given
    expect(mon.selectMtd(s)).toBe(1);
    s.mem[0] = 1 + 8;
    s.addCohort(1, 3, 3, true); // 3/3 in expansion (pooled 3/6): Pr(p > 0.3) > 0.8, dose 2 stops
    expect(mon.selectMtd(s)).toBe(-1);
  });
  it("does not expand when escalation found no MTD", () => {
    expect(decideSay(exp, stateOf("1TTN", 5, exp.memSlots))).toBe("stop: lowest-dose-too-toxic");
  });
  it("splits between the MTD and the dose below, and monitoring stops a toxic dose", () => {
    const split = designOf({ type: "a-plus-b" }, 5, [
      { type: "expansion", patients: 12, split: "mtd-and-lower", monitor: true, toxLimit: 0.3, cutoff: 0.8, monitorData: "expansion" },
    ]);
    const s = new TrialState(5, split.memSlots);
    s.reset(0);
    for (const [d, n, y] of [[0, 3, 0], [1, 3, 0], [2, 3, 2]]) s.addCohort(d, n, y, false);
    expect(split.selectMtd(s)).toBe(1);
    s.mem[0] = 1 + 8; // expansion started
    s.addCohort(1, 3, 3, true); // 3/3 at the MTD: Pr(p > 0.3 | Beta(4, 1)) = 0.99 > 0.8
    expect(decideSay(split, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(split, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    // dose 1 reached its quota of 6, dose 2 is stopped: the end
    expect(decideSay(split, s)).toBe("stop: dose-too-toxic");
    expect(split.selectMtd(s)).toBe(0);
    const out = new Float64Array(split.metrics.length);
    split.measure(s, out, 0);
    const m = Object.fromEntries(split.metrics.map((k, i) => [k, out[i]]));
    expect(m.expansionStarted).toBe(1);
    expect(m.escalationMtd2).toBe(1);
    expect(m.expansionStopped2).toBe(1);
    expect(m.expansionStopped1).toBe(0);
  });
});

describe("stop-at-n and the order of modifiers", () => {
  it("stops escalation at n patients", () => {
    const d = designOf({ type: "a-plus-b" }, 5, [{ type: "stop-at-n", n: 6 }]);
    expect(decideSay(d, stateOf("1NNN", 5))).toBe("treat 3 at 2");
    expect(decideSay(d, stateOf("1NNN 2NNN", 5))).toBe("stop: max-n");
  });
  it("truncates the last cohort when asked", () => {
    const d = designOf({ type: "a-plus-b" }, 5, [{ type: "stop-at-n", n: 5, truncate: true }]);
    expect(decideSay(d, stateOf("1NNN", 5))).toBe("treat 2 at 2");
  });
  it("the later modifier has the final say: stop-at-n after expansion caps the total, before it caps escalation only", () => {
    const expThenStop = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 9 }, { type: "stop-at-n", n: 3 }]);
    const stopThenExp = designOf({ type: "a-plus-b" }, 5, [{ type: "stop-at-n", n: 3 }, { type: "expansion", patients: 9 }]);
    const s1 = stateOf("1NNN", 5, 1);
    // after the expansion: 3 patients in all is the cap; escalation was still going, so the
    // stop reason says the expansion was not reached
    expect(decideSay(expThenStop, s1)).toBe("stop: max-n-before-expansion");
    // before it: escalation stops at 3 and the expansion runs
    expect(decideSay(stopThenExp, s1)).toBe("treat 3 at 1 (expansion)");
  });
  it("after expansion, the cap ends the expansion at n patients in all (truncating its last cohort when asked)", () => {
    const capped = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 9 }, { type: "stop-at-n", n: 13, truncate: true }]);
    const s = stateOf("1NNN 2NTT", 5, capped.memSlots);
    const first = capped.decide(s);
    expect(say(first)).toBe("treat 3 at 1 (expansion)");
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(0, 3, 0, true);
    expect(decideSay(capped, s)).toBe("treat 3 at 1 (expansion)");
    s.addCohort(0, 3, 0, true);
    expect(decideSay(capped, s)).toBe("treat 1 at 1 (expansion)"); // 12 treated, cap 13
    s.addCohort(0, 1, 0, true);
    expect(decideSay(capped, s)).toBe("stop: max-n-in-expansion");
    expect(capped.selectMtd(s)).toBe(0);
    expect(capped.maxPatients).toBe(13);
  });
});

describe("stop-at-n after expansion: exact maximum sample sizes (exact engine)", () => {
  const truth = [0.05, 0.1, 0.2, 0.3, 0.5];
  const job = { truth, trueMtd: trueMtd(truth, 0.25) };
  const run = (modifiers: Record<string, unknown>[]) => {
    const d = designOf({ type: "a-plus-b" }, 5, modifiers);
    const { accs, layout } = exactDesign(d, [job]);
    return summarize(accs[0], layout, { name: "c", truth, trueMtd: job.trueMtd, metricNames: d.metrics, method: "exact" });
  };
  const maxN = (r: ReturnType<typeof run>) => Math.max(...r.sampleSizeDistribution.filter((x) => x.p > 1e-15).map((x) => x.n));
  const expansion = { type: "expansion", patients: 12, cohortSize: 3 };
  it("without a cap: 3+3 on 5 doses (at most 30) plus 12 expansion patients reaches 42", () => {
    expect(maxN(run([expansion]))).toBe(42);
  });
  it("cap 20 truncated: no trial exceeds 20 patients in all, and some reach exactly 20", () => {
    const r = run([expansion, { type: "stop-at-n", n: 20, truncate: true }]);
    expect(maxN(r)).toBe(20);
  });
  it("cap 20 not truncated: the last whole cohort may overshoot (bound 20 + 2); with cohorts of 3 the largest total is 21", () => {
    const r = run([expansion, { type: "stop-at-n", n: 20 }]);
    expect(maxN(r)).toBe(21); // totals are multiples of 3 below the cap, so 18 + 3 = 21 is the largest
  });
  it("the cap fired during escalation is reported as 'max-n-before-expansion', with the probability that escalation goes past n", () => {
    // cap 9: the escalation alone stopped at 9 (stop-at-n before any expansion) says "max-n"
    // exactly when the escalation would have gone on, the same event
    const alone = run([{ type: "stop-at-n", n: 9 }]);
    const capped = run([expansion, { type: "stop-at-n", n: 9 }]);
    expect(alone.stopReasons["max-n"]).toBeGreaterThan(0.3);
    expect(capped.stopReasons["max-n-before-expansion"]).toBeCloseTo(alone.stopReasons["max-n"], 12);
    expect(capped.stopReasons["max-n"] ?? 0).toBe(0);
    expect(maxN(capped)).toBe(9); // 9 in escalation, or escalation stopped at 6 and one expansion cohort fills the cap
  });
  it("a cap above every trial's total changes nothing", () => {
    const a = run([expansion]);
    const b = run([expansion, { type: "stop-at-n", n: 42 }]);
    expect(b.selection).toEqual(a.selection);
    expect(b.sampleSize).toBeCloseTo(a.sampleSize, 12);
  });
});
