/** Parameters that would size tables of gigabytes are refused by validation, naming the limit. */
import { describe, expect, it } from "vitest";
import { designOf } from "../../helpers/build.js";
import { MAX_COHORT, MAX_PATIENTS } from "../../../src/designs/limits.js";

describe("parameter limits", () => {
  const refused: [string, Record<string, unknown>, Record<string, unknown>[], RegExp][] = [
    ["A+B a", { type: "a-plus-b", a: 100000 }, [], /design\.a: expected an integer <= 100, got 100000/],
    ["A+B b", { type: "a-plus-b", b: 101 }, [], /design\.b: expected an integer <= 100/],
    ["A+B maxPatients", { type: "a-plus-b", maxPatients: 1_000_001 }, [], /design\.maxPatients: expected an integer <= 1000/],
    ["BOIN cohortSize", { type: "boin", target: 0.3, cohortSize: 1000 }, [], /design\.cohortSize: expected an integer <= 100/],
    ["BOIN nCohorts", { type: "boin", target: 0.3, nCohorts: 100000 }, [], /design\.nCohorts: expected an integer <= 1000/],
    ["Keyboard nCohorts × cohortSize", { type: "keyboard", target: 0.3, nCohorts: 1000, cohortSize: 100 }, [], /nCohorts × cohortSize \(1000 × 100\) = 100000 exceeds the limit of 1000 patients/],
    ["table nCohorts × cohortSize", { type: "table", target: 0.3, nCohorts: 500, cohortSize: 3, rows: [{ n: 3 }] }, [], /exceeds the limit of 1000 patients/],
    ["CRM maxPatients", { type: "crm", target: 0.3, maxPatients: 30000 }, [], /design\.maxPatients: expected an integer <= 1000/],
    ["optimal maxPatients", { type: "optimal", target: 0.3, maxPatients: 1e6 }, [], /design\.maxPatients: expected an integer <= 1000/],
    ["expansion patients", { type: "a-plus-b" }, [{ type: "expansion", patients: 1e6 }], /modifiers\[0\]\.patients: expected an integer <= 1000/],
    ["expansion cohortSize", { type: "a-plus-b" }, [{ type: "expansion", patients: 10, cohortSize: 1e4 }], /modifiers\[0\]\.cohortSize: expected an integer <= 100/],
    ["stop-at-n n", { type: "a-plus-b" }, [{ type: "stop-at-n", n: 1e7 }], /modifiers\[0\]\.n: expected an integer <= 1000/],
    ["smc afterPatients", { type: "a-plus-b" }, [{ type: "smc-review", afterPatients: 1e7 }], /modifiers\[0\]\.afterPatients: expected an integer <= 1000/],
  ];
  for (const [name, design, mods, message] of refused) {
    it(`refuses ${name}`, () => expect(() => designOf(design, 3, mods)).toThrow(message));
  }
  it("accepts the limits themselves", () => {
    expect(() => designOf({ type: "a-plus-b", a: MAX_COHORT, b: MAX_COHORT, c: 1, d: 1, e: 1 }, 2)).not.toThrow();
    expect(() => designOf({ type: "crm", target: 0.3, maxPatients: 999, cohortSize: 3 }, 2)).not.toThrow();
    expect(() => designOf({ type: "boin", target: 0.3, nCohorts: MAX_PATIENTS / 10, cohortSize: 10 }, 2)).not.toThrow();
  });
});
