/**
 * src/designs/limits.ts (checkPatients at its boundary, with its exact message) and
 * src/designs/index.ts (the registry: registerDesign / registerModifier put an entry under its
 * type, replacing one of the same type; the built-in names are the ones the README lists).
 */
import { afterEach, describe, expect, it } from "vitest";
import { checkPatients, MAX_COHORT, MAX_COHORTS, MAX_PATIENTS } from "../../src/designs/limits.js";
import { DESIGNS, MODIFIERS, registerDesign, registerModifier, type DesignEntry, type ModifierEntry } from "../../src/designs/index.js";
import { wrap } from "../../src/designs/design.js";

describe("limits", () => {
  it("the limits are the documented ones (README, Parameter limits: cohorts at most 100, sample sizes at most 1,000, nCohorts at most 1,000)", () => {
    expect([MAX_COHORT, MAX_PATIENTS, MAX_COHORTS]).toEqual([100, 1000, 1000]);
  });

  it("checkPatients accepts up to 1000 patients and refuses 1001 with a one-line message naming the field and the limit", () => {
    expect(() => checkPatients(1000, "x")).not.toThrow();
    expect(() => checkPatients(0, "x")).not.toThrow();
    expect(() => checkPatients(1001, "nCohorts × cohortSize (7 × 143)")).toThrow(new Error("nCohorts × cohortSize (7 × 143) = 1001 exceeds the limit of 1000 patients"));
    expect(() => checkPatients(Infinity, "n")).toThrow("n = Infinity exceeds the limit of 1000 patients");
  });
});

describe("registry", () => {
  const added: string[] = [];
  afterEach(() => {
    for (const t of added) {
      DESIGNS.delete(t);
      MODIFIERS.delete(t);
    }
    added.length = 0;
  });

  it("holds the built-in designs and modifiers under their types", () => {
    // the design types of README's design list, and the five modifiers
    expect([...DESIGNS.keys()].filter((t) => !t.startsWith("j-")).sort()).toEqual(
      ["a-plus-b", "boin", "boin12", "crm", "i3plus3", "keyboard", "mtpi2", "optimal", "rolling-six", "table", "tite-boin", "tite-crm", "tite-keyboard"],
    );
    expect([...MODIFIERS.keys()].filter((t) => !t.startsWith("j-")).sort()).toEqual(["backfill", "efficacy-expansion", "expansion", "smc-review", "stop-at-n"]);
    for (const [type, e] of DESIGNS) expect(e.type).toBe(type);
    for (const [type, e] of MODIFIERS) expect(e.type).toBe(type);
  });

  it("registerDesign adds an entry under its type, and a second registration of the type replaces it", () => {
    const base = DESIGNS.get("a-plus-b")!;
    const mine: DesignEntry = { ...base, type: "j-mine", summary: "first" };
    added.push("j-mine");
    registerDesign(mine);
    expect(DESIGNS.get("j-mine")).toBe(mine);
    const again: DesignEntry = { ...base, type: "j-mine", summary: "second" };
    registerDesign(again);
    expect(DESIGNS.get("j-mine")!.summary).toBe("second");
    expect(DESIGNS.get("a-plus-b")).toBe(base);
  });

  it("registerModifier adds an entry under its type", () => {
    const mod: ModifierEntry = { type: "j-mod", summary: "s", params: [], apply: (inner) => wrap(inner, { type: `${inner.type}+j-mod` }) };
    added.push("j-mod");
    registerModifier(mod);
    expect(MODIFIERS.get("j-mod")).toBe(mod);
    expect(DESIGNS.has("j-mod")).toBe(false);
  });
});
