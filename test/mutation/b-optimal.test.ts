/**
 * The optimal benchmark pseudo-design (O'Quigley, Paoletti & Maccario 2002): what the engines
 * read from it besides its selection. It opens with one panel of N patients (reason "start"),
 * then stops at the sample size (reason "max-n"); it declares itself complete-information, so
 * the accumulator keeps no "patients above the MTD" statistic and the calendar-time engine
 * refuses it, naming it; it reports no extra metrics.
 */
import { describe, expect, it } from "vitest";
import { optimal, optimalParams } from "../../src/designs/optimal.js";
import { resolveParams } from "../../src/config/params.js";
import { REASONS, Action } from "../../src/model/decision.js";
import { TrialState } from "../../src/model/state.js";
import { layoutFor } from "../../src/engine/monte-carlo.js";
import { timedRunner } from "../../src/engine/timed.js";
import { UsageError } from "../../src/config/messages.js";

const design = () => optimal(resolveParams(optimalParams, { target: 0.3, maxPatients: 12 }, "(test)", "design"), 4);

describe("optimal: what the engines read", () => {
  it("decide: a panel of 12 at dose 1 for reason \"start\", then a stop for reason \"max-n\"", () => {
    const d = design();
    const s = new TrialState(4, 1);
    s.reset(0);
    const first = d.decide(s);
    expect(first.action).toBe(Action.Treat);
    expect(first.dose).toBe(0);
    expect(first.size).toBe(12);
    expect(REASONS[first.reason]).toBe("start");
    s.addCohort(0, 12, 3, false);
    const second = d.decide(s);
    expect(second.action).toBe(Action.Stop);
    expect(REASONS[second.reason]).toBe("max-n");
  });

  it("is complete-information with no metrics: layoutFor keeps no allocation statistics and no metric slots", () => {
    const d = design();
    expect(d.type).toBe("optimal");
    expect(d.metrics).toEqual([]);
    const L = layoutFor(d);
    expect(L.completeInformation).toBe(true);
    expect(L.numMetrics).toBe(0);
    expect(L.maxN).toBe(12);
  });

  it("timedRunner refuses it with one message naming the optimal pseudo-design", () => {
    const d = design();
    expect(() => timedRunner(d, undefined, undefined, [0.05, 0.15, 0.3, 0.45], 2)).toThrow(UsageError);
    expect(() => timedRunner(d, undefined, undefined, [0.05, 0.15, 0.3, 0.45], 2)).toThrow(
      "the optimal pseudo-design observes every patient at every dose and has no calendar time; remove the timing and conduct blocks",
    );
  });
});
