/**
 * Mutation testing, part L: the TITE interval designs (src/designs/tite-interval.ts,
 * tite-boin.ts, tite-keyboard.ts, pending-table.ts) against test/reference/fixtures/tite-interval.json,
 * computed independently in Python with SciPy by gen_tite_interval.py from the published rules
 * (Yuan et al. 2018 for TITE-BOIN's single mean imputation, Lin & Yuan 2020 for the effective sample
 * size and TITE-Keyboard, Chen et al. 2025 for Rules 1 and 2):
 * - the decision at the current dose with patients pending, for 618 states (n = 3, 6, 9 with every
 *   y and c >= 1, four patterns of follow-up, at the lowest, a middle and the top dose, next to an
 *   eliminated dose, at 23 and 24 of 24 patients, n = 1, 2, 4, 8, 10) and 12 designs (suspension share, Rules 1 and 2 in
 *   both senses, extra safety, nEarlyStop in both senses, both estimates, both designs);
 * - the `explain` sentence for a subset of them;
 * - four decision tables with pending patients, cell by cell (change points to 1e-6) and in the
 *   published layout.
 * Then the wiring of the design object (hand-checked): the forwarded fields, describe, the untimed
 * table, the table's n range, the explanation with nobody pending.
 */
import { describe, expect, it } from "vitest";
import { DESIGNS } from "../../src/designs/index.js";
import { resolveParams } from "../../src/config/params.js";
import { Action, REASONS, type Decision } from "../../src/model/decision.js";
import { PendingTrialState, SUSPEND } from "../../src/model/pending.js";
import { TrialState } from "../../src/model/state.js";
import { pendingSegments, publishedLayout, segmentLabel, type PendingCell } from "../../src/designs/pending-table.js";
import fixture from "../reference/fixtures/tite-interval.json" with { type: "json" };

const K = 5;
function build(raw: Record<string, unknown>, doses = K) {
  const { type, ...rest } = raw;
  const entry = DESIGNS.get(type as string)!;
  return entry.build(resolveParams(entry.params, rest, "(test)", "design"), doses);
}

interface St {
  current: number;
  n: number[];
  y: number[];
  followUps: number[];
  eliminatedFrom?: number;
}
function stateOf(st: St, memSlots: number): PendingTrialState {
  const s = new PendingTrialState(K, memSlots);
  s.reset(0);
  for (let d = 0; d < K; d++) if (st.n[d] > 0) s.addCohort(d, st.n[d], st.y[d], false);
  s.current = st.current;
  for (const f of st.followUps) s.addPending(st.current, f);
  if (st.eliminatedFrom !== undefined) s.eliminate(st.eliminatedFrom);
  return s;
}
function words(d: Decision): string {
  if (d === SUSPEND) return "suspend";
  if (d.action === Action.Stop) return `stop ${REASONS[d.reason]}`;
  return `treat ${d.dose} ${d.size} ${REASONS[d.reason]} ${d.eliminateFrom}`;
}

const designs = fixture.designs as Record<string, Record<string, unknown>>;
const states = fixture.states as St[];
const decide = fixture.decide as Record<string, string[]>;
const explain = fixture.explain as Record<string, (string | null)[]>;

describe("the decision with patients pending at the dose (Python reference)", () => {
  for (const [name, raw] of Object.entries(designs)) {
    it(`${name}: ${JSON.stringify(raw)}`, () => {
      const design = build(raw);
      const got = states.map((st) => words(design.decide(stateOf(st, design.memSlots))));
      // one line per state, so a failure names the state
      const diff = got.map((g, i) => (g === decide[name][i] ? null : `${JSON.stringify(states[i])}: ${g}, expected ${decide[name][i]}`)).filter((x) => x !== null);
      expect(diff).toEqual([]);
    });
  }
});

describe("explain with patients pending at the dose (Python reference)", () => {
  for (const [name, lines] of Object.entries(explain)) {
    it(name, () => {
      const design = build(designs[name]);
      let checked = 0;
      lines.forEach((line, i) => {
        if (line === null) return;
        expect(design.explain!(stateOf(states[i], design.memSlots)), JSON.stringify(states[i])).toBe(line);
        checked++;
      });
      expect(checked).toBeGreaterThan(100);
    });
  }
});

interface TableFixture {
  design: Record<string, unknown>;
  cells: { n: number; dlt: number; pending: number; segments: { decision: string; from: number }[]; label: string }[];
  rows: unknown[];
}
describe("decision tables with pending patients (Python reference)", () => {
  for (const [name, t] of Object.entries(fixture.tables as Record<string, TableFixture>)) {
    it(`${name}: every cell, its segments to 1e-6 and its label`, () => {
      const table = build(t.design).pendingTable!();
      expect(table.cells.length).toBe(t.cells.length);
      t.cells.forEach((want, i) => {
        const got = table.cells[i];
        const where = `n=${want.n} y=${want.dlt} c=${want.pending}`;
        expect([got.n, got.dlt, got.pending, got.label], where).toEqual([want.n, want.dlt, want.pending, want.label]);
        expect(got.segments.map((s) => s.decision), where).toEqual(want.segments.map((s) => s.decision));
        got.segments.forEach((s, k) => expect(Math.abs(s.from - want.segments[k].from), where).toBeLessThan(1e-6));
      });
    });
    it(`${name}: the published layout`, () => {
      expect(build(t.design).pendingTable!().rows).toEqual(t.rows);
    });
  }
});

describe("the design object (hand-checked wiring)", () => {
  // built inside each test: a design built while the file is collected would count as static coverage
  const tite = () => build({ type: "tite-boin", target: 0.3, cohortSize: 2, nCohorts: 5, startDose: 2, minFollowUp: 0.2 }, 4);
  const untimed = () => build({ type: "boin", target: 0.3, cohortSize: 2, nCohorts: 5, startDose: 2 }, 4);

  it("forwards the untimed design's fields; its own cap and cohort size", () => {
    const T = tite();
    const B = untimed();
    expect([T.type, T.numDoses, T.startDose, T.memSlots, T.maxCohortSize, T.maxPatients, T.maxExpansionPatients]).toEqual(["tite-boin", 4, 1, B.memSlots, 2, 10, 0]);
    expect(T.metrics).toEqual(B.metrics);
    expect(T.decidesWithPending).toBe(true);
  });

  it("describe: the untimed design's parameters, the type, the estimate and the conduct options", () => {
    const T = tite();
    const B = untimed();
    const d = T.describe();
    expect(d).toEqual({ ...B.describe(), type: "tite-boin", estimate: "imputation", suspendShare: 0.5, minCompletedShare: 0, minFollowUp: 0.2, shortFollowUp: "stay" });
    const kb = build({ type: "tite-keyboard", target: 0.25, shortFollowUp: "suspend" }).describe();
    expect(kb.type).toBe("tite-keyboard");
    expect(kb.shortFollowUp).toBe("suspend");
    expect(kb.estimate).toBeUndefined();
  });

  it("the untimed decision table under its own type", () => {
    const T = tite();
    const B = untimed();
    const t = T.decisionTable!(6);
    expect(t).toEqual({ ...B.decisionTable!(6), type: "tite-boin" });
  });

  it("selection and measures are the untimed design's", () => {
    const T = tite();
    const B = untimed();
    const s = new TrialState(4, T.memSlots);
    s.reset(1);
    s.addCohort(0, 6, 0, false);
    s.addCohort(1, 6, 1, false);
    s.addCohort(2, 6, 4, false);
    expect(T.selectMtd(s)).toBe(B.selectMtd(s));
    expect(T.selectMtd(s)).toBe(1); // isotonic estimates 0, 1/6, 4/6: 1/6 is the closest to 0.3
    const a = new Float64Array(B.metrics.length + 2);
    const b = new Float64Array(B.metrics.length + 2);
    T.measure(s, a, 1);
    B.measure(s, b, 1);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it("the table's n: cohorts of 2 up to the cap or the requested n", () => {
    const T = tite();
    const ns = (t: { cells: readonly PendingCell[] }) => [...new Set(t.cells.map((c) => c.n))];
    expect(ns(T.pendingTable!())).toEqual([2, 4, 6, 8, 10]);
    expect(ns(T.pendingTable!(7))).toEqual([2, 4, 6]);
    expect(ns(T.pendingTable!(40))).toEqual([2, 4, 6, 8, 10]);
    expect(T.pendingTable!().cohortSize).toBe(2);
    expect(T.pendingTable!().target).toBe(0.3);
    expect(T.pendingTable!().type).toBe("tite-boin");
  });

  it("the table's notes name the design, the estimate and Rule 2", () => {
    const T = tite();
    expect(T.pendingTable!().note).toContain("single mean imputation");
    expect(T.pendingTable!().note).toContain("Escalation also needs every pending patient followed for 0.2 of the window (not shown).");
    const e = build({ type: "tite-boin", target: 0.25, estimate: "ess" }).pendingTable!(3).note;
    expect(e).toContain("effective-sample-size estimate (Lin & Yuan 2020)");
    expect(e).not.toContain("Escalation also needs");
    expect(e.endsWith("(STFT: standardized total follow-up time of the pending patients).")).toBe(true);
    expect(build({ type: "tite-keyboard", target: 0.25 }).pendingTable!(3).note).toContain("target key [0.2, 0.3]");
  });

  it("explain with nobody pending at the dose is the untimed design's, said so", () => {
    const T = tite();
    const B = untimed();
    const s = new PendingTrialState(4, T.memSlots);
    s.reset(1);
    s.addCohort(1, 2, 0, false);
    s.addPending(0, 0.5); // pending elsewhere only
    expect(T.explain!(s)).toBe(`${B.explain!(s)} (no patient pending at dose 2: the boin rule)`);
  });

  it("nobody pending at the dose: the untimed decision (equal to the untimed design's)", () => {
    const T = tite();
    const B = untimed();
    const s = new PendingTrialState(4, T.memSlots);
    s.reset(1);
    s.addCohort(1, 2, 0, false);
    s.addCohort(2, 2, 0, false);
    s.addPending(1, 0.5);
    expect(T.decide(s)).toEqual(B.decide(s));
    expect(words(T.decide(s))).toBe("treat 3 2 escalate -1");
  });
});

describe("pending-table helpers (hand-checked)", () => {
  it("labels: one segment, a published pair (low STFT first: the cautious decision), three segments", () => {
    expect(segmentLabel([{ decision: "SUS", from: 0 }])).toBe("SUS");
    expect(segmentLabel([{ decision: "S", from: 0 }, { decision: "E", from: 2.1506 }])).toBe("ES 2.15");
    expect(segmentLabel([{ decision: "D", from: 0 }, { decision: "S", from: 0.5249 }, { decision: "E", from: 2.004 }])).toBe("D / 0.52 S / 2.00 E");
  });

  it("segments: a step at STFT = 1.3 of c = 2 is found to 1e-12; c = 0 is one segment", () => {
    const f = (_n: number, _y: number, _c: number, s: number) => (s >= 1.3 ? "E" : "S");
    const segs = pendingSegments(f, 6, 1, 2);
    expect(segs.map((s) => s.decision)).toEqual(["S", "E"]);
    expect(segs[0].from).toBe(0);
    expect(Math.abs(segs[1].from - 1.3)).toBeLessThan(1e-12);
    expect(pendingSegments(f, 6, 1, 0)).toEqual([{ decision: "S", from: 0 }]);
    // two steps, and back: S on [0, 0.5), D on [0.5, 1.5), S after
    const g = (_n: number, _y: number, _c: number, s: number) => (s >= 0.5 && s < 1.5 ? "D" : "S");
    const t = pendingSegments(g, 6, 1, 3);
    expect(t.map((s) => s.decision)).toEqual(["S", "D", "S"]);
    expect(Math.abs(t[1].from - 0.5)).toBeLessThan(1e-12);
    expect(Math.abs(t[2].from - 1.5)).toBeLessThan(1e-12);
    // a decision fixed on [0, c): the scan stops before c (STFT < c), so a change at c is not seen
    expect(pendingSegments((_n, _y, c, s) => (s >= c ? "E" : "S"), 3, 0, 1)).toEqual([{ decision: "S", from: 0 }]);
  });

  it("layout: runs of one decision merged ('3-4', '>=y' up to y = n), pending groups merged, the last open", () => {
    const cell = (n: number, dlt: number, pending: number, label: string): PendingCell => ({ n, dlt, pending, label, segments: [] });
    const cells = [
      cell(4, 0, 0, "E"), cell(4, 0, 1, "E"), cell(4, 0, 2, "SUS"), cell(4, 0, 3, "SUS"), cell(4, 0, 4, "SUS"),
      cell(4, 1, 0, "S"), cell(4, 1, 1, "S"), cell(4, 1, 2, "S"), cell(4, 1, 3, "S"),
      cell(4, 2, 0, "D"), cell(4, 2, 1, "D"), cell(4, 2, 2, "D"),
      cell(4, 3, 0, "D"), cell(4, 3, 1, "D"),
      cell(4, 4, 0, "DE"),
      cell(5, 0, 0, "E"),
      cell(5, 1, 0, "E"),
      cell(5, 2, 0, "S"), cell(5, 2, 1, "ES 0.40"), cell(5, 2, 2, "S"),
      cell(5, 3, 0, "DE"), cell(5, 4, 0, "DE"), cell(5, 5, 0, "DE"),
    ];
    expect(publishedLayout(cells)).toEqual([
      { n: 4, dlt: "0", pending: ["0-1", ">=2"], decisions: ["E", "SUS"] },
      { n: 4, dlt: "1", pending: ["0-3"], decisions: ["S"] },
      { n: 4, dlt: "2-3", pending: ["0-2"], decisions: ["D"] },
      { n: 4, dlt: "4", pending: ["0"], decisions: ["DE"] },
      { n: 5, dlt: "0-1", pending: ["0"], decisions: ["E"] },
      { n: 5, dlt: "2", pending: ["0", "1", ">=2"], decisions: ["S", "ES 0.40", "S"] },
      { n: 5, dlt: ">=3", pending: ["0"], decisions: ["DE"] },
    ]);
    // the cells in any order give the same layout (sorted by pending count within a DLT count)
    expect(publishedLayout([...cells].reverse())).toEqual(publishedLayout(cells).slice(4).concat(publishedLayout(cells).slice(0, 4)));
    // a one-decision line is not merged with a following line of several groups, even one starting with its decision
    expect(publishedLayout([cell(2, 0, 0, "E"), cell(2, 0, 1, "E"), cell(2, 0, 2, "SUS"), cell(2, 1, 0, "E"), cell(2, 1, 1, "E"), cell(2, 2, 0, "DE")]).map((r) => [r.dlt, ...r.pending])).toEqual([
      ["0", "0-1", ">=2"],
      ["1", "0-1"],
      ["2", "0"],
    ]);
    expect(publishedLayout([cell(2, 0, 0, "E"), cell(2, 1, 0, "E"), cell(2, 1, 1, "SUS"), cell(2, 2, 0, "DE")]).map((r) => [r.dlt, ...r.decisions])).toEqual([
      ["0", "E"],
      ["1", "E", "SUS"],
      ["2", "DE"],
    ]);
    // a pending count missing from the cells breaks a group even under one label
    expect(publishedLayout([cell(3, 0, 2, "S"), cell(3, 0, 0, "S"), cell(3, 1, 0, "D"), cell(3, 2, 0, "D"), cell(3, 3, 0, "D")])).toEqual([
      { n: 3, dlt: "0", pending: ["0", ">=2"], decisions: ["S", "S"] },
      { n: 3, dlt: ">=1", pending: ["0"], decisions: ["D"] },
    ]);
  });
});
