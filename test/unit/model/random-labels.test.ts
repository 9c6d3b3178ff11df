/** `scenarios random` labels each curve with the true MTD exactly as the scoring (trueMtd) defines it. */
import { describe, expect, it } from "vitest";
import { randomCurves, randomScenario, mtdLabel } from "../../../src/scenarios/random.js";
import { streamFor } from "../../../src/random/stream.js";
import { NO_ACCEPTABLE_DOSE, trueMtd } from "../../../src/model/truth.js";

describe("randomScenario labels", () => {
  it("a curve whose lowest rate is at least 1.4 × target is labelled 'true MTD: none', as it is scored", () => {
    expect(mtdLabel([0.45, 0.7], 0.3)).toMatch(/^true MTD: none/);
    expect(mtdLabel([0.41, 0.7], 0.3)).toBe("true MTD: D1");
    expect(mtdLabel([0, 0, 0], 0.3)).toBe("true MTD: D3");
  });
  it("every label of 200 pseudo-uniform curves (seed 7, 5 doses, target 0.3, the CLI's stream) agrees with trueMtd", () => {
    const curves = randomCurves(streamFor("7", 0), "pseudo-uniform", 5, 0.3, 200);
    const file = randomScenario(curves, { method: "pseudo-uniform", doses: 5, target: 0.3, seed: "7" }) as {
      curves: { description: string; truth: number[] }[];
    };
    let none = 0;
    for (const c of file.curves) {
      const m = trueMtd(c.truth, 0.3);
      if (m === NO_ACCEPTABLE_DOSE) none++;
      expect(c.description).toBe(m === NO_ACCEPTABLE_DOSE ? mtdLabel(c.truth, 0.3) : `true MTD: D${m + 1}`);
    }
    // the generator does make such curves at this seed (the case the label used to get wrong)
    expect(none).toBeGreaterThan(0);
  });
});
