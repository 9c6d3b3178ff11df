/**
 * Invariants of every interval design (BOIN, Keyboard, mTPI-2, i3+3, user tables), checked with
 * fast-check over random parameters, states and truth curves (seeded, so failures replay):
 * - the conformance checks of src/designs/check.ts hold along whole simulated trials
 *   (decisions repeatable and non-mutating, no eliminated dose treated, selected dose tried and
 *   not eliminated, the trial ends within its sample size);
 * - more DLTs at the current dose never give a higher next dose;
 * - select.mtd never picks an untried or eliminated dose;
 * - runs are deterministic for a seed.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import { checkTrial } from "../../src/designs/check.js";
import type { Design } from "../../src/designs/design.js";
import { Action, REASONS } from "../../src/model/decision.js";
import { TrialState } from "../../src/model/state.js";
import { streamFor } from "../../src/random/stream.js";
import { simulateDesign } from "../../src/engine/simulate.js";
import { selectMtd, eliminationThreshold } from "../../src/select/mtd.js";

const SEED = 424242;
const TYPES = ["boin", "keyboard", "mtpi2", "i3plus3", "table"] as const;

interface Params {
  type: (typeof TYPES)[number];
  target: number;
  K: number;
  cohortSize: number;
  nCohorts: number;
  startDose: number;
  nEarlyStop: number;
  earlyStopRule: "if-staying" | "always";
  extraSafe: boolean;
  boundMtd: boolean;
}

const paramsArb: fc.Arbitrary<Params> = fc
  .record({
    type: fc.constantFrom(...TYPES),
    target: fc.integer({ min: 15, max: 40 }).map((x) => x / 100),
    K: fc.integer({ min: 2, max: 6 }),
    cohortSize: fc.integer({ min: 1, max: 4 }),
    nCohorts: fc.integer({ min: 1, max: 12 }),
    startDose: fc.integer({ min: 1, max: 6 }),
    nEarlyStop: fc.integer({ min: 1, max: 40 }),
    earlyStopRule: fc.constantFrom("if-staying" as const, "always" as const),
    extraSafe: fc.boolean(),
    boundMtd: fc.boolean(),
  })
  .map((p) => ({ ...p, startDose: Math.min(p.startDose, p.K) }));

function designOf(p: Params): Design {
  const loop = { cohortSize: p.cohortSize, nCohorts: p.nCohorts, startDose: p.startDose, nEarlyStop: p.nEarlyStop, earlyStopRule: p.earlyStopRule };
  const safety = { extraSafe: p.extraSafe };
  let design: Record<string, unknown>;
  if (p.type === "table") {
    // a user table: BOIN's rows for this target, every n
    const boin = buildDesign(parseDesignConfig({ doses: p.K, design: { type: "boin", target: p.target, ...loop } }, "(property)"), p.K);
    design = { type: "table", target: p.target, minEliminationN: 3, rows: boin.decisionTable!().rows, ...loop };
  } else {
    design = { type: p.type, target: p.target, ...loop, ...safety, ...(p.type === "boin" ? { boundMtd: p.boundMtd } : {}) };
  }
  return buildDesign(parseDesignConfig({ doses: p.K, design }, "(property)"), p.K);
}

const curveArb = (K: number) => fc.array(fc.integer({ min: 0, max: 100 }), { minLength: K, maxLength: K }).map((xs) => xs.map((x) => x / 100).sort((a, b) => a - b));

describe("interval designs: conformance along simulated trials (checkTrial / checkDecision)", () => {
  it("checkTrial finds no violation for random designs, curves and seeds", () => {
    fc.assert(
      fc.property(
        paramsArb.chain((p) => fc.tuple(fc.constant(p), curveArb(p.K), fc.integer({ min: 0, max: 1e6 }))),
        ([p, truth, seed]) => {
          const design = designOf(p);
          const u = streamFor(`prop-${seed}`, 0);
          for (let t = 0; t < 5; t++) {
            const { violations, state } = checkTrial(design, truth, u);
            expect(violations, JSON.stringify({ p, truth, seed })).toEqual([]);
            // the trial ended within its sample size and the selection is admissible
            expect(state.escalationN).toBeLessThanOrEqual(p.cohortSize * p.nCohorts);
            const m = design.selectMtd(state);
            if (m >= 0) {
              expect(state.n[m]).toBeGreaterThan(0);
              expect(m).toBeLessThan(state.eliminatedFrom);
            }
          }
        },
      ),
      { seed: SEED, numRuns: 300 },
    );
  });
});

/** The dose a decision leads to, for ordering: stop at the lowest dose = -1, early stop = stay. */
function level(d: ReturnType<Design["decide"]>, current: number): number | null {
  if (d.action === Action.Treat) return d.dose;
  const reason = REASONS[d.reason];
  if (reason === "lowest-dose-too-toxic") return -1;
  if (reason === "early-stop") return current;
  return null;
}

describe("interval designs: decisions are monotone in the DLT count", () => {
  it("for a fixed state, one more DLT at the current dose never gives a higher next dose", () => {
    fc.assert(
      fc.property(
        paramsArb.chain((p) =>
          fc.tuple(
            fc.constant(p),
            fc.integer({ min: 0, max: p.K - 1 }),
            fc.array(fc.integer({ min: 0, max: 4 }), { minLength: p.K, maxLength: p.K }),
            fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: p.K, maxLength: p.K }),
            fc.integer({ min: 1, max: p.K }),
          ),
        ),
        ([p, d, cohorts, rates, elimFrom]) => {
          const design = designOf(p);
          const maxN = p.cohortSize * p.nCohorts;
          const s = new TrialState(p.K, design.memSlots);
          s.reset(design.startDose);
          // n at each dose in whole cohorts, the total kept below the maximum so the trial is running
          let total = 0;
          for (let k = 0; k < p.K; k++) {
            const nk = Math.min(cohorts[k] * p.cohortSize, Math.max(0, maxN - p.cohortSize - total));
            s.n[k] = nk;
            s.y[k] = Math.round(rates[k] * nk);
            total += nk;
          }
          if (s.n[d] === 0) return; // the current dose has been treated
          s.escalationN = total;
          s.cohorts = Math.max(1, Math.round(total / p.cohortSize));
          s.current = d;
          s.eliminatedFrom = Math.max(d + 1, elimFrom);
          let prev: number | null = null;
          for (let y = 0; y <= s.n[d]; y++) {
            s.y[d] = y;
            const l = level(design.decide(s), d);
            if (l === null) continue;
            if (prev !== null) expect(l, JSON.stringify({ p, d, n: Array.from(s.n), y })).toBeLessThanOrEqual(prev);
            prev = l;
          }
        },
      ),
      { seed: SEED, numRuns: 400 },
    );
  });
});

describe("select.mtd on arbitrary data", () => {
  it("never selects an untried dose or one the data eliminate, and selects none when dose 1 is eliminated", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 15, max: 40 }).map((x) => x / 100),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 7 }),
        (target, data) => {
          const n = data.map(([k]) => k);
          const y = data.map(([k, r]) => Math.round(r * k));
          const m = selectMtd(target, n, y);
          let firstEliminated = n.length;
          for (let d = 0; d < n.length; d++) {
            if (n[d] >= 3 && y[d] >= eliminationThreshold(n[d], target, 0.95)) {
              firstEliminated = d;
              break;
            }
          }
          if (firstEliminated === 0) expect(m).toBe(-1);
          if (m >= 0) {
            expect(n[m]).toBeGreaterThan(0);
            expect(m).toBeLessThan(firstEliminated);
          } else if (firstEliminated > 0) {
            // no MTD only when nothing admissible was tried
            expect(n.slice(0, firstEliminated).every((k) => k === 0)).toBe(true);
          }
        },
      ),
      { seed: SEED, numRuns: 500 },
    );
  });
});

describe("interval designs: determinism", () => {
  it("the same seed gives identical accumulators; another seed does not", () => {
    fc.assert(
      fc.property(paramsArb, curveArb(6), (p, curve) => {
        const design = designOf(p);
        const truth = curve.slice(0, p.K);
        const a = simulateDesign(design, { truth, trueMtd: 0 }, { trials: 300, seed: "det" }).acc;
        const b = simulateDesign(design, { truth, trueMtd: 0 }, { trials: 300, seed: "det" }).acc;
        expect(Array.from(a)).toEqual(Array.from(b));
      }),
      { seed: SEED, numRuns: 50 },
    );
    const design = designOf({ type: "boin", target: 0.3, K: 5, cohortSize: 3, nCohorts: 10, startDose: 1, nEarlyStop: 100, earlyStopRule: "if-staying", extraSafe: false, boundMtd: false });
    const truth = [0.05, 0.15, 0.3, 0.45, 0.6];
    const a = simulateDesign(design, { truth, trueMtd: 2 }, { trials: 2000, seed: "one" }).acc;
    const b = simulateDesign(design, { truth, trueMtd: 2 }, { trials: 2000, seed: "two" }).acc;
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});
