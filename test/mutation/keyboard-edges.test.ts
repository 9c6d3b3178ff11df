/**
 * Keyboard's key strengths at the edges, checked against closed forms worked by hand:
 * with y DLTs of n and a Beta(1, 1) prior the posterior is Beta(1 + y, 1 + n - y); for y = 0 its
 * CDF is 1 - (1 - x)^(n + 1), for y = n it is x^(n + 1).
 */
import { describe, expect, it } from "vitest";
import { keyboardCell } from "../../src/designs/keyboard.js";
import { Cell } from "../../src/designs/interval.js";
import { designOf } from "../helpers/build.js";

describe("keyboard: edge keys, ties and the elimination cut", () => {
  it("compensates a partial first key adjacent to the target key (target 0.12: first key [0, 0.07])", () => {
    // n = 3, y = 0, Beta(1, 4): mass [0, .07] = 1 - .93^4 = 0.25195, x 0.1/0.07 = 0.35993;
    // target key [.07, .17] = .93^4 - .83^4 = 0.27347; [.17, .27] = .83^4 - .73^4 = 0.19060.
    // Compensated, the first key wins (E); uncompensated the target key would (S).
    expect(keyboardCell(3, 0, 0.12, 0.05, 0.05, 0.95)).toBe(Cell.E);
  });
  it("compensates a partial last key adjacent to the target key (target 0.88: last key [0.93, 1])", () => {
    // n = 3, y = 3, Beta(4, 1): mass [.93, 1] = 1 - .93^4 = 0.25195, x 0.1/0.07 = 0.35993;
    // target key [.83, .93] = .93^4 - .83^4 = 0.27347. Pr(p > .88) = 1 - .88^4 = 0.40 < 0.95: no DU.
    // Compensated, the last key wins (D); uncompensated the target key would (S).
    expect(keyboardCell(3, 3, 0.88, 0.05, 0.05, 0.95)).toBe(Cell.D);
    // with n = 1, y = 1 (Beta(2, 1), CDF x^2): [.93, 1] = 1 - .8649 = .1351 x 1.4286 = .1930;
    // [.83, .93] = .8649 - .6889 = .1760: still D; [.73, .83] = .6889 - .5329 = .156
    expect(keyboardCell(1, 1, 0.88, 0.05, 0.05, 0.95)).toBe(Cell.D);
  });
  it("an exact tie goes to the higher key (dyadic keys [0, .25], [.25, .75], [.75, 1] under the flat prior)", () => {
    // target 0.5, margins 0.25: w = 0.5; n = 0: every key has compensated strength exactly 0.5
    // (0.25 x 2, 0.5, 0.25 x 2), so the highest key, above the target key, wins: D.
    expect(keyboardCell(0, 0, 0.5, 0.25, 0.25, 0.99)).toBe(Cell.D);
  });
  it("eliminates only when the posterior strictly exceeds cutoffEli", () => {
    // n = 0 under Beta(1, 1): Pr(p > 0.5) = 0.5 exactly; cutoffEli 0.5 is not exceeded
    expect(keyboardCell(0, 0, 0.5, 0.05, 0.05, 0.5)).not.toBe(Cell.DU);
    expect(keyboardCell(0, 0, 0.5, 0.05, 0.05, 0.49)).toBe(Cell.DU);
  });
  it("refuses a target key touching 0 or 1", () => {
    expect(() => designOf({ type: "keyboard", target: 0.25, marginL: 0.25, nCohorts: 5 }, 3)).toThrow(/target key/);
    expect(() => designOf({ type: "keyboard", target: 0.75, marginR: 0.25, nCohorts: 5 }, 3)).toThrow(/target key/);
    expect(() => designOf({ type: "keyboard", target: 0.25, marginL: 0.2, marginR: 0.2, nCohorts: 5 }, 3)).not.toThrow();
  });
});
