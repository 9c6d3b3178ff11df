import { describe, expect, it } from "vitest";
import { stateOf } from "../../../src/model/outcomes.js";
import { TrialState } from "../../../src/model/state.js";
import { decideSay, designOf } from "../../helpers/build.js";

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
  it("the later modifier has the final say: stop-at-n after expansion also stops the expansion", () => {
    const expThenStop = designOf({ type: "a-plus-b" }, 5, [{ type: "expansion", patients: 9 }, { type: "stop-at-n", n: 3 }]);
    const stopThenExp = designOf({ type: "a-plus-b" }, 5, [{ type: "stop-at-n", n: 3 }, { type: "expansion", patients: 9 }]);
    const s1 = stateOf("1NNN", 5, 1);
    // stop-at-n wraps the expansion: escalation stops at 3 patients, but expansion patients
    // are not escalation patients, so the expansion still runs
    expect(decideSay(expThenStop, s1)).toBe("stop: max-n");
    expect(decideSay(stopThenExp, s1)).toBe("treat 3 at 1 (expansion)");
  });
});
