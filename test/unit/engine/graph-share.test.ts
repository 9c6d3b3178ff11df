/**
 * A worker thread walks the state graph the main thread built, carried to it as a snapshot
 * (StateGraph.snapshot, graphFrom), and the main thread keeps one open tally over the pieces it
 * runs (beginTally / tallyBlocks / flushTally). Neither may change a result: the accumulators
 * must equal those of a fresh graph and of one runBlocks call, bit for bit, for every design
 * stack (chance nodes, panels, expansions included), also when the snapshot is taken early, so
 * that the adopting thread must extend a graph whose decisions it never saw.
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../../src/config/load.js";
import { curveRunner, DEFAULT_MAX_COHORTS } from "../../../src/engine/monte-carlo.js";
import { graphFor, graphFrom } from "../../../src/engine/state-graph.js";
import { allConfigs } from "../../helpers/stacks.js";
import { scenarioFor } from "../../helpers/scenario-for.js";

const BOIN = parseDesignConfig({ design: { type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 } }, "(test)");
const SIX = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];

/** A structured clone, as postMessage makes it. */
const cloned = <T>(x: T): T => structuredClone(x);

describe("a state graph shared through a snapshot", () => {
  for (const { name, config } of allConfigs()) {
    const s = scenarioFor(config);
    if (!s) continue;
    const truth = s.curves[0].truth;
    const world = { world: s.curves[0] }; // the response rates a final-state phase (efficacy-expansion) reads
    const K = truth.length;
    it(`${name}: a thread adopting a snapshot (taken early or late) gets the fresh graph's results`, () => {
      const trials = 3000;
      const fresh = curveRunner(buildDesign(config, K), truth, 1, undefined, world);
      const want = new Float64Array(fresh.layout.length);
      fresh.runBlocks("share", trials, 0, 1, want);
      for (const warmTrials of [1, 200]) {
        const here = buildDesign(config, K);
        curveRunner(here, truth, 1, undefined, world).runBlocks("warm", warmTrials, 0, 1, new Float64Array(fresh.layout.length));
        const snap = cloned(graphFor(here, DEFAULT_MAX_COHORTS).snapshot());
        const there = buildDesign(config, K);
        const g = graphFrom(there, snap);
        expect(graphFor(there, DEFAULT_MAX_COHORTS)).toBe(g);
        expect(g.nodes.size).toBe(snap.nodes.size);
        const got = new Float64Array(fresh.layout.length);
        curveRunner(there, truth, 1, undefined, world).runBlocks("share", trials, 0, 1, got);
        expect(Array.from(got)).toEqual(Array.from(want));
        // a second snapshot for a design that has a graph already is ignored
        expect(graphFrom(there, snap)).toBe(g);
      }
    });
  }

  it("refuses a snapshot of a design with another state width", () => {
    const da = buildDesign(BOIN, 6);
    curveRunner(da, SIX, 3).runBlocks("x", 10, 0, 1, new Float64Array(1 << 16));
    const snap = graphFor(da, DEFAULT_MAX_COHORTS).snapshot();
    expect(() => graphFrom(buildDesign(BOIN, 7), snap)).toThrow(/another design/);
  });
});

describe("an open tally over pieces", () => {
  it("gives one runBlocks call's result, whatever the pieces and whatever other curves ran between them", () => {
    const config = BOIN;
    const truth = SIX;
    const trials = 7 * 4096 - 100;
    const whole = curveRunner(buildDesign(config, 6), truth, 3);
    const want = new Float64Array(whole.layout.length);
    whole.runBlocks("pieces", trials, 0, 7, want);
    const design = buildDesign(config, 6);
    const a = curveRunner(design, truth, 3);
    const b = curveRunner(design, [0.3, 0.4, 0.5, 0.6, 0.7, 0.8], 0);
    const got = new Float64Array(a.layout.length);
    a.beginTally();
    for (const [from, to] of [[0, 1], [1, 4], [4, 5], [5, 7]]) {
      a.tallyBlocks("pieces", trials, from, to, got);
      // another curve of the design grows the shared graph meanwhile
      b.runBlocks(`other${from}`, 4096, 0, 1, new Float64Array(b.layout.length));
    }
    expect(Array.from(got).every((x) => x === 0)).toBe(true);
    a.flushTally(got);
    expect(Array.from(got)).toEqual(Array.from(want));
  });
});
