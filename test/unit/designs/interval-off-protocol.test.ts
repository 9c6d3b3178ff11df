/** Interval designs on histories their trial loop cannot produce (a live trial that deviated). */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../../src/model/outcomes.js";
import { posteriorExceeds } from "../../../src/select/beta-tail.js";
import { decideSay, designOf } from "../../helpers/build.js";

const boin = designOf({ type: "boin", target: 0.3, cohortSize: 3, nCohorts: 10 }, 3);
const many = (dose: number, n: number, y: number) => `${dose}${"N".repeat(n - y)}${"T".repeat(y)}`;

describe("interval designs off protocol", () => {
  it("a cohort given at an eliminated dose sends the trial below the eliminated doses", () => {
    const s = stateOf("1NNN 2TTT 2NNN", 3);
    s.eliminate(1);
    expect(decideSay(boin, s)).toBe("treat 3 at 1");
    expect(boin.explain?.(s)).toMatch(/dose 2 is eliminated/);
    const all = stateOf("1TTT 1NNN", 3);
    all.eliminate(0);
    expect(decideSay(boin, all)).toBe("stop: all-eliminated");
    expect(boin.selectMtd(all)).toBe(-1);
  });
  it("judges more patients at a dose than nCohorts × cohortSize (here 33 > 30) by the elimination rule at that n", () => {
    // 17/33: Pr(p > 0.3 | Beta(18, 17)) > 0.95, so dose 1 is eliminated and no dose is selected
    expect(posteriorExceeds(17, 33, 0.3)).toBeGreaterThan(0.95);
    const s = stateOf(many(1, 33, 17), 3);
    expect(decideSay(boin, s)).toBe("stop: max-n");
    expect(boin.selectMtd(s)).toBe(-1);
    expect(boin.selectMtd(stateOf(many(1, 33, 8), 3))).toBe(0); // 8/33: not eliminated
  });
  it("explain never prints 'undefined' and states the rule at the actual n", () => {
    const text = boin.explain?.(stateOf(many(1, 40, 5), 3)) ?? "";
    expect(text).not.toMatch(/undefined|NaN/);
    expect(text).toMatch(/at n=40/);
    expect(text).toMatch(/maximum sample size nCohorts × cohortSize = 30 is reached \(40 treated\)/);
  });
});
