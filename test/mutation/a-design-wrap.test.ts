/**
 * wrap(inner, over) forwards every method and flag the modifier does not override: measure,
 * explain, decisionTable, and for time-to-event designs decidesWithPending and pendingTable
 * (a modifier stacked on TITE-BOIN must still decide with pending patients and print its table).
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { wrap, type Design } from "../../src/designs/design.js";
import { designOf } from "../helpers/build.js";

describe("wrap forwards what it does not override", () => {
  it("measure: the inner design's metrics are written through the wrapper", () => {
    const inner: Design = {
      ...designOf({ type: "a-plus-b" }, 3),
      metrics: ["m1", "m2"],
      measure: (_s, out, o) => {
        out[o] = 4;
        out[o + 1] = 9;
      },
    };
    const w = wrap(inner, { type: "w" });
    const out = new Float64Array(4);
    w.measure(stateOf("1NNN", 3), out, 1);
    expect(Array.from(out)).toEqual([0, 4, 9, 0]);
    expect(w.metrics).toEqual(["m1", "m2"]);
  });

  it("explain and decisionTable: the inner design's, unless overridden", () => {
    const inner = designOf({ type: "a-plus-b" }, 3);
    const s = stateOf("1NNN 2NTN", 3);
    const w = wrap(inner, { type: "w" });
    expect(w.explain).toBeDefined();
    expect(w.explain!(s)).toBe(inner.explain!(s));
    expect(w.explain!(s)).toContain("dose 2: 1/3 DLTs");
    expect(w.decisionTable!()).toEqual(inner.decisionTable!());
    expect(w.decisionTable!().rows.map((r) => r.n)).toEqual([3, 6]);
    const over = wrap(inner, { explain: () => "mine", decisionTable: () => ({ ...inner.decisionTable!(), note: "mine" }) });
    expect(over.explain!(s)).toBe("mine");
    expect(over.decisionTable!().note).toBe("mine");
    // a design with neither gives a wrapper with neither
    const bare = wrap({ ...inner, explain: undefined, decisionTable: undefined }, {});
    expect(bare.explain).toBeUndefined();
    expect(bare.decisionTable).toBeUndefined();
  });

  it("a time-to-event design keeps decidesWithPending and its pending table under a modifier", () => {
    const tite = designOf({ type: "tite-boin", target: 0.3 }, 3);
    expect(tite.decidesWithPending).toBe(true);
    const w = designOf({ type: "tite-boin", target: 0.3 }, 3, [{ type: "stop-at-n", n: 12 }]);
    expect(w.decidesWithPending).toBe(true);
    expect(w.pendingTable).toBeDefined();
    expect(w.pendingTable!(3)).toEqual(tite.pendingTable!(3));
    // a design without pending patients gets neither
    const plain = wrap(designOf({ type: "boin", target: 0.3 }, 3), {});
    expect(plain.decidesWithPending).toBeUndefined();
    expect(plain.pendingTable).toBeUndefined();
  });
});
