/**
 * Mutation tests of the backfill modifier (src/designs/modifiers/backfill.ts, BF-BOIN: Zhao,
 * Yuan, Korn & Freidlin 2024), issue 10 item 11 part F. Every expected value is derived by hand
 * from the rules in the module's header (the arithmetic is in the comments) or read from R BOIN
 * 2.7.2's get.boundary table for target 0.25 (test/reference/fixtures/boin.json, fullTables).
 *
 * BOIN at target 0.25 (R BOIN 2.7.2, lambda_e = 0.196801, lambda_d = 0.298392, elimination when
 * Pr(p > 0.25 | Beta(1 + y, 1 + n - y)) > 0.95 from n = 3), the boundaries used below:
 *   n       1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20 21 22
 *   esc<=   0 0 0 0 0 1 1 1 1  1  2  2  2  2  2  3  3  3  3  3  4  4
 *   de>=    1 1 1 2 2 2 3 3 3  3  4  4  4  5  5  5  6  6  6  6  7  7
 *   elim>=  - - 3 3 3 4 4 4 5  5  6  6  6  7  7  7  8  8  8  9  9  9
 * A dose's class: DU (de-escalate and eliminate) when y >= elim, else D when y >= de, else E when
 * y <= esc, else S.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildDesign, parseDesignConfig } from "../../src/config/load.js";
import type { Design } from "../../src/designs/design.js";
import { backfill } from "../../src/designs/modifiers/backfill.js";
import { Action, REASONS, chance, stop, treat, type Decision } from "../../src/model/decision.js";
import { backfillStateOf, type BackfillPart } from "../helpers/backfill-state.js";
import type { TrialView } from "../../src/model/state.js";

const K = 5;
const R = (r: (typeof REASONS)[number]) => REASONS.indexOf(r);

function build(inner: object): Design {
  return buildDesign(parseDesignConfig({ design: inner }, "(test)"), K);
}
const boin = build({ type: "boin", target: 0.25, cohortSize: 3, nCohorts: 10, nEarlyStop: 9 });

interface Params {
  cap?: number;
  requireResponse?: boolean;
  reserve?: number;
  conflictRule?: "backfilled" | "all" | "off";
}
function bf(inner: Design, p: Params = {}): Design {
  return backfill(inner, { cap: 12, requireResponse: true, reserve: 0, conflictRule: "backfilled", ...p });
}

/** A state with escalation counts (n, y) at `current` and a backfill part (omitted: none). */
function stateOf(n: number[], y: number[], current: number, part?: BackfillPart, eliminatedFrom = K): TrialView {
  const s = backfillStateOf(n, y, current, part, 4);
  s.eliminatedFrom = eliminatedFrom;
  if (part === undefined) return Object.assign(Object.create(Object.getPrototypeOf(s)), s, { backfill: undefined }) as TrialView;
  return s;
}

const ESC = treat(2, 3, "escalate");
/**
 * The class (E, S, D, DU) the modifier gives y DLTs in n patients, read off its decisions: an
 * inner design that always answers "treat 3 at dose 3, escalate" (ESC), the current dose 2 (index 1)
 * without patients (class E), and (n, y) backfilled at dose 1 (index 0). Then (the conflict rule):
 * E: no conflict, ESC; S: pool (n, y) stays, so stay at dose 2; D: the pool de-escalates, no
 * lower pool is safe and dose 1 is not too toxic: dose 1; DU: stop, the lowest dose is too toxic.
 */
function classProbe(inner: Design, p: Params = {}): (n: number, y: number) => string {
  const d = bf({ ...inner, decide: () => ESC }, { requireResponse: false, ...p });
  return (n, y) => {
    const dec = d.decide(stateOf([0, 0, 0, 0, 0], [0, 0, 0, 0, 0], 1, { n: [n, 0, 0, 0, 0], y: [y, 0, 0, 0, 0] }));
    if (dec === ESC) return "E";
    if (dec.action === Action.Stop && dec.reason === R("lowest-dose-too-toxic") && dec.eliminateFrom === 0) return "DU";
    if (dec.action === Action.Treat && dec.dose === 1 && dec.reason === R("stay") && dec.size === 3) return "S";
    if (dec.action === Action.Treat && dec.dose === 0 && dec.reason === R("de-escalate") && dec.size === 3 && dec.eliminateFrom === -1) return "D";
    return `unexpected ${JSON.stringify(dec)}`;
  };
}
/** The classes for y = 0..n. */
const row = (probe: (n: number, y: number) => string, n: number): string => Array.from({ length: n + 1 }, (_, y) => probe(n, y)).join(" ");

describe("construction", () => {
  it("refuses a design without a decision table, without a maximum sample size, deciding with pending patients, or with an empty table", () => {
    expect(() => bf({ ...boin, decisionTable: undefined })).toThrow(
      "backfill needs a design with a decision table (its open and conflict rules read it); boin has none",
    );
    expect(() => bf({ ...boin, maxPatients: Infinity })).toThrow("backfill needs a design with a maximum sample size; boin has none");
    expect(() => bf({ ...boin, decidesWithPending: true })).toThrow("backfill cannot wrap boin, which decides with pending patients");
    const empty = { ...boin, decisionTable: () => ({ ...boin.decisionTable!(), rows: [] }) };
    expect(() => bf(empty)).toThrow("backfill: the decision table of boin has no rows");
  });
  it("describes itself, counts cap patients per dose in its maximum, and declares its response need and reserve", () => {
    const d = bf(boin, { cap: 7, requireResponse: false, reserve: 2, conflictRule: "all" });
    expect(d.type).toBe("boin+backfill");
    // 10 cohorts of 3 plus 5 doses x cap 7
    expect(d.maxPatients).toBe(30 + 35);
    expect(d.describe()).toEqual({ ...boin.describe(), backfill: { cap: 7, requireResponse: false, reserve: 2, conflictRule: "all" } });
    expect(d.needsResponse).toBeUndefined();
    expect(d.backfillReserve).toBe(2);
    expect(bf(boin).needsResponse).toBe(true);
  });
});

describe("reading the inner design's decision table", () => {
  it("BOIN 0.25: the class of every (n, y) up to n = 22 is R BOIN's get.boundary table", () => {
    const fx = JSON.parse(readFileSync("test/reference/fixtures/boin.json", "utf8"));
    const t = fx.fullTables.find((x: { target: number }) => x.target === 0.25);
    const probe = classProbe(boin);
    for (let n = 1; n <= 22; n++) {
      const e = t.escalateAtMost[n - 1] as number;
      const de = t.deEscalateAtLeast[n - 1] as number;
      const el = (t.eliminateAtLeast[n - 1] as number | null) ?? Infinity;
      const want = Array.from({ length: n + 1 }, (_, y) => (y >= el ? "DU" : y >= de ? "D" : y <= e ? "E" : "S")).join(" ");
      expect(row(probe, n), `n = ${n}`).toBe(want);
    }
    // spelled out for two rows: 1 patient (no elimination before 3), and 16
    expect(row(probe, 1)).toBe("E D");
    expect(row(probe, 16)).toBe("E E E E S D D DU DU DU DU DU DU DU DU DU DU");
  });

  // The 3+3 (A+B with A = B = 3, C = D = E = 1) has rows at n = 3 (escalate <= 0, de-escalate and
  // eliminate >= 2) and n = 6 (escalate <= 1, de-escalate and eliminate >= 2). Other n are scaled
  // from the nearest row at or below (the first row below n = 3): escalate <= floor(e * n / row),
  // de-escalate / eliminate >= ceil(d * n / row), an exact product kept as it is.
  const threeThree = build({ type: "a-plus-b", a: 3, b: 3, c: 1, d: 1, e: 1 });
  const threeThreeRows: Record<number, string> = {
    // de >= ceil(2 * 1/3) = 1
    1: "E DU",
    // de >= ceil(2 * 2/3 = 1.33) = 2
    2: "E S DU",
    3: "E S DU DU",
    // de >= ceil(2 * 4/3 = 2.67) = 3
    4: "E S S DU DU",
    // de >= ceil(2 * 5/3 = 3.33) = 4
    5: "E S S S DU DU",
    6: "E E DU DU DU DU DU",
    // esc <= floor(1 * 7/6) = 1, de >= ceil(2 * 7/6 = 2.33) = 3
    7: "E E S DU DU DU DU DU",
    // esc <= floor(1.5) = 1, de >= ceil(2 * 9/6 = 3, exactly) = 3
    9: "E E S DU DU DU DU DU DU DU",
    // esc <= floor(2, exactly) = 2, de >= ceil(4, exactly) = 4
    12: "E E E S DU DU DU DU DU DU DU DU DU",
  };
  it("the 3+3: counts between and beyond its rows n = 3 and 6 are scaled from the row at or below (hand-derived)", () => {
    const probe = classProbe(threeThree);
    for (const [n, want] of Object.entries(threeThreeRows)) expect(row(probe, Number(n)), `n = ${n}`).toBe(want);
  });
  it("rows given out of order are sorted by n first", () => {
    const t = threeThree.decisionTable!();
    const reversed = { ...threeThree, decisionTable: () => ({ ...t, rows: [...t.rows].reverse() }) };
    const probe = classProbe(reversed);
    for (const [n, want] of Object.entries(threeThreeRows)) expect(row(probe, Number(n)), `n = ${n}`).toBe(want);
  });
  it("a null column means never: A+B with C = 0 never escalates before A + B; with D = A (and E = A + B) it never de-escalates", () => {
    // C = 0: escalate-at-most is null at n = 3 (so for n = 1..5); at n = 6 escalate <= E = 1
    const c0 = classProbe(build({ type: "a-plus-b", a: 3, b: 3, c: 0, d: 1, e: 1 }));
    expect(row(c0, 1)).toBe("S DU");
    expect(row(c0, 3)).toBe("S S DU DU");
    expect(row(c0, 5)).toBe("S S S S DU DU");
    expect(row(c0, 6)).toBe("E E DU DU DU DU DU");
    // D = 3 = A and E = 6 = A + B: no de-escalation or elimination count at either row; C = 1
    const never = classProbe(build({ type: "a-plus-b", a: 3, b: 3, c: 1, d: 3, e: 6 }));
    expect(row(never, 1)).toBe("E S");
    expect(row(never, 3)).toBe("E S S S");
    expect(row(never, 6)).toBe("E E E E E E E");
  });
  it("the table is read up to the largest possible count, the escalation maximum plus cap at every dose, and clamped beyond", () => {
    // BOIN 0.25 with 2 cohorts of 3 (maximum 6) and cap 2: the table runs to n = 6 + 5 x 2 = 16,
    // where esc <= 3, de >= 5, elim >= 7 (R BOIN's row 16)
    const small = build({ type: "boin", target: 0.25, cohortSize: 3, nCohorts: 2 });
    const probe = classProbe(small, { cap: 2 });
    expect(row(probe, 16)).toBe("E E E E S D D DU DU DU DU DU DU DU DU DU DU");
    // beyond it (off protocol) a count is read at n = 16: 10 DLTs in 20 are too toxic, 0 escalate
    expect(probe(20, 10)).toBe("DU");
    expect(probe(20, 0)).toBe("E");
  });
});

describe("the conflict rule on BOIN 0.25 (hand-derived from the boundaries above)", () => {
  const on = bf(boin);
  const all = bf(boin, { conflictRule: "all" });
  const off = bf(boin, { conflictRule: "off" });
  it("a pooled escalation escalates from the current dose", () => {
    // dose 2 (index 1): 3/1 + backfill 1/1 = 2/4, D; dose 3: 3/0 + backfill 6/0 = 0/9, E;
    // current dose 4: 1/4, S (BOIN stays). The highest backfilled dose in conflict (D against S)
    // is dose 2; pool doses 2-4: 3 DLTs in 17, E (esc <= 3): escalate to dose 5.
    const s = stateOf([3, 3, 3, 4, 0], [0, 1, 0, 1, 0], 3, { n: [0, 1, 6, 0, 0], y: [0, 1, 0, 0, 0] });
    expect(off.decide(s)).toMatchObject({ action: Action.Treat, dose: 3, reason: R("stay") });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 4, size: 3, reason: R("escalate"), eliminateFrom: -1 });
    // the same data one dose higher: at the top dose the pooled escalation stays
    const top = stateOf([3, 3, 3, 3, 4], [0, 0, 1, 0, 1], 4, { n: [0, 0, 1, 6, 0], y: [0, 0, 1, 0, 0] });
    expect(on.decide(top)).toMatchObject({ action: Action.Treat, dose: 4, size: 3, reason: R("stay"), eliminateFrom: -1 });
    // and when the dose above is eliminated
    const elim = stateOf([3, 3, 3, 4, 0], [0, 1, 0, 1, 0], 3, { n: [0, 1, 6, 0, 0], y: [0, 1, 0, 0, 0] }, 4);
    expect(on.decide(elim)).toMatchObject({ action: Action.Treat, dose: 3, reason: R("stay") });
  });
  it("a too-toxic current dose whose pool is not a de-escalation: one dose down, eliminating it", () => {
    // current dose 4 at 3/3, DU (BOIN eliminates it and de-escalates); dose 2: 2/4, D, backfilled;
    // dose 3: 0/12, E. Pool doses 2-4: 5 DLTs in 19, S (esc <= 3, de >= 6): no stay at an
    // eliminated dose, so de-escalate to dose 3 and eliminate from dose 4.
    const s = stateOf([3, 3, 3, 3, 0], [0, 1, 0, 3, 0], 3, { n: [0, 1, 9, 0, 0], y: [0, 1, 0, 0, 0] });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 2, size: 3, reason: R("de-escalate"), eliminateFrom: 3 });
  });
  it("a pooled de-escalation goes to the highest dose whose pool from the conflicting dose is safe", () => {
    // current dose 4 at 4/9, D; dose 2: 2/4, D, backfilled; dose 3: 0/6, E. Pool 2-4: 6/19, D
    // (de >= 6, elim >= 8). Pools from dose 2: 2/4 (D), 2/10 (S): dose 3.
    const s = stateOf([3, 3, 3, 9, 0], [0, 1, 0, 4, 0], 3, { n: [0, 1, 3, 0, 0], y: [0, 1, 0, 0, 0] });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 2, size: 3, reason: R("de-escalate"), eliminateFrom: -1 });
    // with current dose 4 at 5/9 (DU: elim >= 5): pool 7/19, D; the same dose 3, eliminating from dose 4
    const u = stateOf([3, 3, 3, 9, 0], [0, 1, 0, 5, 0], 3, { n: [0, 1, 3, 0, 0], y: [0, 1, 0, 0, 0] });
    expect(on.decide(u)).toMatchObject({ action: Action.Treat, dose: 2, reason: R("de-escalate"), eliminateFrom: 3 });
  });
  it("no safe pool from the conflicting dose: the dose below it, even one the table calls too toxic (as bfboin 0.1.1's sim.one.trial)", () => {
    // current dose 3 at 1/3, D; dose 2: 2/4, D, backfilled; pool 2-3: 3/7, D (de >= 3); dose 2
    // alone is D: down to dose 1, which holds 4/6 (3/1 + backfill 3/3), DU. Only below the
    // lowest dose is dose 1's toxicity checked.
    const s = stateOf([3, 3, 3, 0, 0], [1, 1, 1, 0, 0], 2, { n: [3, 1, 0, 0, 0], y: [3, 1, 0, 0, 0] });
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 0, size: 3, reason: R("de-escalate"), eliminateFrom: -1 });
  });
  it("below the lowest dose: stop when dose 1 is too toxic, else dose 1", () => {
    // current dose 2 at 0/3, E (BOIN escalates); dose 1: 3/1 + backfill 3/3 = 4/6, DU (elim >= 4),
    // not E: conflict. Pool 1-2: 4/9, D; dose 1 alone is not safe, and it is too toxic: stop.
    const s = stateOf([3, 3, 0, 0, 0], [1, 0, 0, 0, 0], 1, { n: [3, 0, 0, 0, 0], y: [3, 0, 0, 0, 0] });
    expect(on.decide(s)).toEqual(stop("lowest-dose-too-toxic", 0));
    // dose 1 at 3/6 (3/1 + 3/2): D, not DU; pool 3/9 D: dose 1
    const t = stateOf([3, 3, 0, 0, 0], [1, 0, 0, 0, 0], 1, { n: [3, 0, 0, 0, 0], y: [2, 0, 0, 0, 0] });
    expect(on.decide(t)).toMatchObject({ action: Action.Treat, dose: 0, reason: R("de-escalate"), eliminateFrom: -1 });
  });
  it("an eliminated current dose is left to the inner design", () => {
    // current dose 3 eliminated (eliminatedFrom = index 2) at 3/3; dose 2 at 2/4, D, backfilled.
    // BOIN leaves an eliminated dose for the highest dose below: dose 2. (The conflict rule would
    // pool 2-3, 5/7, D, find no safe pool and go to dose 1.)
    const s = stateOf([3, 3, 3, 0, 0], [0, 1, 3, 0, 0], 2, { n: [0, 1, 0, 0, 0], y: [0, 1, 0, 0, 0] }, 2);
    expect(on.decide(s)).toMatchObject({ action: Action.Treat, dose: 1 });
  });
  it('"all" needs backfilled patients somewhere: without any, it is the inner design', () => {
    // current dose 2 at 0/3 escalates, dose 1 at 2/3 (D) without backfill: "all" would pool
    // 2/6, D, and go to dose 1; with an empty backfill part nothing is pooled
    const s = stateOf([3, 3, 0, 0, 0], [2, 0, 0, 0, 0], 1, {});
    expect(all.decide(s)).toMatchObject({ action: Action.Treat, dose: 2, reason: R("escalate") });
    const t = stateOf([3, 3, 0, 0, 0], [2, 0, 0, 0, 0], 1, { n: [0, 0, 0, 1, 0], y: [0, 0, 0, 0, 0] });
    expect(all.decide(t)).toMatchObject({ action: Action.Treat, dose: 0, reason: R("de-escalate") });
  });
});

describe("what the conflict rule leaves alone, and the sizes it keeps", () => {
  // the state of the pooled escalation above: with BOIN it escalates to dose 5
  const s = stateOf([3, 3, 3, 4, 0], [0, 1, 0, 1, 0], 3, { n: [0, 1, 6, 0, 0], y: [0, 1, 0, 0, 0] });
  it("a chance (SMC review), an expansion cohort and a stop other than the early stop pass through", () => {
    const c = chance(0.5, 0, 1, 0, "stay");
    expect(bf({ ...boin, decide: () => c }).decide(s)).toBe(c);
    const x = treat(3, 3, "expansion", { expansion: true });
    expect(bf({ ...boin, decide: () => x }).decide(s)).toBe(x);
    const m = stop("max-n");
    expect(bf({ ...boin, decide: () => m }).decide(s)).toBe(m);
  });
  it("keeps the inner cohort size, or the largest cohort after an early stop", () => {
    expect(bf({ ...boin, decide: () => treat(3, 2, "stay") }).decide(s)).toMatchObject({ action: Action.Treat, dose: 4, size: 2, reason: R("escalate") });
    expect(bf({ ...boin, decide: () => stop("early-stop") }).decide(s)).toMatchObject({ action: Action.Treat, dose: 4, size: 3, reason: R("escalate") });
  });
  it("builds each decision once (the same object on every call)", () => {
    const d = bf({ ...boin, decide: () => treat(3, 2, "stay") });
    const a = d.decide(s);
    expect(d.decide(s)).toBe(a);
    const u = stateOf([3, 3, 3, 3, 0], [0, 1, 0, 3, 0], 3, { n: [0, 1, 9, 0, 0], y: [0, 1, 0, 0, 0] });
    const e = bf(boin);
    expect(e.decide(u)).toBe(e.decide(u));
  });
  it("a decision does not depend on the decisions made before it (property: forward and reverse order agree)", () => {
    const counts = fc.tuple(
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: K, maxLength: K }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: K, maxLength: K }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: K, maxLength: K }),
      fc.array(fc.integer({ min: 0, max: 6 }), { minLength: K, maxLength: K }),
      fc.integer({ min: 1, max: K - 1 }),
      fc.integer({ min: 1, max: 3 }),
    );
    fc.assert(
      fc.property(fc.array(counts, { minLength: 2, maxLength: 40 }), (cases) => {
        const states = cases.map(([n, y, bn, by, cur, size]) => ({
          size,
          s: stateOf(n, y.map((v, d) => Math.min(v, n[d])), cur, { n: bn, y: by.map((v, d) => Math.min(v, bn[d])) }),
        }));
        let size = 3;
        const mk = () => bf({ ...boin, decide: (t: TrialView) => treat(t.current, size, "stay") }, { conflictRule: "all" });
        const fwd = mk();
        const rev = mk();
        const a: Decision[] = states.map((c) => ((size = c.size), fwd.decide(c.s)));
        const b: Decision[] = [];
        for (let i = states.length - 1; i >= 0; i--) {
          size = states[i].size;
          b[i] = rev.decide(states[i].s);
        }
        for (let i = 0; i < states.length; i++) {
          expect(b[i]).toEqual(a[i]);
          // every cohort the modifier treats has the inner design's size
          if (a[i].action === Action.Treat) expect(a[i].size).toBe(states[i].size);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe("the open rule, selection and metrics with backfilled data", () => {
  it("never backfills an eliminated dose (off protocol: the escalation cohort above the eliminated doses)", () => {
    // doses 1-3 at 0/3 with responses, the cohort pending at dose 4, doses from 3 eliminated: dose 2
    const s = stateOf([3, 3, 3, 0, 0], [0, 0, 0, 0, 0], 3, { cohortDose: 3 }, 2);
    expect(bf(boin).backfillDose!(s)).toBe(1);
  });
  it("measures the inner design's metrics on the pooled counts", () => {
    const inner: Design = {
      ...boin,
      metrics: ["n2", "y2"],
      measure: (t, out, o) => {
        out[o] = t.n[1];
        out[o + 1] = t.y[1];
      },
    };
    const d = bf(inner);
    const out = new Float64Array(2);
    d.measure(stateOf([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1, { n: [0, 4, 0, 0, 0], y: [0, 2, 0, 0, 0] }), out, 0);
    // 3 + 4 patients, 1 + 2 DLTs at dose 2
    expect([...out]).toEqual([7, 3]);
    d.measure(stateOf([3, 3, 0, 0, 0], [0, 1, 0, 0, 0], 1), out, 0);
    expect([...out]).toEqual([3, 1]);
  });
});
