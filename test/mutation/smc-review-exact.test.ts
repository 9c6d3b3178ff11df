/**
 * SMC review with 0 < q < 1, pinned by an exact case computed by hand
 * (test/reference/fixtures/smc-review-tree.json: the probability tree of a 3+3 on two doses with
 * SMC review, in exact rational arithmetic), through the exact engine's chance nodes; and the
 * modifier's decisions and memory codes state by state.
 */
import { describe, expect, it } from "vitest";
import { exactDesign } from "../../src/engine/exact.js";
import { summarize } from "../../src/report/summary.js";
import { stateOf } from "../../src/model/outcomes.js";
import { Action, REASONS } from "../../src/model/decision.js";
import { decideSay, designOf, say } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";
import { smcReview, smcReviewParams } from "../../src/designs/modifiers/smc-review.js";
import { resolveParams } from "../../src/config/params.js";

interface TreeCase {
  onDecline: string;
  selection: number[];
  noMtd: number;
  patients: number[];
  smcDeclined: number;
}
const fx = fixture<{ truth: number[]; q: number; cases: TreeCase[] }>("smc-review-tree.json");

describe("smc-review: exact operating characteristics equal the hand-computed probability tree", () => {
  for (const c of fx.cases) {
    it(`q = ${fx.q}, onDecline ${c.onDecline}: selection ${c.selection.map((p) => p.toFixed(5)).join("/")}, none ${c.noMtd.toFixed(5)}`, () => {
      const design = designOf({ type: "a-plus-b" }, 2, [{ type: "smc-review", q: fx.q, onDecline: c.onDecline }]);
      const run = exactDesign(design, [{ truth: fx.truth, trueMtd: 0 }]);
      const r = summarize(run.accs[0], run.layout, { name: "tree", truth: fx.truth, trueMtd: 0, metricNames: design.metrics, method: "exact" });
      c.selection.forEach((p, d) => expect(Math.abs(r.selection[d] - p)).toBeLessThan(1e-12));
      expect(Math.abs(r.noMtd - c.noMtd)).toBeLessThan(1e-12);
      c.patients.forEach((m, d) => expect(Math.abs(r.patients[d] - m)).toBeLessThan(1e-12));
      expect(Math.abs((r.stopReasons["smc-declined"] ?? 0) - c.smcDeclined)).toBeLessThan(1e-12);
      expect(r.selectionSE).toEqual([0, 0]);
    });
  }

  it("q = 1 and q = 0 are the plain 3+3 and the 3+3 whose SMC always declines (the tree at q = 1 and q = 0)", () => {
    const [p1, p2] = fx.truth;
    const B0 = (p: number) => (1 - p) ** 3;
    const B1 = (p: number) => 3 * p * (1 - p) ** 2;
    for (const q of [0, 1]) {
      const design = designOf({ type: "a-plus-b" }, 2, [{ type: "smc-review", q }]);
      const run = exactDesign(design, [{ truth: fx.truth, trueMtd: 0 }]);
      const r = summarize(run.accs[0], run.layout, { name: "q", truth: fx.truth, trueMtd: 0, metricNames: [], method: "exact" });
      const pass1 = B0(p1) + q * B1(p1) * B0(p1);
      const pass2 = B0(p2) + q * B1(p2) * B0(p2);
      expect(r.selection[1]).toBeCloseTo(pass1 * pass2, 12);
      expect(r.noMtd).toBeCloseTo(1 - pass1, 12);
      expect(r.stopReasons["smc-declined"] ?? 0).toBeCloseTo((1 - q) * (B1(p1) + pass1 * B1(p2)), 12);
    }
  });
});

describe("smc-review decisions", () => {
  const K = 3;
  const mk = (extra: Record<string, unknown>) => designOf({ type: "a-plus-b" }, K, [{ type: "smc-review", q: 0.25, ...extra }]);
  it("the chance node carries q, the modifier's slot and the yes/no codes 2(d + 1) and 2(d + 1) + 1", () => {
    const design = mk({});
    const s = stateOf("1NNN 2NTN", K, design.memSlots);
    const dec = design.decide(s);
    expect(dec.action).toBe(Action.Chance);
    expect(dec.p).toBe(0.25);
    expect(dec.slot).toBe(0);
    expect(dec.yes).toBe(4);
    expect(dec.no).toBe(5);
    expect(REASONS[dec.reason]).toBe("expand-cohort");
    const s1 = stateOf("1NTN", K, design.memSlots);
    const d1 = design.decide(s1);
    expect([d1.yes, d1.no]).toEqual([2, 3]);
  });

  it("declines: lower-dose and no-mtd eliminate nothing beyond the dose; current-dose eliminates the doses above", () => {
    for (const [onDecline, elim2, elimTop, mtd2] of [
      ["lower-dose", 1, 2, 0],
      ["current-dose", 2, -1, 1],
      ["no-mtd", 1, 2, -1],
    ] as const) {
      const design = mk({ onDecline });
      const s = stateOf("1NNN 2NTN", K, design.memSlots);
      s.mem[0] = 5;
      const dec = design.decide(s);
      expect(say(dec)).toBe("stop: smc-declined");
      expect(dec.eliminateFrom).toBe(elim2);
      expect(design.selectMtd(s)).toBe(mtd2);
      const top = stateOf("1NNN 2NNN 3NTN", K, design.memSlots);
      top.mem[0] = 7;
      expect(design.decide(top).eliminateFrom).toBe(elimTop);
    }
  });

  it("reviews only at afterPatients / afterDlts, at the current dose, never for a different count", () => {
    const design = mk({ afterPatients: 3, afterDlts: 2 });
    expect(decideSay(design, stateOf("1NNN 2NTT", K, design.memSlots))).toBe("stop: dose-too-toxic");
    const plain = mk({ afterDlts: 1 });
    // 1/6 at dose 1 then escalation: no review at dose 2 with 0 DLTs
    expect(decideSay(plain, stateOf("1NTN 1NNN", K, plain.memSlots))).toBe("treat 3 at 2");
    // with afterDlts 0 the review happens after 0/3... but the 3+3 escalates then (it adds nobody at the dose): no review
    const zero = mk({ afterDlts: 0 });
    expect(decideSay(zero, stateOf("1NNN", K, zero.memSlots))).toBe("treat 3 at 2");
  });

  it("an agreement recorded at the dose lets the cohort through; a decline recorded is final; a decline at another dose is ignored by selection", () => {
    const design = mk({});
    const s = stateOf("1NNN 2NTN", K, design.memSlots);
    s.mem[0] = 4;
    expect(decideSay(design, s)).toBe("treat 3 at 2");
    // the SMC declined at dose 1 (code 3) long ago but dose 1 now has 6 patients: selection is the design's own
    const old = stateOf("1NTN 1NNN 2NNN 3NNT", K, design.memSlots);
    old.mem[0] = 3;
    expect(design.selectMtd(old)).toBe(design.selectMtd(stateOf("1NTN 1NNN 2NNN 3NNT", K, 1)));
    // an even code (agreement) never changes selection
    const agreed = stateOf("1NNN 2NTN", K, design.memSlots);
    agreed.mem[0] = 4;
    expect(design.selectMtd(agreed)).toBe(0);
  });

  it("expansion cohorts are never reviewed", () => {
    // built with the functions directly (not a config), whatever the config checks say about this order
    const inner = designOf({ type: "a-plus-b" }, K, [{ type: "expansion", patients: 6, cohortSize: 3 }]);
    const design = smcReview(inner, resolveParams(smcReviewParams, { q: 0.5 }, "(test)", "modifier"));
    const s = stateOf("1NNN 2TTN", K, design.memSlots);
    const first = design.decide(s);
    expect(say(first)).toBe("treat 3 at 1 (expansion)");
    s.mem[first.writeSlot] = first.writeValue;
    s.addCohort(0, 3, 1, true);
    expect(say(design.decide(s))).toBe("treat 3 at 1 (expansion)");
  });

  it("describes its parameters", () => {
    expect(mk({ onDecline: "no-mtd" }).describe().smcReview).toEqual({ q: 0.25, afterPatients: 3, afterDlts: 1, onDecline: "no-mtd" });
    expect(mk({}).type).toBe("a-plus-b+smc-review");
    expect(mk({}).memSlots).toBe(1);
  });
});
