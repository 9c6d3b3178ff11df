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
import { BackfillTrialState } from "../../src/model/pending.js";
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

interface Part {
  n?: number[];
  y?: number[];
  enrolled?: number[];
  responded?: number[];
  cohortDose?: number;
  done?: number;
  dlts?: number;
}
/** A state with escalation counts (n, y) at `current` and a backfill part (omitted: none). */
function stateOf(n: number[], y: number[], current: number, part?: Part, eliminatedFrom = K): TrialView {
  const s = new BackfillTrialState(K, 4);
  s.reset(0);
  for (let d = 0; d < K; d++) {
    s.n[d] = n[d];
    s.y[d] = y[d];
    s.escalationN += n[d];
  }
  s.current = current;
  s.cohorts = Math.ceil(s.escalationN / 3);
  s.eliminatedFrom = eliminatedFrom;
  const b = s.backfill;
  for (let d = 0; d < K; d++) {
    b.n[d] = part?.n?.[d] ?? 0;
    b.y[d] = part?.y?.[d] ?? 0;
    b.enrolled[d] = part?.enrolled?.[d] ?? b.n[d];
    b.responded[d] = part?.responded?.[d] ?? 1;
  }
  b.cohortDose = part?.cohortDose ?? current;
  b.cohortDone = part?.done ?? 0;
  b.cohortDlts = part?.dlts ?? 0;
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
