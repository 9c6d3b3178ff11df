/**
 * Every inconsistent parameter combination a design refuses, with the message that names it
 * (the config loader turns these into one-line ConfigErrors naming the file and field).
 */
import { describe, expect, it } from "vitest";
import { getprior } from "../../src/select/skeleton.js";
import { crm, crmParams, crmSkeleton } from "../../src/designs/crm.js";
import { aPlusB, aPlusBParams } from "../../src/designs/a-plus-b.js";
import { boin, boinParams } from "../../src/designs/boin.js";
import { decisionTableDesign, tableParams } from "../../src/designs/table.js";
import { resolveParams } from "../../src/config/params.js";

const crmOf = (p: Record<string, unknown>, K = 5) => crm(resolveParams(crmParams, { target: 0.3, maxPatients: 30, ...p }, "(test)", "design"), K);
const apbOf = (p: Record<string, unknown>, K = 4) => aPlusB(resolveParams(aPlusBParams, p, "(test)", "design"), K);

describe("design parameter errors", () => {
  it("getprior: halfwidth and prior MTD", () => {
    expect(() => getprior(0, 0.3, 3, 5)).toThrow("halfwidth 0 must be positive with target ± halfwidth inside (0, 1)");
    expect(() => getprior(0.3, 0.3, 3, 5)).toThrow("halfwidth 0.3 must be positive with target ± halfwidth inside (0, 1)");
    expect(() => getprior(0.3, 0.8, 3, 5)).toThrow(/halfwidth 0\.3 must be positive/);
    expect(() => getprior(0.05, 0.3, 0, 5)).toThrow("prior MTD 0 is not one of the 5 doses");
    expect(() => getprior(0.05, 0.3, 6, 5)).toThrow("prior MTD 6 is not one of the 5 doses");
    expect(() => getprior(0.05, 0.3, 2.5, 5)).toThrow("prior MTD 2.5 is not one of the 5 doses");
    expect(getprior(0.05, 0.3, 1, 3)[0]).toBe(0.3);
    expect(getprior(0.05, 0.3, 3, 3)[2]).toBe(0.3);
  });
  it("CRM", () => {
    expect(() => crmOf({ maxPatients: 31 })).toThrow("maxPatients (31) must be a multiple of cohortSize (3), as in dfcrm");
    expect(() => crmOf({ startDose: 6 })).toThrow("startDose 6 is beyond the 5 doses");
    expect(() => crmOf({ startup: "escalate-until-first-dlt", initialDoses: [1, 2] })).toThrow('give either startup "escalate-until-first-dlt" or initialDoses, not both');
    expect(() => crmOf({ initialDoses: [1, 6] })).toThrow("initialDoses[1] = 6 is beyond the 5 doses");
    expect(() => crmOf({ skeleton: [0.1, 0.2] })).toThrow("skeleton has 2 values but the ladder has 5 doses");
    expect(() => crmOf({ skeleton: [0.1, 0.2, 0.2, 0.3, 0.4] })).toThrow("skeleton must increase strictly with dose (skeleton[2] = 0.2 <= skeleton[1] = 0.2)");
    expect(() => crmOf({ priorMtd: 6 })).toThrow("priorMtd 6 is beyond the 5 doses");
    expect(() => crmOf({ model: "logistic", intercept: -5, skeleton: [0.1, 0.2, 0.3, 0.4, 0.5] })).toThrow(/intercept -5 is too small for the skeleton/);
    // priorMtd 0 is the middle dose, ceil(K / 2)
    const p = resolveParams(crmParams, { target: 0.3, maxPatients: 30 }, "(test)", "design");
    expect(crmSkeleton(p, 5)[2]).toBe(0.3);
    expect(crmSkeleton(p, 4)[1]).toBe(0.3);
    expect(crmSkeleton(resolveParams(crmParams, { target: 0.3, maxPatients: 30, priorMtd: 4 }, "(test)", "design"), 5)[3]).toBe(0.3);
  });
  it("A+B", () => {
    expect(() => apbOf({ c: 3, d: 1 })).toThrow("c (3) must be at most d + 1 (2): otherwise some DLT counts have no rule");
    expect(() => apbOf({ b: 0, c: 1, d: 1 })).toThrow("with b = 0 there is no second cohort, so c must equal d + 1");
    expect(() => apbOf({ a: 2, d: 3, c: 1, e: 1 })).toThrow("d (3) cannot exceed a (2)");
    expect(() => apbOf({ startDose: 5 })).toThrow("startDose 5 is beyond the 4 doses");
    expect(() => apbOf({ c: 2, d: 1 })).not.toThrow();
    expect(() => apbOf({ d: 3, c: 1 })).not.toThrow();
  });
  it("interval designs and user tables", () => {
    expect(() => boin(resolveParams(boinParams, { target: 0.3, startDose: 5 }, "(test)", "design"), 4)).toThrow("startDose 5 is beyond the 4 doses");
    expect(() => boin(resolveParams(boinParams, { target: 0.3, extraSafe: true, offset: 0.95 }, "(test)", "design"), 4)).toThrow("offset (0.95) must be below cutoffEli (0.95)");
    expect(() => boin(resolveParams(boinParams, { target: 0.3, extraSafe: false, offset: 0.95 }, "(test)", "design"), 4)).not.toThrow();
    const rows = [{ n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 }];
    expect(() => decisionTableDesign(resolveParams(tableParams, { target: 0.3, nCohorts: 1, startDose: 4, rows }, "(test)", "design"), 3)).toThrow("startDose 4 is beyond the 3 doses");
    expect(() => decisionTableDesign(resolveParams(tableParams, { target: 0.3, nCohorts: 1 }, "(test)", "design"), 3)).toThrow("the decision table is empty: give rows or a CSV file");
  });
});
