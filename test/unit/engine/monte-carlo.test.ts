/**
 * The Monte Carlo loop walks a lazily built state graph (src/engine/state-graph.ts). These
 * tests hold it to the plain step-by-step loop it replaced, kept here as the reference: the
 * accumulators must be bit-identical for every design stack, whatever the graph's memory budget
 * (a budget of 0 keeps only the root, so every trial runs the step-by-step fallback), and
 * whatever ran before on the same design (the graph is shared by every curve of a design).
 */
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../../src/config/load.js";
import type { Design } from "../../../src/designs/design.js";
import { addFinal, addTrial, finalGrid } from "../../../src/engine/accumulator.js";
import { curveRunner, DEFAULT_MAX_COHORTS, layoutFor } from "../../../src/engine/monte-carlo.js";
import { StateStore } from "../../../src/engine/state-store.js";
import { TerminalTally } from "../../../src/engine/tally.js";
import { cdfTables } from "../../../src/random/binomial.js";
import { Action, REASONS } from "../../../src/model/decision.js";
import { TrialState } from "../../../src/model/state.js";
import { AleaBuffer, streamFor } from "../../../src/random/stream.js";
import { allConfigs } from "../../helpers/stacks.js";
import { scenarioFor } from "../../helpers/scenario-for.js";

const CAP = REASONS.indexOf("cap");

/** The world of a curve for designs with a final-state phase (efficacy-expansion): response rates made up from the truth. */
const worldOf = (truth: readonly number[]) => ({ truth, response: truth.map((p) => Math.min(0.9, 0.2 + p)) });

/** The step-by-step loop: decide, draw, add the cohort, until the design stops (responses independent of DLTs). */
function referenceBlock(design: Design, truth: readonly number[], trueMtd: number, seed: string, block: number, trials: number, maxCohorts = DEFAULT_MAX_COHORTS): Float64Array {
  const L = layoutFor(design, maxCohorts);
  const acc = new Float64Array(L.length);
  const tables = cdfTables(truth, design.maxCohortSize);
  const truthArray = Float64Array.from(truth);
  const state = new TrialState(design.numDoses, design.memSlots);
  const metrics = new Float64Array(Math.max(1, design.metrics.length));
  const tally = new TerminalTally(design.numDoses, design.memSlots);
  const scratch = new TrialState(design.numDoses, design.memSlots);
  const phase = design.finalStateOc;
  const evaluate = phase?.forCurve(worldOf(truth));
  const values = new Float64Array(Math.max(1, L.numFinal));
  const record = (s: TrialState, reason: number, count: number): void => {
    const selected = design.selectMtd(s);
    if (design.metrics.length > 0) design.measure(s, metrics, 0);
    addTrial(acc, L, s, selected, reason, trueMtd, metrics, count);
    if (evaluate) {
      evaluate(s, values);
      addFinal(acc, L, values, count, finalGrid(phase!.bounds));
    }
  };
  const rng = new AleaBuffer();
  rng.reseed(seed, block);
  for (let t = 0; t < trials; t++) {
    state.reset(design.startDose);
    let reason = CAP;
    for (;;) {
      let dec = design.decide(state);
      while (dec.action === Action.Chance) {
        state.mem[dec.slot] = rng.next() < dec.p ? dec.yes : dec.no;
        dec = design.decide(state);
      }
      if (dec.eliminateFrom >= 0) state.eliminate(dec.eliminateFrom);
      if (dec.writeSlot >= 0) state.mem[dec.writeSlot] = dec.writeValue;
      if (dec.action === Action.Stop) {
        reason = dec.reason;
        break;
      }
      if (state.cohorts >= maxCohorts) break;
      if (dec.panel) {
        for (let i = 0; i < dec.size; i++) state.addPanelPatient(rng.next(), truthArray);
        state.cohorts++;
        continue;
      }
      const cdf = tables[dec.dose][dec.size];
      const x = rng.next();
      let k = 0;
      while (x >= cdf[k]) k++;
      const joint = design.jointOutcomes;
      if (joint && !dec.expansion) {
        // a design deciding on responses (BOIN12): each patient's response given the DLT, DLT patients first
        const pT = truth[dec.dose];
        const pR = worldOf(truth).response[dec.dose];
        let rk = 0;
        let rn = 0;
        for (let i = 0; i < dec.size; i++) {
          if (i < k) rk += rng.next() < (pT > 0 ? (pT * pR) / pT : pR) ? 1 : 0;
          else rn += rng.next() < (pT < 1 ? (pR - pT * pR) / (1 - pT) : pR) ? 1 : 0;
        }
        state.mem[joint.slot + dec.dose] += rk + rn;
        if (joint.both) state.mem[joint.slot + design.numDoses + dec.dose] += rk;
      }
      state.addCohort(dec.dose, dec.size, k, dec.expansion);
    }
    tally.add(state, reason);
    if (tally.full) tally.flush(scratch, record);
  }
  tally.flush(scratch, record);
  return acc;
}

function graphBlock(design: Design, truth: readonly number[], trueMtd: number, seed: string, block: number, trials: number, graphBudgetInts?: number, maxCohorts = DEFAULT_MAX_COHORTS): Float64Array {
  const runner = curveRunner(design, truth, trueMtd, maxCohorts, { ...(graphBudgetInts === undefined ? {} : { graphBudgetInts }), world: worldOf(truth) });
  const acc = new Float64Array(runner.layout.length);
  runner.runBlock(seed, block, trials, acc);
  return acc;
}

const SIX = [0.05, 0.1, 0.2, 0.3, 0.45, 0.6];
const inline = (design: Record<string, unknown>, modifiers: Record<string, unknown>[] = []) => parseDesignConfig({ design, modifiers }, "(test)");
const cases = [
  ...allConfigs().flatMap(({ name, config }) => {
    const s = scenarioFor(config);
    const truth = s ? [...s.curves[0].truth] : [0.05, 0.12, 0.25, 0.4, 0.55].slice(0, config.doses ?? 5);
    return [{ name, config, truth, trueMtd: 1 }];
  }),
  { name: "boin 36", config: inline({ type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 }), truth: SIX, trueMtd: 3 },
  { name: "keyboard 36", config: inline({ type: "keyboard", target: 0.3, cohortSize: 3, nCohorts: 12 }), truth: SIX, trueMtd: 3 },
  { name: "crm 18", config: inline({ type: "crm", target: 0.25, maxPatients: 18, cohortSize: 3 }), truth: SIX, trueMtd: 3 },
  { name: "optimal (panel)", config: inline({ type: "optimal", target: 0.3, maxPatients: 12 }), truth: SIX, trueMtd: 3 },
];

describe("the state-graph loop equals the step-by-step loop bit for bit", () => {
  for (const c of cases) {
    it(`${c.name}: shared graph, no graph, a small graph, and a block after others`, () => {
      const design = buildDesign(c.config, c.truth.length);
      const trials = 1500;
      const ref = referenceBlock(design, c.truth, c.trueMtd, "graph", 3, trials);
      expect(Array.from(graphBlock(design, c.truth, c.trueMtd, "graph", 3, trials))).toEqual(Array.from(ref));
      expect(Array.from(graphBlock(design, c.truth, c.trueMtd, "graph", 3, trials, 0))).toEqual(Array.from(ref));
      expect(Array.from(graphBlock(design, c.truth, c.trueMtd, "graph", 3, trials, 3000))).toEqual(Array.from(ref));
      // the shared graph now holds another curve's states too
      graphBlock(design, c.truth.map((p) => Math.min(0.95, p * 2)), c.trueMtd, "other", 0, 500);
      expect(Array.from(graphBlock(design, c.truth, c.trueMtd, "graph", 3, trials))).toEqual(Array.from(ref));
    });
  }

  it("over several tally flushes (more distinct final states than the tally holds) and with a cohort cap", () => {
    const design = buildDesign(inline({ type: "boin", target: 0.3, cohortSize: 1, nCohorts: 60 }), 6);
    const ref = referenceBlock(design, SIX, 3, "flush", 0, 10_000);
    expect(Array.from(graphBlock(design, SIX, 3, "flush", 0, 10_000))).toEqual(Array.from(ref));
    expect(Array.from(graphBlock(design, SIX, 3, "flush", 0, 10_000, 20_000))).toEqual(Array.from(ref));
    const capped = referenceBlock(design, SIX, 3, "cap", 1, 2000, 7);
    expect(Array.from(graphBlock(design, SIX, 3, "cap", 1, 2000, undefined, 7))).toEqual(Array.from(capped));
    expect(Array.from(graphBlock(design, SIX, 3, "cap", 1, 2000, 500, 7))).toEqual(Array.from(capped));
  });

  it("runBlocks adds a range of blocks with one tally: the sum of the blocks run one by one, whatever the graph budget", () => {
    const design = buildDesign(inline({ type: "boin", target: 0.3, cohortSize: 1, nCohorts: 40 }), 6);
    const trials = 3 * 4096 + 100; // blocks 0..3, the last one short
    const ref = new Float64Array(layoutFor(design).length);
    for (let b = 0; b < 4; b++) {
      const blk = referenceBlock(design, SIX, 3, "range", b, Math.min(4096, trials - b * 4096));
      for (let i = 0; i < ref.length; i++) ref[i] += blk[i];
    }
    // a budget of 0 sends every final through the overflow tally, which fills and flushes many times
    for (const budget of [undefined, 0, 5000]) {
      const runner = curveRunner(design, SIX, 3, DEFAULT_MAX_COHORTS, budget === undefined ? {} : { graphBudgetInts: budget });
      const acc = new Float64Array(runner.layout.length);
      const seen: number[] = [];
      runner.runBlocks("range", trials, 0, 4, acc, (n) => seen.push(n));
      expect(seen).toEqual([4096, 4096, 4096, 100]);
      expect(Array.from(acc)).toEqual(Array.from(ref));
      // and a second call starts from zero counts
      const again = new Float64Array(runner.layout.length);
      runner.runBlocks("range", trials, 0, 4, again);
      expect(Array.from(again)).toEqual(Array.from(ref));
    }
  });

  it("a runner used again after another curve's runner grew the shared graph counts every trial", () => {
    const design = buildDesign(inline({ type: "boin", target: 0.3, cohortSize: 3, nCohorts: 12 }), 6);
    const a = curveRunner(design, SIX, 3);
    const first = new Float64Array(a.layout.length);
    a.runBlocks("again", 50, 0, 1, first); // few finals: its counts have room for a few hundred
    // another runner (another curve's, in a worker) fills the shared graph with thousands of finals
    const b = curveRunner(design, SIX.map((p) => p * 1.01), 3);
    b.runBlocks("other", 8192, 0, 2, new Float64Array(b.layout.length));
    const again = new Float64Array(a.layout.length);
    a.runBlocks("again2", 3 * 4096, 0, 3, again);
    const ref = new Float64Array(a.layout.length);
    for (let blk = 0; blk < 3; blk++) {
      const r = referenceBlock(design, SIX, 3, "again2", blk, 4096);
      for (let i = 0; i < ref.length; i++) ref[i] += r[i];
    }
    expect(again[a.layout.weight]).toBe(3 * 4096);
    expect(Array.from(again)).toEqual(Array.from(ref));
  });

  it("run with a plain uniform draws the same numbers as runBlock", () => {
    const design = buildDesign(inline({ type: "a-plus-b" }, [{ type: "smc-review", q: 0.5 }]), 5);
    const truth = [0.1, 0.2, 0.3, 0.4, 0.5];
    const runner = curveRunner(design, truth, 2);
    const a = new Float64Array(runner.layout.length);
    const b = new Float64Array(runner.layout.length);
    runner.runBlock("u", 2, 3000, a);
    runner.run(streamFor("u", 2), 3000, b);
    expect(Array.from(b)).toEqual(Array.from(a));
  });
});

describe("StateStore", () => {
  it("gives equal records one id, grows, stops at its limit and clears", () => {
    const s = new StateStore(3, 1000, 2);
    const r = new Int32Array(3);
    const ids: number[] = [];
    for (let i = 0; i < 1000; i++) {
      r.set([i, i % 7, -i]);
      expect(s.find(r)).toBe(-1);
      ids.push(s.add(r));
    }
    expect(ids).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(s.full).toBe(true);
    r.set([5, 5, -5]);
    expect(s.find(r)).toBe(5);
    r.set([5, 5, 5]);
    expect(s.add(r)).toBe(-1);
    s.clear();
    expect(s.size).toBe(0);
    r.set([5, 5, -5]);
    expect(s.find(r)).toBe(-1);
    expect(s.add(r)).toBe(0);
    expect(s.find(r)).toBe(0);
  });
});
