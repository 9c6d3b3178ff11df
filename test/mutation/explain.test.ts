/**
 * What `doseladder next` prints under a decision (Design.explain) and the protocol tables
 * (Design.decisionTable) of the designs, pinned against the designs' own rules: BOIN's boundaries
 * from test/reference/fixtures/boin.json, the CRM's posterior mean from crm-posterior-mean.json.
 */
import { describe, expect, it } from "vitest";
import { stateOf } from "../../src/model/outcomes.js";
import { TrialState } from "../../src/model/state.js";
import { designOf } from "../helpers/build.js";
import { fixture } from "../helpers/fixtures.js";
import { crm, crmParams } from "../../src/designs/crm.js";
import { resolveParams } from "../../src/config/params.js";

const boinFx = fixture("boin.json");
const full = boinFx.fullTables.find((t: { target: number }) => t.target === 0.3);

describe("explain: interval designs name the boundaries at the current n", () => {
  const boin = designOf({ type: "boin", target: 0.3 }, 4);
  it("BOIN at n = 3 and n = 6 (with elimination), n = 2 (none yet)", () => {
    for (const [outcomes, d, y, n] of [
      ["1NNN 2NTN", 2, 1, 3],
      ["1NNN 2NTN 2NNN", 2, 1, 6],
    ] as const) {
      const e = boin.explain!(stateOf(outcomes, 4));
      expect(e).toBe(
        `dose ${d}: ${y}/${n} DLTs; boin (target 0.3) at n=${n}: escalate if <= ${full.escalateAtMost[n - 1]}, de-escalate if >= ${full.deEscalateAtLeast[n - 1]}, eliminate if >= ${full.eliminateAtLeast[n - 1]}`,
      );
    }
    expect(boin.explain!(stateOf("1NT", 4))).toBe(`dose 1: 1/2 DLTs; boin (target 0.3) at n=2: escalate if <= ${full.escalateAtMost[1]}, de-escalate if >= ${full.deEscalateAtLeast[1]}`);
  });
  it("a user table with 'never' cells says never", () => {
    const t = designOf({ type: "table", target: 0.3, nCohorts: 1, minEliminationN: 1, rows: [{ n: 3, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null }] }, 3);
    expect(t.explain!(stateOf("1NNN", 3))).toBe("dose 1: 0/3 DLTs; table (target 0.3) at n=3: escalate if <= never, de-escalate if >= never, eliminate if >= never; the maximum sample size nCohorts × cohortSize = 3 is reached (3 treated)");
  });
  it("the decision table of a BOIN design: its own maximum by default, any n on request, the note", () => {
    const t = designOf({ type: "boin", target: 0.3, nCohorts: 2 }, 4).decisionTable!();
    expect(t.rows.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(t.rows.map((r) => r.escalateAtMost)).toEqual(full.escalateAtMost.slice(0, 6));
    expect(t.type).toBe("boin");
    expect(t.target).toBe(0.3);
    expect(t.cohortSize).toBe(3);
    expect(t.note).toMatch(/^BOIN \(R BOIN 2\.7\.2 get\.boundary\): elimination is defined from n = 3/);
    const longer = designOf({ type: "boin", target: 0.3, nCohorts: 2 }, 4).decisionTable!(9);
    expect(longer.rows.map((r) => r.deEscalateAtLeast)).toEqual(full.deEscalateAtLeast.slice(0, 9));
    expect(longer.rows.map((r) => r.eliminateAtLeast)).toEqual(full.eliminateAtLeast.slice(0, 9));
  });
  it("Keyboard, mTPI-2 and i3+3 describe their tables", () => {
    expect(designOf({ type: "keyboard", target: 0.3 }, 4).decisionTable!().note).toMatch(/^Keyboard \(R Keyboard 0\.1\.3 get\.boundary\.kb\)/);
    expect(designOf({ type: "mtpi2", target: 0.3 }, 4).decisionTable!().note).toMatch(/^mTPI-2 \(Guo et al\. 2017\)/);
    expect(designOf({ type: "i3plus3", target: 0.3 }, 4).decisionTable!().note).toMatch(/^i3\+3 \(Liu, Wang & Ji 2020\)/);
    expect(designOf({ type: "mtpi2", target: 0.3 }, 4).describe()).toMatchObject({ type: "mtpi2", target: 0.3, epsilon1: 0.05, epsilon2: 0.05 });
    expect(designOf({ type: "i3plus3", target: 0.3, epsilon1: 0.1 }, 4).describe()).toMatchObject({ type: "i3plus3", target: 0.3, epsilon1: 0.1, epsilon2: 0.05 });
    expect(() => designOf({ type: "mtpi2", target: 0.3, epsilon1: 0.3 }, 4)).toThrow(/the equivalence interval \[0, 0\.35\] must lie inside \(0, 1\)/);
    expect(() => designOf({ type: "i3plus3", target: 0.3, epsilon2: 0.7 }, 4)).toThrow(/the equivalence interval \[0\.25, 1\] must lie inside \(0, 1\)/);
  });
});

describe("explain and tables of the A+B family (on-protocol histories)", () => {
  const tpt = designOf({ type: "a-plus-b" }, 4);
  it("names the dose, its counts, its status and the rule", () => {
    expect(tpt.explain!(stateOf("1NNN 2NTN", 4))).toContain("dose 2: 1/3 DLTs, pending (needs B more) (n = A=3: escalate if < C=1, too toxic if > D=1); rule A=3, B=3, C=1, D=1, E=1");
    expect(tpt.explain!(stateOf("1NNN", 4))).toContain("dose 1: 0/3 DLTs, passed");
    expect(tpt.explain!(stateOf("1NNN 2NTT", 4))).toContain("dose 2: 2/3 DLTs, too toxic");
  });
  it("the 3+3 as a decision table, with the note saying what a too-toxic dose does", () => {
    const t = tpt.decisionTable!();
    expect(t.rows).toEqual([
      { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 2 },
      { n: 6, escalateAtMost: 1, deEscalateAtLeast: 2, eliminateAtLeast: 2 },
    ]);
    expect(t.target).toBeNull();
    expect(t.cohortSize).toBe(1);
    expect(t.note).toContain("A+B rule (A=3, B=3, C=1, D=1, E=1): between the boundaries at n=3, 3 more patients are treated at the dose.");
    expect(t.note).toContain("ends escalation; the MTD is the dose below");
    expect(designOf({ type: "a-plus-b", deEscalation: true }, 4).decisionTable!().note).toContain("eliminated with every higher dose and the trial steps down");
    // a 3+0 design (B = 0) has one row; C = 0 never escalates on the first cohort
    const b0 = designOf({ type: "a-plus-b", b: 0, c: 1, d: 0 }, 4).decisionTable!();
    expect(b0.rows).toEqual([{ n: 3, escalateAtMost: 0, deEscalateAtLeast: 1, eliminateAtLeast: 1 }]);
    const c0 = designOf({ type: "a-plus-b", c: 0, d: 3, e: 6 }, 4).decisionTable!();
    expect(c0.rows).toEqual([
      { n: 3, escalateAtMost: null, deEscalateAtLeast: null, eliminateAtLeast: null },
      { n: 6, escalateAtMost: 6, deEscalateAtLeast: null, eliminateAtLeast: null },
    ]);
  });
  it("describes itself", () => {
    expect(designOf({ type: "a-plus-b", startDose: 2 }, 4).describe()).toEqual({ type: "a-plus-b", a: 3, b: 3, c: 1, d: 1, e: 1, deEscalation: false, maxPatients: 24, startDose: 2 });
    expect(designOf({ type: "a-plus-b", maxPatients: 12 }, 4).describe().maxPatients).toBe(12);
    expect(designOf({ type: "a-plus-b", maxPatients: 100 }, 4).describe().maxPatients).toBe(24);
  });
});

describe("explain of the CRM and of the optimal benchmark", () => {
  const crmFx = fixture("crm-posterior-mean.json");
  it("CRM: the posterior mean, the estimated rates, the recommendation and Pr(p1 > target)", () => {
    const c = crmFx.cases.find((k: { model: string; n: number[]; priorVariance: number }) => k.model === "empiric" && k.n.join() === "3,6,0,0,0" && k.priorVariance === 1.34);
    const design = crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, skeleton: crmFx.skeleton }, "(test)", "design"), 5);
    const s = new TrialState(5, design.memSlots);
    s.reset(0);
    s.addCohort(0, 3, 0, false);
    s.addCohort(1, 6, 2, false);
    const rates = crmFx.skeleton.map((sk: number) => (sk ** Math.exp(c.posteriorMean)).toFixed(3)).join(", ");
    expect(design.explain!(s)).toMatch(
      new RegExp(`^posterior mean of a = ${c.posteriorMean.toFixed(4).replace(".", "\\.")}; estimated DLT rates ${rates.replace(/\./g, "\\.")}; closest to 0\\.3: dose 2; Pr\\(p1 > 0\\.3\\) = 0\\.\\d{3}$`),
    );
    const empty = new TrialState(5, design.memSlots);
    empty.reset(0);
    expect(design.explain!(empty)).toBe("no data yet: start at dose 1");
    expect(designOf({ type: "crm", target: 0.3, maxPatients: 30, startDose: 2 }, 5).explain!(empty)).toBe("no data yet: start at dose 2");
  });
  it("optimal benchmark: the panel, then the empirical rates", () => {
    const design = designOf({ type: "optimal", target: 0.3, maxPatients: 10 }, 3);
    const s = new TrialState(3, 0);
    s.reset(0);
    expect(design.explain!(s)).toBe("treat a complete-information panel of 10 patients (observed at every dose)");
    for (const u of [0.05, 0.15, 0.25, 0.35, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95]) s.addPanelPatient(u, [0.1, 0.3, 0.6]);
    expect(design.explain!(s)).toBe("empirical rates 1/10, 3/10, 5/10; closest to 0.3: dose 2");
    expect(design.selectMtd(s)).toBe(1);
    expect(design.describe()).toEqual({ type: "optimal", target: 0.3, maxPatients: 10 });
  });
});
