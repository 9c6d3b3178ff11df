/**
 * Timed backfilling runs draw each patient's response given the patient's DLT, under the
 * curve's DLT-response association (src/model/joint.ts).
 *
 * Independent numbers (Plackett 1965, by hand): pT = 0.3, pR = 0.5, odds ratio 9. p11 solves
 * 8 p^2 - (1 + 0.8 * 8) p + 9 * 0.15 = 8 p^2 - 7.4 p + 1.35 = 0, p = (7.4 -+ 3.4) / 16, and the
 * root in [0, 0.3] is 0.25: P(response | DLT) = 0.25 / 0.3 = 0.8333, P(response | no DLT) =
 * 0.25 / 0.7 = 0.3571. Independent: 0.5 both.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../../src/config/load.js";
import { defaultConduct, defaultTiming } from "../../../src/config/timing.js";
import { timedRunner } from "../../../src/engine/timed.js";
import { INDEPENDENT, type Association } from "../../../src/model/joint.js";

const K = 3;
const design = buildDesign(
  parseDesignConfig({ design: { type: "boin", target: 0.25, cohortSize: 3, nCohorts: 8 }, modifiers: [{ type: "backfill", cap: 12, requireResponse: true }] }, "(test)"),
  K,
);

/** Evaluable patients of `trials` simulated trials: [with DLT, responders among them, without DLT, responders among them]. */
function counts(association: Association, trials: number): number[] {
  const timing = { ...defaultTiming("(test)"), rate: 4 };
  const r = timedRunner(design, timing, defaultConduct("(test)"), [0.3, 0.3, 0.3], 0, undefined, [0.5, 0.5, 0.5], association);
  const c = [0, 0, 0, 0];
  for (let i = 0; i < trials; i++)
    for (const p of r.trace("assoc", 0, i).patients) {
      if (p.outcome !== "evaluable") continue;
      const k = p.dlt ? 0 : 2;
      c[k]++;
      if (p.response) c[k + 1]++;
    }
  return c;
}

/** |observed - p| within 4 binomial SEs of the hand-computed p. */
function near(x: number, n: number, p: number) {
  expect(n).toBeGreaterThan(300);
  expect(Math.abs(x / n - p)).toBeLessThan(4 * Math.sqrt((p * (1 - p)) / n));
}

describe("timed responses follow the DLT-response association", () => {
  it("odds ratio 9: P(response | DLT) = 0.833, P(response | no DLT) = 0.357", () => {
    const [nd, rd, nn, rn] = counts({ model: "odds-ratio", value: 9 }, 150);
    near(rd, nd, 0.25 / 0.3);
    near(rn, nn, 0.25 / 0.7);
  });
  it("independent: 0.5 with or without a DLT", () => {
    const [nd, rd, nn, rn] = counts(INDEPENDENT, 150);
    near(rd, nd, 0.5);
    near(rn, nn, 0.5);
  });
});
