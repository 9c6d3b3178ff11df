/**
 * expansion's metrics sit after the inner design's, its decisions carry their reasons, and an
 * escalation MTD of dose 1 is reported as such. Expected layouts follow the documented order:
 * inner metrics, then expansionStarted, escalationMtd1..K, escalationNoMtd, expansionStopped1..K.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { REASONS } from "../../src/model/decision.js";
import { wrap } from "../../src/designs/design.js";
import { expansion, expansionParams } from "../../src/designs/modifiers/expansion.js";
import { resolveParams } from "../../src/config/params.js";
import { designOf } from "../helpers/build.js";

describe("expansion: metric layout and decision reasons", () => {
  // an inner design with two metrics of its own (no shipped design has any; wrap gives one)
  const inner = wrap(designOf({ type: "a-plus-b" }, 3), {
    type: "with-metrics",
    metrics: ["a", "b"],
    measure: (_s, out, o) => {
      out[o] = 5;
      out[o + 1] = 6;
    },
  });
  const design = expansion(inner, resolveParams(expansionParams, { patients: 6 }, "(test)", "modifier"));
  it("writes its 2K + 2 metrics right after the inner design's, and nothing beyond", () => {
    expect(design.metrics).toEqual(["a", "b", "expansionStarted", "escalationMtd1", "escalationMtd2", "escalationMtd3", "escalationNoMtd", "expansionStopped1", "expansionStopped2", "expansionStopped3"]);
    const out = new Float64Array(1 + design.metrics.length + 1).fill(7);
    // 3+3: dose 3 with 2/3 is too toxic, the MTD is dose 2; no expansion yet
    design.measure(stateOf("1NNN 2NNN 3NTT", 3, design.memSlots), out, 1);
    expect(Array.from(out)).toEqual([7, 5, 6, 0, 0, 1, 0, 0, 0, 0, 0, 7]);
    // an MTD of dose 1 (dose 2 with 2/3)
    out.fill(7);
    design.measure(stateOf("1NNN 2TTN", 3, design.memSlots), out, 1);
    expect(Array.from(out)).toEqual([7, 5, 6, 0, 1, 0, 0, 0, 0, 0, 0, 7]);
  });
  it("expansion cohorts give the reason 'expansion'; the end repeats the escalation's stop reason", () => {
    const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 3, cohortSize: 2 }]);
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    const first = d.decide(s);
    expect([first.dose, first.size, REASONS[first.reason]]).toEqual([1, 2, "expansion"]);
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(1, 2, 0, true);
    const next = d.decide(s);
    expect([next.dose, next.size, REASONS[next.reason]]).toEqual([1, 1, "expansion"]);
    s.addCohort(1, 1, 0, true);
    // the escalation's own stop reason is replayed at the end
    // (3+3: 2 DLTs of 3 at dose 3 make it too toxic; the MTD is dose 2)
    expect(REASONS[d.decide(s).reason]).toBe("dose-too-toxic");
  });
});

describe("expansion monitoring above the table's counts", () => {
  it("counts beyond the tabulated maximum (off protocol) are judged on the fly", () => {
    // monitorData "expansion" tabulates up to the 3 expansion patients; 6 expansion patients at
    // dose 2 with 6 DLTs (given off protocol): Pr(p > 0.3 | Beta(7, 1)) = 1 - 0.3^7 = 0.99978 > 0.8
    const d = designOf({ type: "a-plus-b" }, 3, [{ type: "expansion", patients: 3, monitor: true, monitorData: "expansion" }]);
    const s = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    const first = d.decide(s);
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(1, 3, 0, true);
    expect(d.selectMtd(s)).toBe(1); // 0/3 in expansion: not stopped
    const t = stateOf("1NNN 2NNN 3NTT", 3, d.memSlots);
    t.mem[first.writeSlot] = first.writeValue;
    t.addCohort(1, 3, 3, true);
    t.addCohort(1, 3, 3, true);
    // dose 2 stopped, so the recommendation falls to the dose below that patients received
    expect(d.selectMtd(t)).toBe(0);
  });
});
