/**
 * The shared interval-design loop (src/designs/interval.ts) pinned by independent numbers:
 * R BOIN 2.7.2 get.boundary boundaries for target 0.3 (fixtures/boin.json, fullTables: n = 3 ->
 * escalate <= 0, de-escalate >= 2, eliminate >= 3; n = 6 -> <= 1, >= 3, >= 4; n = 33 -> <= 7,
 * >= 12, >= 15), the Beta-tail thresholds of the independent Python select.mtd generator
 * (fixtures/select-mtd-b.json, target 0.3, cutoff 0.9 = cutoffEli 0.95 - offset 0.05) and the
 * i3+3 exact-rational cells (fixtures/i3plus3.json). Covers the reasons each decision carries,
 * the early-stop flags in both senses, elimination only from n = 3, the extra safety rule and its
 * table, off-protocol counts above nCohorts × cohortSize and the lazily built larger tables.
 */
import { describe, expect, it } from "vitest";
import { boinTables, lambdaE } from "../../src/designs/boin.js";
import { Cell, emptyTables, extraSafeTable, intervalDesign, tableRows, tablesFromCells, type IntervalSpec } from "../../src/designs/interval.js";
import { lambdaD, NEVER } from "../../src/select/mtd.js";
import { Action, REASONS, type Decision } from "../../src/model/decision.js";
import { stateOf } from "../../src/model/outcomes.js";
import type { TrialView } from "../../src/model/state.js";
import { designOf } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";

const reason = (d: Decision) => REASONS[d.reason];
const boin = (extra: Record<string, unknown> = {}, doses = 3) => designOf({ type: "boin", target: 0.3, cohortSize: 3, nCohorts: 10, ...extra }, doses);

describe("the reason and elimination each decision of the loop carries (BOIN, target 0.3)", () => {
  const d = { decide: (v: TrialView) => boin({ startDose: 2 }).decide(v), describe: () => boin({ startDose: 2 }).describe() }; // built in each test
  it("the first cohort: 'start' at the start dose", () => {
    const dec = d.decide(stateOf("", 3));
    expect([dec.action, dec.dose, dec.size, reason(dec), dec.eliminateFrom]).toEqual([Action.Treat, 1, 3, "start", -1]);
  });
  it("0/3 escalates (<= 0 at n = 3), 1/3 stays, 2/3 de-escalates without eliminating", () => {
    const up = d.decide(stateOf("2NNN", 3));
    expect([up.dose, reason(up), up.eliminateFrom]).toEqual([2, "escalate", -1]);
    const stay = d.decide(stateOf("2NNT", 3));
    expect([stay.dose, reason(stay)]).toEqual([1, "stay"]);
    const down = d.decide(stateOf("2NTT", 3));
    expect([down.action, down.dose, reason(down), down.eliminateFrom]).toEqual([Action.Treat, 0, "de-escalate", -1]);
  });
  it("3/3 at dose 2 (>= 3 eliminates at n = 3): eliminate doses 2 and above, de-escalate to dose 1", () => {
    const dec = d.decide(stateOf("2TTT", 3));
    expect([dec.action, dec.dose, reason(dec), dec.eliminateFrom]).toEqual([Action.Treat, 0, "de-escalate", 1]);
  });
  it("3/3 at dose 1: stop, lowest dose too toxic, every dose eliminated", () => {
    const dec = d.decide(stateOf("1TTT", 3));
    expect([dec.action, reason(dec), dec.eliminateFrom]).toEqual([Action.Stop, "lowest-dose-too-toxic", 0]);
  });
  it("describe() reports the start dose 1-based, as the design file gives it", () => {
    expect(d.describe().startDose).toBe(2);
    expect(boin({ startDose: 3 }).describe().startDose).toBe(3);
  });
});

describe("nEarlyStop (BOIN target 0.3; n = 6: escalate if <= 1, de-escalate if >= 3, eliminate if >= 4)", () => {
  const staying = { decide: (v: TrialView) => boin({ nEarlyStop: 6, earlyStopRule: "if-staying" }).decide(v) };
  const always = { decide: (v: TrialView) => boin({ nEarlyStop: 6, earlyStopRule: "always" }).decide(v) };
  it("'if-staying': 2/6 would stay, so the trial stops at n = 6 = nEarlyStop", () => {
    expect(reason(staying.decide(stateOf("1NNN 1NTT", 3)))).toBe("early-stop");
  });
  it("'if-staying': 0/6 escalates and 3/6 at dose 2 de-escalates; neither stops", () => {
    const up = staying.decide(stateOf("1NNN 1NNN", 3));
    expect([up.action, up.dose, reason(up)]).toEqual([Action.Treat, 1, "escalate"]);
    const down = staying.decide(stateOf("1NNN 2NNT 2NTT", 3));
    expect([down.action, down.dose, reason(down)]).toEqual([Action.Treat, 0, "de-escalate"]);
  });
  it("'if-staying' with n = 6 below nEarlyStop = 7: 2/6 stays and treats", () => {
    const dec = boin({ nEarlyStop: 7 }).decide(stateOf("1NNN 1NTT", 3));
    expect([dec.action, dec.dose, reason(dec)]).toEqual([Action.Treat, 0, "stay"]);
  });
  it("'always': 0/6 stops at n = 6 before escalating, and 6/6 before eliminating", () => {
    expect(reason(always.decide(stateOf("1NNN 1NNN", 3)))).toBe("early-stop");
    const toxic = always.decide(stateOf("1TTT 1TTT", 3));
    expect([reason(toxic), toxic.eliminateFrom]).toEqual(["early-stop", -1]);
    // at n = 3 < 6 nothing stops early: 0/3 escalates
    expect(reason(always.decide(stateOf("1NNN", 3)))).toBe("escalate");
  });
});

describe("elimination needs at least minEliminationN = 3 patients at the dose", () => {
  // i3+3, target 0.3, EI [0.25, 0.35] (fixtures/i3plus3.json, n = 2: "ESU"): 2/2 is a DU cell
  const fx = fixture("i3plus3.json") as { tables: { target: number; epsilon1: number; epsilon2: number; cutoffEli: number; cells: string[] }[] };
  const cells = fx.tables.find((t) => t.target === 0.3 && t.epsilon2 === 0.05 && t.cutoffEli === 0.95)!.cells;
  const i33 = { decide: (v: TrialView) => designOf({ type: "i3plus3", target: 0.3, cohortSize: 1, nCohorts: 12 }, 3).decide(v) };
  it("2/2 (a DU cell) at dose 1 stays: the cell de-escalates and there is no lower dose, and n = 2 < 3 eliminates nothing", () => {
    expect(cells[1]).toBe("ESU");
    const dec = i33.decide(stateOf("1T 1T", 3));
    expect([dec.action, dec.dose, reason(dec), dec.eliminateFrom]).toEqual([Action.Treat, 0, "stay", -1]);
  });
  it("2/2 at dose 2 de-escalates without eliminating; 3/3 (n = 3: 'ESDU') eliminates", () => {
    const down = i33.decide(stateOf("1N 2T 2T", 3));
    expect([down.dose, reason(down), down.eliminateFrom]).toEqual([0, "de-escalate", -1]);
    expect(cells[2]).toBe("ESDU");
    const elim = i33.decide(stateOf("1N 2T 2T 2T", 3));
    expect([elim.dose, reason(elim), elim.eliminateFrom]).toEqual([0, "de-escalate", 1]);
  });
});

describe("the extra safety rule at the lowest dose (BOIN extraSafe, cutoff 0.95 - 0.05 = 0.9)", () => {
  const sel = fixture("select-mtd-b.json") as { thresholds: { target: number; cutoff: number; byN: Record<string, number | null> }[] };
  const by = sel.thresholds.find((t) => t.target === 0.3 && t.cutoff === 0.9)!.byN;
  it("extraSafeTable(0.3, 0.9) has rows 0..maxN: NEVER below n = 3, then the independent thresholds up to n = maxN", () => {
    const x = extraSafeTable(0.3, 0.9)(15);
    expect(x.length).toBe(16);
    expect([x[0], x[1], x[2]]).toEqual([NEVER, NEVER, NEVER]);
    for (let n = 3; n <= 15; n++) expect(x[n], `n = ${n}`).toBe(by[String(n)]);
    // the last row is filled too (n = maxN = 6: 4)
    expect(extraSafeTable(0.3, 0.9)(6)[6]).toBe(4);
  });
  it("2/3 at dose 1: the extra rule (>= 2 at n = 3) stops with no MTD; without it the trial stays (elimination needs 3)", () => {
    expect(by["3"]).toBe(2);
    const safe = boin({ extraSafe: true });
    const dec = safe.decide(stateOf("1NTT", 3));
    expect([dec.action, reason(dec)]).toEqual([Action.Stop, "lowest-dose-too-toxic"]);
    expect(reason(boin().decide(stateOf("1NTT", 3)))).toBe("stay");
    // the same 2/3 at dose 2 only de-escalates: the rule is for dose 1
    const d2 = safe.decide(stateOf("1NNN 2NTT", 3));
    expect([d2.action, d2.dose, reason(d2)]).toEqual([Action.Treat, 0, "de-escalate"]);
  });
  it("the loop applies the extra rule only from n = 3, whatever thresholds the spec gives below", () => {
    // a spec whose extra-safety table says ">= 1 DLT" at every n, and tables that never move
    const spec: IntervalSpec = {
      type: "probe", numDoses: 2, target: 0.3, cohortSize: 1, nCohorts: 6, startDose: 0,
      tablesFor: (m) => emptyTables(m), minEliminationN: 3,
      extraSafeFor: (m) => new Int32Array(m + 1).fill(1),
      nEarlyStop: 100, earlyStopRule: "if-staying", boundMtd: null, parameters: {}, tableNote: "",
    };
    const d = intervalDesign(spec);
    expect(reason(d.decide(stateOf("1T", 2)))).toBe("stay");
    expect(reason(d.decide(stateOf("1T 1T", 2)))).toBe("stay");
    expect(reason(d.decide(stateOf("1T 1N 1N", 2)))).toBe("lowest-dose-too-toxic");
  });
});

describe("counts above the tables' nCohorts × cohortSize", () => {
  it("a view with more patients at the dose than the tables hold is judged at the tables' last row (n = 30)", () => {
    // a custom modifier's view: 20 DLTs in 40 patients at dose 1 but only 10 escalation patients
    // counted; at n = 30 BOIN 0.3 eliminates with >= 14 (fixtures/boin.json), so 20 eliminates
    const n = Int32Array.from([40, 0, 0]);
    const y = Int32Array.from([20, 0, 0]);
    const zero = new Int32Array(3);
    const view: TrialView = { numDoses: 3, n, y, en: zero, ey: zero, mem: new Int32Array(0), current: 0, eliminatedFrom: 3, cohorts: 4, escalationN: 10, expansionN: 0 };
    const fx = fixture("boin.json") as { fullTables: { target: number; eliminateAtLeast: (number | null)[] }[] };
    expect(fx.fullTables.find((t) => t.target === 0.3)!.eliminateAtLeast[29]).toBe(14);
    expect(reason(boin().decide(view))).toBe("lowest-dose-too-toxic");
  });

  it("builds larger tables once, on first use, at least twice nCohorts × cohortSize; never for counts within the tables", () => {
    const le = lambdaE(0.3, 0.18);
    const ld = lambdaD(0.3, 0.42);
    const calls: number[] = [];
    const d = intervalDesign({
      type: "boin", numDoses: 3, target: 0.3, cohortSize: 3, nCohorts: 10, startDose: 0,
      tablesFor: (m) => (calls.push(m), boinTables(0.3, le, ld, 0.95, m)), minEliminationN: 3,
      extraSafeFor: null, nEarlyStop: 100, earlyStopRule: "if-staying", boundMtd: null, parameters: {}, tableNote: "",
    });
    const at = (n: number, y: number) => stateOf(`1${"N".repeat(n - y)}${"T".repeat(y)}`, 3);
    expect(calls).toEqual([30]);
    d.explain!(at(6, 1));
    d.explain!(at(30, 5));
    d.selectMtd(at(30, 5));
    d.decisionTable!();
    expect(calls).toEqual([30]);
    // n = 33 > 30: tables for max(33, 2 × 30) = 60, read at row 33 (R BOIN get.boundary, target 0.3:
    // escalate <= floor(0.2365 × 33) = 7, de-escalate >= ceiling(0.3585 × 33) = 12, eliminate >= 15)
    expect(d.explain!(at(33, 5))).toMatch(/at n=33: escalate if <= 7, de-escalate if >= 12, eliminate if >= 15/);
    expect(calls).toEqual([30, 60]);
    d.explain!(at(33, 5));
    d.explain!(at(45, 5));
    d.selectMtd(at(60, 5));
    expect(calls).toEqual([30, 60]);
    d.explain!(at(61, 5));
    expect(calls).toEqual([30, 60, 61]);
    d.decisionTable!(12);
    expect(calls).toEqual([30, 60, 61, 12]);
  });

  it("explain names the eliminated doses 1-based", () => {
    const s = stateOf("1NNN 2TTT 2NNN", 3);
    s.eliminate(1);
    expect(boin().explain!(s)).toMatch(/; dose 2 is eliminated \(doses 2 and above\), so the trial moves below them$/);
    const t = stateOf("1NNN 2NNN 3NNN", 3);
    t.eliminate(2);
    expect(boin().explain!(t)).toMatch(/dose 3 is eliminated \(doses 3 and above\)/);
  });
});

describe("tables from cells and empty tables", () => {
  it("emptyTables: never escalate (-1), never de-escalate or eliminate (NEVER) at every n, n = 0 included", () => {
    const t = emptyTables(4);
    expect(Array.from(t.escalateAtMost)).toEqual([-1, -1, -1, -1, -1]);
    expect(Array.from(t.deEscalateAtLeast)).toEqual([NEVER, NEVER, NEVER, NEVER, NEVER]);
    expect(Array.from(t.eliminateAtLeast)).toEqual([NEVER, NEVER, NEVER, NEVER, NEVER]);
    expect(tableRows(t, [0, 4])).toEqual([
      { n: 0, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null },
      { n: 4, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null },
    ]);
  });
  it("a row with no E cell never escalates; D before DU gives de-escalation at the first D", () => {
    // n = 1: S S; n = 2: S D DU; n = 3: E S D DU
    const rows: Cell[][] = [[], [Cell.S, Cell.S], [Cell.S, Cell.D, Cell.DU], [Cell.E, Cell.S, Cell.D, Cell.DU]];
    const t = tablesFromCells(3, (n, y) => rows[n][y]);
    expect(Array.from(t.escalateAtMost)).toEqual([-1, -1, -1, 0]);
    expect(Array.from(t.deEscalateAtLeast)).toEqual([NEVER, NEVER, 1, 2]);
    expect(Array.from(t.eliminateAtLeast)).toEqual([NEVER, NEVER, 2, 3]);
  });
});
