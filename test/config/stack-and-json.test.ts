/**
 * Silent misconfigurations become errors (modifier stacks that cannot work), and JSON text is read
 * the way users write it (a byte-order mark) with one-line messages for what JSON.parse words badly.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDesign, parseDesignConfig, parseJsonText } from "../../src/config/load.js";
import { ConfigError } from "../../src/config/messages.js";

const msg = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as Error).message;
  }
  throw new Error("expected a ConfigError");
};
const dir = mkdtempSync(join(tmpdir(), "doseladder-stack-"));

describe("modifier stacks", () => {
  const design = { type: "a-plus-b" };
  it("a modifier given twice is an error naming the file, both positions and the fix", () => {
    const twice = { design, modifiers: [{ type: "expansion", patients: 6 }, { type: "expansion", patients: 9 }] };
    expect(msg(() => parseDesignConfig(twice, "twice.json"))).toBe(
      'twice.json: modifiers[1]: "expansion" is already modifiers[0]; a modifier can appear once (merge their settings into one)',
    );
    const smc = { design, modifiers: [{ type: "smc-review", q: 0.5 }, { type: "stop-at-n", n: 12 }, { type: "smc-review", q: 0.2 }] };
    expect(msg(() => parseDesignConfig(smc, "smc.json"))).toMatch(/^smc\.json: modifiers\[2\]: "smc-review" is already modifiers\[0\]/);
  });
  it("smc-review after expansion is an error (a decline would end the trial without its expansion)", () => {
    const late = { design, modifiers: [{ type: "expansion", patients: 6 }, { type: "smc-review", q: 0.5 }] };
    expect(msg(() => parseDesignConfig(late, "late.json"))).toMatch(
      /^late\.json: modifiers\[1\]: "smc-review" comes after "expansion" \(modifiers\[0\]\).*put "smc-review" before "expansion"$/,
    );
  });
  it("the orders that work still load: smc-review then expansion, stop-at-n before or after expansion", () => {
    for (const modifiers of [
      [{ type: "smc-review", q: 0.5 }, { type: "expansion", patients: 6 }],
      [{ type: "stop-at-n", n: 12 }, { type: "expansion", patients: 6 }],
      [{ type: "expansion", patients: 6 }, { type: "stop-at-n", n: 30 }],
      [{ type: "smc-review", q: 0.5 }, { type: "stop-at-n", n: 12 }, { type: "expansion", patients: 6 }],
    ]) {
      expect(parseDesignConfig({ design, modifiers }, "ok.json").modifiers.map((m) => m.type)).toEqual(modifiers.map((m) => m.type));
    }
  });
});

describe("JSON text", () => {
  it("accepts a UTF-8 byte-order mark at the start of a file", () => {
    const p = join(dir, "bom.json");
    writeFileSync(p, "\ufeff" + JSON.stringify({ design: { type: "boin", target: 0.3 } }));
    expect(loadDesign(p).design.type).toBe("boin");
  });
  it("NaN and Infinity: one line with the place and the reason", () => {
    const m = msg(() => parseJsonText('{\n  "truth": [0.1,\n    NaN]\n}', "f.json"));
    expect(m).toBe('f.json: not valid JSON (line 3, column 5: unexpected "NaN"; JSON has no NaN or Infinity, write a number)');
    expect(msg(() => parseJsonText('{"a": -Infinity}', "f.json"))).toMatch(/^f\.json: not valid JSON \(line 1, column 7: /);
    expect(m.includes("\n")).toBe(false);
  });
  it("1e309 (which JSON.parse turns into Infinity) is 'not a finite number', with its field path", () => {
    expect(msg(() => parseJsonText('{"curves": [{"name": "a", "truth": [0.1, 1e309]}]}', "f.json"))).toBe(
      "f.json: curves[0].truth[1]: 1e309 is not a finite number (line 1, column 42)",
    );
    expect(msg(() => parseJsonText('{"design": {"type": "boin", "target": -2e400}}', "g.json"))).toMatch(/^g\.json: design\.target: -2e400 is not a finite number/);
    // strings that look like numbers are not numbers
    expect(parseJsonText('{"name": "1e309", "x": 1e308}', "h.json")).toEqual({ name: "1e309", x: 1e308 });
  });
  it("syntax errors give a line and a column", () => {
    expect(msg(() => parseJsonText('{\n  "a": 1,\n}', "s.json"))).toBe("s.json: not valid JSON (line 3, column 1: expected double-quoted property name)");
    expect(msg(() => parseJsonText('{"a": 1', "s.json"))).toMatch(/^s\.json: not valid JSON \(line 1, column 8: expected ','/);
    expect(msg(() => parseJsonText("", "e.json"))).toBe("e.json: not valid JSON (the file ends too early)");
  });
});
