/**
 * The A+B family (Lin & Shih 2001, Biostatistics 2(2):203-215; src/designs/a-plus-b.ts) pinned
 * decision by decision, each worked by hand from the rule in the comments: the reason and the
 * elimination every decision carries, the edges of every count the rule covers (n < A, n = A,
 * A < n < A + B, n = A + B) and of those it does not (n > A + B judged on y / n against
 * E / (A + B), exactly at the threshold too), de-escalation's confirmation step, eliminated doses,
 * maxPatients, the validation of the parameters at their edges, and the words of explain, the
 * decision table and describe.
 */
import { describe, expect, it } from "vitest";
import { aPlusB, aPlusBParams } from "../../src/designs/a-plus-b.js";
import { resolveParams } from "../../src/config/params.js";
import { Action, REASONS, type Decision } from "../../src/model/decision.js";
import { stateOf } from "../../src/model/outcomes.js";
import { designOf } from "../helpers/build.js";

const apb = (extra: Record<string, unknown> = {}, doses = 5) => designOf({ type: "a-plus-b", ...extra }, doses);
// built inside each test (a design built while the file is collected would count as static
// coverage for Stryker, and its construction-time mutants would not be run against these tests)
const classic = () => apb();
const deEsc = () => apb({ deEscalation: true }, 4);
/** [action, 1-based dose, size, reason, eliminateFrom (0-based, -1 none)] */
const full = (dec: Decision) => [dec.action === Action.Treat ? "treat" : dec.action === Action.Stop ? "stop" : "chance", dec.action === Action.Treat ? dec.dose + 1 : null, dec.size, REASONS[dec.reason], dec.eliminateFrom];
const decide = (design = classic(), outcomes: string, eliminateFrom = -1) => {
  const s = stateOf(outcomes, design.numDoses);
  if (eliminateFrom >= 0) s.eliminate(eliminateFrom);
  return full(design.decide(s));
};
const many = (dose: number, n: number, y: number) => `${dose}${"N".repeat(n - y)}${"T".repeat(y)}`;

describe("3+3 (A = B = 3, C = D = E = 1): every decision's reason and elimination", () => {
  it("start, escalate (0/3 < C), expand-cohort (C <= 1/3 <= D), too toxic (2/3 > D, at dose 1 and above)", () => {
    expect(decide(classic(), "")).toEqual(["treat", 1, 3, "start", -1]);
    expect(decide(classic(), "1NNN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(classic(), "1NNT")).toEqual(["treat", 1, 3, "expand-cohort", -1]);
    expect(decide(classic(), "1NTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(classic(), "1TTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(classic(), "1NNN 2NTT")).toEqual(["stop", null, 0, "dose-too-toxic", 1]);
    // 1/6 <= E escalates, 2/6 > E is too toxic
    expect(decide(classic(), "1NNN 2NNT 2NNN")).toEqual(["treat", 3, 3, "escalate", -1]);
    expect(decide(classic(), "1NNN 2NNT 2NNT")).toEqual(["stop", null, 0, "dose-too-toxic", 1]);
    expect(decide(classic(), "1NNN 2NNN 3NNN 4NNN 5NNN")).toEqual(["stop", null, 0, "top-dose-passed", -1]);
  });
  it("the first cohort at startDose 3 is a 'start'; an untried current dose after cohorts (moved by a modifier) is an 'escalate'", () => {
    const s = stateOf("", 5);
    s.current = 2;
    expect(full(apb({ startDose: 3 }).decide(s))).toEqual(["treat", 3, 3, "start", -1]);
    const t = stateOf("1NNN", 5);
    t.current = 1;
    expect(full(classic().decide(t))).toEqual(["treat", 2, 3, "escalate", -1]);
  });
  it("selects the highest passed dose below the first too-toxic one", () => {
    expect(classic().selectMtd(stateOf("1NNN 2NNT 2NNN 3NTT", 5))).toBe(1);
    expect(classic().selectMtd(stateOf("1NNN 2NNN 3NNN 4NNT", 5))).toBe(2); // dose 4 pending: not passed
    expect(classic().selectMtd(stateOf("1NNT", 5))).toBe(-1);
  });
});

describe("counts the 3+3 rule does not cover (off protocol)", () => {
  it("n < A: 1/1 and 1/2 are not yet more than D = 1, so the missing patients are treated; 2/2 is too toxic", () => {
    expect(decide(classic(), "1T")).toEqual(["treat", 1, 2, "expand-cohort", -1]); // A - n = 3 - 1
    expect(decide(classic(), "1NT")).toEqual(["treat", 1, 1, "expand-cohort", -1]);
    expect(decide(classic(), "1N")).toEqual(["treat", 1, 2, "expand-cohort", -1]);
    expect(decide(classic(), "1TT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
  });
  it("A < n < A + B: 0/4 and 0/5 passed (< C), 1/5 needs 1 more, 2/5 is too toxic (> E)", () => {
    expect(decide(classic(), "1NNNN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(classic(), "1NNNNN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(classic(), "1NNNNT")).toEqual(["treat", 1, 1, "expand-cohort", -1]); // A + B - n = 6 - 5
    expect(decide(classic(), "1NNNTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
  });
  it("n > A + B: passed iff y / n <= 1/6, i.e. 6y <= n: 0/7 and 2/12 (exactly 1/6) pass, 2/11 does not", () => {
    expect(decide(classic(), many(1, 7, 0))).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(classic().selectMtd(stateOf(many(1, 7, 0), 5))).toBe(0);
    expect(decide(classic(), many(1, 12, 2))).toEqual(["treat", 2, 3, "escalate", -1]); // 12 <= 12
    expect(decide(classic(), many(1, 11, 2))).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]); // 12 > 11
    expect(decide(classic(), `1NNN ${many(2, 13, 2)}`)).toEqual(["treat", 3, 3, "escalate", -1]);
    expect(classic().selectMtd(stateOf(`1NNN ${many(2, 11, 2)}`, 5))).toBe(0);
  });
  it("escalation from a passed dose skips only passed doses and never enters an eliminated one, even with passing counts", () => {
    // dose 3 eliminated (by a modifier) though 0/3 there: from dose 1, dose 2 has passed, dose 3 is off limits
    expect(decide(classic(), "1NNN 2NNN 3NNN 1NNN", 2)).toEqual(["stop", null, 0, "dose-too-toxic", 2]);
    const s = stateOf("1NNN 2NNN 3NNN 1NNN", 5);
    s.eliminate(2);
    expect(classic().selectMtd(s)).toBe(1);
    expect(decide(classic(), "1NNN 2NNN 3NNN 4NNN 1NNN")).toEqual(["treat", 5, 3, "escalate", -1]);
  });
});

describe("de-escalation: the dose below the first too-toxic dose needs A + B patients", () => {
  it("0/3 below 2/3: step down with B = 3 more, eliminating the toxic dose and above", () => {
    expect(decide(deEsc(), "1NNN 2NNN 3TTN")).toEqual(["treat", 2, 3, "de-escalate", 2]);
  });
  it("1/3 (pending) below: B more; 0/4 below: 6 - 4 = 2 more; 0/2 below (incomplete): 1 more", () => {
    expect(decide(deEsc(), "1NNN 2NTN 3TTN")).toEqual(["treat", 2, 3, "de-escalate", 2]);
    expect(decide(deEsc(), "1NNN 2NNNN 3TTN")).toEqual(["treat", 2, 2, "de-escalate", 2]);
    expect(decide(deEsc(), "1NNN 2NN 3TTN")).toEqual(["treat", 2, 1, "de-escalate", 2]);
  });
  it("the dose below already has 6 (1/6): declared the MTD, the toxic dose and above eliminated", () => {
    expect(decide(deEsc(), "1NNN 2NTN 2NNN 3TTN")).toEqual(["stop", null, 0, "mtd-declared", 2]);
  });
  it("at the candidate itself (the dose above it too toxic), B more at the same dose: an 'expand-cohort'", () => {
    expect(decide(deEsc(), "1NNN 3TTN 2NNN")).toEqual(["treat", 2, 3, "expand-cohort", 2]);
    expect(decide(classic(), "1NNN 3TTN 2NNN")).toEqual(["stop", null, 0, "dose-too-toxic", 2]);
    expect(decide(deEsc(), "1NNN 2NNN 3NTT 1NNN")).toEqual(["treat", 2, 3, "expand-cohort", 2]);
  });
  it("a dose below with more than A + B patients that passed (0/7) is declared at once", () => {
    expect(decide(deEsc(), "1NNNNNNN 2TTN")).toEqual(["stop", null, 0, "mtd-declared", 1]);
  });
  it("a too-toxic lowest dose stops at once", () => {
    expect(decide(deEsc(), "1TTN")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(deEsc(), "1NNN 2TTN 1TTN")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
  });
});

describe("maxPatients", () => {
  it("a cohort that reaches maxPatients exactly is treated; one that would exceed it stops", () => {
    const six = apb({ maxPatients: 6 });
    expect(decide(six, "1NNN")).toEqual(["treat", 2, 3, "escalate", -1]); // 3 + 3 = 6
    expect(decide(six, "1NNN 2NNN")).toEqual(["stop", null, 0, "max-n", -1]);
    expect(decide(apb({ maxPatients: 8 }), "1NNN 2NNT")).toEqual(["stop", null, 0, "max-n", -1]); // 6 + 3 > 8
    expect(decide(apb({ maxPatients: 7 }), "1NNN 2NNT 2N")).toEqual(["stop", null, 0, "max-n", -1]); // 7 + 2 > 7
  });
  it("the design's maximum is doses × (A + B), or maxPatients when smaller", () => {
    expect(classic().maxPatients).toBe(30); // 5 × 6
    expect(apb({ maxPatients: 100 }).maxPatients).toBe(30);
    expect(apb({ maxPatients: 12 }).maxPatients).toBe(12);
    expect(apb({ a: 2, b: 4 }, 3).maxPatients).toBe(18); // 3 × 6
    expect(apb({ b: 0, c: 2 }, 4).maxPatients).toBe(12); // 4 × 3
    expect(apb({ a: 2, b: 4 }, 3).maxCohortSize).toBe(4);
    expect(apb({ a: 4, b: 2 }, 3).maxCohortSize).toBe(4);
  });
});

describe("other members", () => {
  it("A = 3, B = 0, C = 2, D = 1 (escalate with <= 1/3): 1/3 escalates, 2/3 is too toxic, 0/5 beyond A passes (0 <= 1/3), 2/5 does not", () => {
    const d = apb({ b: 0, c: 2 });
    expect(decide(d, "1NNT")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(d, "1NTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(d, "1NNNNN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(d, "1NNNTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]); // 2 × 3 > 1 × 5
    expect(decide(d, "1NNNNT")).toEqual(["treat", 2, 3, "escalate", -1]); // 1 × 3 <= 1 × 5
  });
  it("A = B = 3, C = D = 1, E = 2: 2/6 passes (<= E), 3/6 does not; 2/4 needs 2 more, 3/4 is too toxic (> E)", () => {
    const d = apb({ e: 2 });
    expect(decide(d, "1NNT 1NTN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(d, "1NNT 1TTN")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(d, "1NNTT")).toEqual(["treat", 1, 2, "expand-cohort", -1]);
    expect(decide(d, "1NTTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
  });
  it("with B = 0, E plays no part: C = 2, D = 1, E = 3 still finds 2/3 too toxic and 2/5 beyond A too", () => {
    const d = apb({ b: 0, c: 2, e: 3 });
    expect(decide(d, "1NTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(d, "1NNT")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(d, "1NNNTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(d.explain!(stateOf("1NTT", 5))).toBe("dose 1: 2/3 DLTs, too toxic (n = A=3: passed if <= D=1); rule A=3, B=0, C=2, D=1, E=3");
  });
  it("A = 3, B = 3, C = 1, D = 2, E = 2: 2/3 adds B, 3/3 is too toxic; 2/6 passes, 3/6 does not; 2/4 needs 2 more", () => {
    const d = apb({ d: 2, e: 2 });
    expect(decide(d, "1NTT")).toEqual(["treat", 1, 3, "expand-cohort", -1]);
    expect(decide(d, "1TTT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(d, "1NTT 1NNN")).toEqual(["treat", 2, 3, "escalate", -1]);
    expect(decide(d, "1NTT 1NNT")).toEqual(["stop", null, 0, "lowest-dose-too-toxic", 0]);
    expect(decide(d, "1NNTT")).toEqual(["treat", 1, 2, "expand-cohort", -1]);
    expect(decide(d, "1NTT")).toEqual(["treat", 1, 3, "expand-cohort", -1]);
    expect(decide(d, "1TT")).toEqual(["treat", 1, 1, "expand-cohort", -1]); // 2 = D: not yet more than D
  });
});

describe("parameter validation at its edges", () => {
  it("c <= d + 1", () => {
    expect(() => apb({ c: 2, d: 1 })).not.toThrow();
    expect(() => apb({ c: 3, d: 1 })).toThrow("c (3) must be at most d + 1 (2): otherwise some DLT counts have no rule");
  });
  it("with b = 0, c = d + 1", () => {
    expect(() => apb({ b: 0, c: 2, d: 1 })).not.toThrow();
    expect(() => apb({ b: 0, c: 1, d: 1 })).toThrow("with b = 0 there is no second cohort, so c must equal d + 1");
  });
  it("d <= a", () => {
    expect(() => apb({ a: 3, d: 3, c: 1, e: 3 })).not.toThrow();
    expect(() => apb({ a: 3, d: 4, c: 1 })).toThrow("d (4) cannot exceed a (3)");
  });
  it("e <= a + b when b > 0 (with b = 0, e is not used)", () => {
    expect(() => apb({ e: 6 })).not.toThrow();
    expect(() => apb({ e: 7 })).toThrow("e (7) cannot exceed a + b (6)");
    expect(() => apb({ b: 0, c: 2, e: 7 })).not.toThrow();
  });
  it("startDose within the doses", () => {
    // built directly: a design file without "doses" is first checked on 3 doses
    const direct = (startDose: number) => () => aPlusB(resolveParams(aPlusBParams, { startDose }, "(test)", "design"), 5);
    expect(direct(5)).not.toThrow();
    expect(direct(5)().startDose).toBe(4);
    expect(direct(6)).toThrow("startDose 6 is beyond the 5 doses");
  });
  it("maxPatients 0 (no limit) or at least a", () => {
    expect(() => apb({ maxPatients: 0 })).not.toThrow();
    expect(() => apb({ maxPatients: 3 })).not.toThrow();
    expect(() => apb({ maxPatients: 2 })).toThrow("maxPatients (2) is below a (3): no cohort would fit and every trial would enrol 0 patients; give at least 3, or 0 for no limit");
  });
});

describe("what the design says about itself", () => {
  it("describe() and the design's fields", () => {
    expect(classic().describe()).toEqual({ type: "a-plus-b", a: 3, b: 3, c: 1, d: 1, e: 1, deEscalation: false, maxPatients: 30, startDose: 1 });
    expect(apb({ a: 2, b: 4, c: 1, d: 2, e: 2, deEscalation: true, maxPatients: 10, startDose: 2 }, 3).describe()).toEqual({
      type: "a-plus-b", a: 2, b: 4, c: 1, d: 2, e: 2, deEscalation: true, maxPatients: 10, startDose: 2,
    });
    const d = apb({ startDose: 2 });
    expect([d.type, d.numDoses, d.startDose, d.memSlots, d.maxExpansionPatients, d.metrics]).toEqual(["a-plus-b", 5, 1, 0, 0, []]);
  });
  it("decision table: the boundaries at n = A and n = A + B, and the note", () => {
    expect(classic().decisionTable!()).toEqual({
      type: "a-plus-b",
      target: null,
      cohortSize: 1,
      rows: [
        { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 2 },
        { n: 6, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: 2 },
      ],
      note: "A+B rule (A=3, B=3, C=1, D=1, E=1): between the boundaries at n=3, 3 more patients are treated at the dose. A too-toxic dose (the eliminate column) ends escalation; the MTD is the dose below.",
    });
    expect(deEsc().decisionTable!().note).toBe(
      "A+B rule (A=3, B=3, C=1, D=1, E=1): between the boundaries at n=3, 3 more patients are treated at the dose. A too-toxic dose (the eliminate column) is eliminated with every higher dose and the trial steps down.",
    );
    // d + 1 = a and e + 1 = a + b: the boundaries are the last counts
    expect(apb({ d: 2, e: 5 }).decisionTable!().rows).toEqual([
      { n: 3, escalateAtMost: 0, deEscalateAtLeast: 3, eliminateAtLeast: 3 },
      { n: 6, escalateAtMost: 5, deEscalateAtLeast: 6, eliminateAtLeast: 6 },
    ]);
    // c = 0 (never escalate from n = A), d = a, e = a + b: no boundary at all
    expect(apb({ c: 0, d: 3, e: 6 }).decisionTable!().rows).toEqual([
      { n: 3, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null },
      { n: 6, escalateAtMost: 6, deEscalateAtLeast: null, eliminateAtLeast: null },
    ]);
    // b = 0: one row
    expect(apb({ b: 0, c: 2 }).decisionTable!().rows).toEqual([{ n: 3, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: 2 }]);
  });
});

describe("explain: why each count has its status", () => {
  const rule = "rule A=3, B=3, C=1, D=1, E=1";
  const ex = (outcomes: string, design = classic(), eliminateFrom = -1) => {
    const s = stateOf(outcomes, design.numDoses);
    if (eliminateFrom >= 0) s.eliminate(eliminateFrom);
    return design.explain!(s);
  };
  it("n < A", () => {
    expect(ex("1T")).toBe(`dose 1: 1/1 DLTs, incomplete: 2 more needed for the first A=3; ${rule}`); // 1 = D: not more than D
    expect(ex("1NN")).toBe(`dose 1: 0/2 DLTs, incomplete: 1 more needed for the first A=3; ${rule}`);
    expect(ex("1TT")).toBe(`dose 1: 2/2 DLTs, too toxic: more than D=1 DLTs even before A=3 patients; ${rule}`);
  });
  it("n = A", () => {
    expect(ex("1NNT")).toBe(`dose 1: 1/3 DLTs, pending (needs B more) (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}`);
    expect(ex("1NNN")).toBe(`dose 1: 0/3 DLTs, passed (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}`);
  });
  it("A < n < A + B", () => {
    expect(ex("1NTNN")).toBe(`dose 1: 1/4 DLTs, incomplete: 2 more needed for A+B=6; ${rule}`);
    expect(ex("1NNNN")).toBe(`dose 1: 0/4 DLTs, passed: fewer than C=1 DLTs, so any first A=3 of them escalate; ${rule}`);
    expect(ex("1NTTN")).toBe(`dose 1: 2/4 DLTs, too toxic: more than E=1 DLTs even before A+B=6 patients; ${rule}`);
  });
  it("n = A + B, and n = A when B = 0", () => {
    expect(ex("1NNT 1NNN")).toBe(`dose 1: 1/6 DLTs, passed (n = A+B=6: passed if <= E=1); ${rule}`);
    expect(ex("1NNT 1NNT")).toBe(`dose 1: 2/6 DLTs, too toxic (n = A+B=6: passed if <= E=1); ${rule}`);
    expect(ex("1NNT", apb({ b: 0, c: 2 }))).toBe("dose 1: 1/3 DLTs, passed (n = A=3: passed if <= D=1); rule A=3, B=0, C=2, D=1, E=1");
  });
  it("beyond the rule's counts: the DLT rate against the last threshold", () => {
    expect(ex(many(1, 10, 0))).toBe(
      `dose 1: 0/10 DLTs, passed: n=10 is beyond the rule's A+B=6 patients, so the dose is judged on its DLT rate 0/10 = 0.000 against 1/6 = 0.167 (passed if at most); ${rule}`,
    );
    expect(ex(many(1, 10, 2))).toBe(
      `dose 1: 2/10 DLTs, too toxic: n=10 is beyond the rule's A+B=6 patients, so the dose is judged on its DLT rate 2/10 = 0.200 against 1/6 = 0.167 (passed if at most); ${rule}`,
    );
    expect(ex(many(1, 5, 0), apb({ b: 0, c: 2 }))).toBe(
      "dose 1: 0/5 DLTs, passed: n=5 is beyond the rule's A=3 patients, so the dose is judged on its DLT rate 0/5 = 0.000 against 1/3 = 0.333 (passed if at most); rule A=3, B=0, C=2, D=1, E=1",
    );
  });
  it("an untried current dose", () => {
    const s = stateOf("1NNN", 5);
    s.current = 1;
    expect(classic().explain!(s)).toBe(`dose 2: 0/0 DLTs, untried; ${rule}`);
  });
  it("off-limits doses above or at the current dose", () => {
    // current dose 3 above too-toxic dose 2
    expect(ex("1NNN 2NTT 3NNN")).toBe(
      `dose 3: 0/3 DLTs, passed (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}; dose 2 is too toxic (2/3), so no dose from 2 up is given again`,
    );
    expect(ex("1NNN 2NNT 3NNN", classic(), 1)).toBe(
      `dose 3: 0/3 DLTs, passed (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}; dose 2 is eliminated (1/3), so no dose from 2 up is given again`,
    );
    // current dose 1 below them
    expect(ex("1NNN 2NTT 1NNN")).toBe(`dose 1: 0/6 DLTs, passed (n = A+B=6: passed if <= E=1); ${rule}; dose 2 and above are off limits (too toxic, 2/3)`);
    expect(ex("1NNN 2NNN 1NNN", classic(), 1)).toBe(`dose 1: 0/6 DLTs, passed (n = A+B=6: passed if <= E=1); ${rule}; dose 2 and above are off limits (eliminated)`);
    // at the too-toxic dose itself, and with nothing off limits: no clause
    expect(ex("1NNN 2NTT")).toBe(`dose 2: 2/3 DLTs, too toxic (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}`);
    expect(ex("1NNN 2NNN")).toBe(`dose 2: 0/3 DLTs, passed (n = A=3: escalate if < C=1, too toxic if > D=1); ${rule}`);
  });
});
