/** dosePaths walks its tree without recursion: a chain of 100,000 cohorts does not overflow the call stack. */
import { describe, expect, it } from "vitest";
import { dosePaths, leaves } from "../../../src/engine/paths.js";
import { buildDesign, parseDesignConfig } from "../../../src/config/load.js";
import { wrap } from "../../../src/designs/design.js";
import { stop, treat } from "../../../src/model/decision.js";

describe("dosePaths on a long chain", () => {
  // one patient a cohort at dose 1 until the first DLT, then stop: cohort k has a terminal "T" child
  // and an "N" child that goes on, so the tree is a chain of 2K + 1 nodes, K deep
  const base = buildDesign(parseDesignConfig({ design: { type: "a-plus-b" } }, "(inline)"), 2);
  const next = treat(0, 1, "stay");
  const done = stop("dose-too-toxic");
  const chain = wrap(base, { maxCohortSize: 1, decide: (s) => (s.y[0] === 0 ? next : done), selectMtd: () => -1 });
  it("enumerates 100,000 cohorts with the leaves' probabilities summing to 1", () => {
    const K = 100_000;
    const p = dosePaths(chain, { cohorts: K, truth: [0.00001, 0.5] });
    expect(p.nodes).toHaveLength(2 * K + 1);
    const ls = leaves(p);
    expect(ls).toHaveLength(K + 1);
    expect(ls.reduce((s, n) => s + n.probability!, 0)).toBeCloseTo(1, 9);
    // depth-first order: the "N" branch (0 DLTs) is listed before the "T" branch
    expect(p.nodes[1].path).toBe("1N");
    expect(p.nodes.reduce((m, n) => Math.max(m, n.depth), 0)).toBe(K);
    expect(p.nodes.at(-1)!.path).toBe("1T");
  });
});
