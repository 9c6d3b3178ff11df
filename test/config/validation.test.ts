/** Bad configuration gets one clear message naming the file and the field. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign, loadScenario, parseDesignConfig, parseScenarioConfig } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/messages.js";
import { designSchema, scenarioSchema } from "../../src/config/schema.js";

const dir = mkdtempSync(join(tmpdir(), "doseladder-validation-"));
const file = (name: string, text: string) => {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
};
const msg = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};
const ladder = { doses: [1, 2, 3] };

describe("design validation", () => {
  it("names the file for malformed JSON and unreadable files", () => {
    const p = file("bad.json", "{ not json");
    expect(msg(() => loadDesign(p))).toMatch(new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not valid JSON`));
    expect(msg(() => loadDesign(join(dir, "missing.json")))).toMatch(/missing\.json: cannot read the file: no such file or folder \(ENOENT\)$/);
  });
  it("names the field for wrong types, out-of-range values and unknown options", () => {
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b", a: 0 } }, "d.json"))).toBe("d.json: design.a: expected an integer >= 1, got 0");
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b", a: "3" } }, "d.json"))).toBe('d.json: design.a: expected an integer, got "3"');
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b", deEscalation: 1 } }, "d.json"))).toBe("d.json: design.deEscalation: expected true or false, got 1");
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b", foo: 1 } }, "d.json"))).toMatch(/^d\.json: design\.foo: unknown option; expected one of: a, b, c/);
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review", q: 1.3 }] }, "d.json"))).toBe(
      "d.json: modifiers[0].q: expected a probability in [0, 1], got 1.3",
    );
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b" }, extra: 1 }, "d.json"))).toMatch(/^d\.json: extra: unknown field/);
  });
  it("lists the known types for an unknown design or modifier type", () => {
    expect(msg(() => parseDesignConfig({ design: { type: "boinn" } }, "d.json"))).toMatch(/^d\.json: design\.type: unknown design type "boinn"; expected one of: a-plus-b/);
    expect(msg(() => parseDesignConfig({ design: { type: "a-plus-b" }, modifiers: [{ type: "nope" }] }, "d.json"))).toMatch(
      /^d\.json: modifiers\[0\]\.type: unknown modifier type "nope"; expected one of: .*smc-review/,
    );
    expect(msg(() => parseDesignConfig({}, "d.json"))).toMatch(/^d\.json: design: is required/);
  });
  it("reports a dose-count mismatch", () => {
    const config = parseDesignConfig({ doses: 5, design: { type: "a-plus-b" } }, "d.json");
    expect(msg(() => buildDesign(config, 4))).toBe("d.json: doses: the design is for 5 doses but the scenario's ladder has 4");
  });
});

describe("scenario validation", () => {
  it("rejects probabilities outside [0, 1], wrong curve lengths and duplicate names", () => {
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ name: "a", truth: [0.1, 1.2, 0.3] }] }, "s.json"))).toBe(
      "s.json: curves[0].truth[1]: expected a probability in [0, 1], got 1.2",
    );
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ name: "a", truth: [0.1, 0.2] }] }, "s.json"))).toBe(
      "s.json: curves[0].truth: has 2 probabilities but the ladder has 3 doses",
    );
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ name: "a", truth: [0, 0, 0] }, { name: "a", truth: [0, 0, 0] }] }, "s.json"))).toBe(
      's.json: curves[1].name: duplicate curve name "a"',
    );
    expect(msg(() => parseScenarioConfig({ ladder, target: 1, curves: [{ name: "a", truth: [0, 0, 0] }] }, "s.json"))).toBe(
      "s.json: target: expected a probability in (0, 1), got 1",
    );
  });
  it("allows a non-monotone curve with a warning", () => {
    const s = parseScenarioConfig({ ladder, curves: [{ name: "bumpy", truth: [0.1, 0.3, 0.2] }] }, "s.json");
    expect(s.warnings).toEqual(['warning: s.json: curve "bumpy" is not monotone non-decreasing in dose; running it anyway']);
  });
  it("loads ladders given as numbers or labelled objects", () => {
    const p = file("ok.json", JSON.stringify({ ladder: { unit: "mg", doses: [1, { label: "high", amount: 2 }] }, curves: [{ name: "c", truth: [0.1, 0.2] }] }));
    const s = loadScenario(p);
    expect(s.ladder.doses).toEqual([{ label: "1", amount: 1 }, { label: "high", amount: 2 }]);
  });
});

describe("JSON Schemas", () => {
  it("describe every registered design type and the scenario fields", () => {
    const ds = JSON.stringify(designSchema());
    expect(ds).toContain('"const":"a-plus-b"');
    expect(ds).toContain('"const":"smc-review"');
    const ss = scenarioSchema() as { required: string[] };
    expect(ss.required).toEqual(["ladder", "curves"]);
  });
});

describe("committed schemas", () => {
  it("designs/schema and scenarios/schema equal what `doseladder schema` generates (regenerate with doseladder schema KIND > FILE)", async () => {
    const { readFileSync } = await import("node:fs");
    const { sweepSchema } = await import("../../src/config/schema.js");
    const same = (file: string, schema: unknown) => expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(schema);
    same("designs/schema/design.schema.json", designSchema());
    same("scenarios/schema/scenario.schema.json", scenarioSchema());
    same("scenarios/schema/sweep.schema.json", sweepSchema());
  });
});
