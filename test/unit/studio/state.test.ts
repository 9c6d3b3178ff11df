/** src/studio/state.ts: the URL fragment, the reading of field text, and the field a message belongs to. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../../src/studio/compute.js";
import { baseName, MAX_COMPARED, decodeState, encodeState, fileKind, formatValue, nearestField, parseListText, parseNumberText, type StudioState } from "../../../src/studio/state.js";
import { readFileSync } from "node:fs";

const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);

describe("encodeState / decodeState", () => {
  it("decodeState(encodeState(s)) gives back s for any JSON design and scenario, names and settings (unicode included)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), json), fc.dictionary(fc.string(), json), fc.string({ unit: "grapheme" }), fc.string({ unit: "grapheme" }), fc.nat(20), fc.string(), (design, scenario, df, sf, curve, seed) => {
        const s: StudioState = { design, designFile: df, scenario, scenarioFile: sf, curve, settings: { ...DEFAULT_SETTINGS, seed } };
        const f = encodeState(s);
        expect(f).toMatch(/^s=[A-Za-z0-9_-]*$/);
        expect(decodeState("#" + f)).toEqual(s);
      }),
    );
  });

  it("the seed files survive the trip byte for byte once saved", () => {
    const design = JSON.parse(readFileSync("designs/sys6020.json", "utf8"));
    const scenario = JSON.parse(readFileSync("scenarios/sys6020.json", "utf8"));
    const back = decodeState(encodeState({ design, designFile: "designs/sys6020.json", scenario, scenarioFile: "scenarios/sys6020.json", curve: 2, settings: DEFAULT_SETTINGS }))!;
    expect(JSON.stringify(back.design)).toBe(JSON.stringify(design));
    expect(JSON.stringify(back.scenario)).toBe(JSON.stringify(scenario));
    expect(back.curve).toBe(2);
  });

  it("the compared designs travel in the fragment, at most MAX_COMPARED of them, in order", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ design: fc.dictionary(fc.string(), json), designFile: fc.string() }), { minLength: 1, maxLength: 5 }), (compare) => {
        const s: StudioState = { design: {}, designFile: "a.json", scenario: {}, scenarioFile: "b.json", curve: 0, settings: DEFAULT_SETTINGS, compare };
        expect(decodeState(encodeState(s))!.compare).toEqual(compare.slice(0, MAX_COMPARED));
      }),
    );
    // no compared designs: no "compare" key at all (a link without them is the first round's link)
    expect("compare" in decodeState(encodeState({ design: {}, designFile: "a", scenario: {}, scenarioFile: "b", curve: 0, settings: DEFAULT_SETTINGS, compare: [] }))!).toBe(false);
  });

  it("the opened CSV files travel in the fragment, name and text (unicode included); none, no key", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ minLength: 1 }).map((n) => `${n}.csv`), fc.string({ unit: "grapheme" }), { minKeys: 1 }), (files) => {
        const s: StudioState = { design: {}, designFile: "a.json", scenario: {}, scenarioFile: "b.json", curve: 0, settings: DEFAULT_SETTINGS, files };
        expect(decodeState(encodeState(s))!.files).toEqual(files);
      }),
    );
    expect("files" in decodeState(encodeState({ design: {}, designFile: "a", scenario: {}, scenarioFile: "b", curve: 0, settings: DEFAULT_SETTINGS, files: {} }))!).toBe(false);
  });

  it("decodeState refuses fragments that encode no state", () => {
    for (const f of ["", "#", "#x=1", "#s=", "#s=!!!", "#s=" + btoa("[1]"), "#s=" + btoa(JSON.stringify({ v: 2, d: {}, s: {}, df: "a", sf: "b" }))]) {
      expect(decodeState(f)).toBeUndefined();
    }
  });
});

describe("parseNumberText / parseListText / formatValue", () => {
  it("parseNumberText reads numbers, leaves an empty field out, and keeps anything else as text for the loader to name", () => {
    expect(parseNumberText("0.25")).toBe(0.25);
    expect(parseNumberText(" 3 ")).toBe(3);
    expect(parseNumberText(".5")).toBe(0.5);
    expect(parseNumberText("1e-3")).toBe(0.001);
    expect(parseNumberText("-2")).toBe(-2);
    expect(parseNumberText("")).toBeUndefined();
    expect(parseNumberText("   ")).toBeUndefined();
    expect(parseNumberText("abc")).toBe("abc");
    expect(parseNumberText("0x10")).toBe("0x10");
    expect(parseNumberText("1e309")).toBe("1e309");
    expect(parseNumberText("NaN")).toBe("NaN");
  });

  it("formatValue then parseNumberText gives back every finite number", () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
      expect(parseNumberText(formatValue(x))).toBe(x === 0 ? 0 : x);
    }));
  });

  it("parseListText reads comma- or space-separated lists and JSON arrays", () => {
    expect(parseListText("0, 7, 14")).toEqual([0, 7, 14]);
    expect(parseListText("0.1 0.2")).toEqual([0.1, 0.2]);
    expect(parseListText("[1, 2]")).toEqual([1, 2]);
    expect(parseListText("1, x")).toEqual([1, "x"]);
    expect(parseListText("")).toBeUndefined();
  });
});

describe("nearestField / fileKind / baseName", () => {
  it("nearestField climbs from a field to the nearest one the page shows", () => {
    const shown = new Set(["curves[2].truth", "modifiers[0].q", "ladder"]);
    const has = (f: string) => shown.has(f);
    expect(nearestField("modifiers[0].q", has)).toBe("modifiers[0].q");
    expect(nearestField("curves[2].truth[1]", has)).toBe("curves[2].truth");
    expect(nearestField("ladder.doses[3].amount", has)).toBe("ladder");
    expect(nearestField("target", has)).toBe("");
    expect(nearestField("", has)).toBe("");
  });

  it("fileKind tells the seed files apart", () => {
    expect(fileKind(JSON.parse(readFileSync("designs/sys6020.json", "utf8")))).toBe("design");
    expect(fileKind(JSON.parse(readFileSync("scenarios/sys6020.json", "utf8")))).toBe("scenario");
    expect(fileKind(JSON.parse(readFileSync("scenarios/sweeps/sys6020.json", "utf8")))).toBe("sweep");
    expect(fileKind([1])).toBe("unknown");
    expect(fileKind({})).toBe("unknown");
  });

  it("baseName keeps the last part of a path", () => {
    expect(baseName("designs/sys6020.json")).toBe("sys6020.json");
    expect(baseName("C:\\x\\a.json")).toBe("a.json");
    expect(baseName("a.json")).toBe("a.json");
  });
});
