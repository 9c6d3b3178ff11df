import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { loadSweep } from "../../../src/sweep/plan.js";
import { ConfigError } from "../../../src/config/messages.js";

const dir = mkdtempSync(join(tmpdir(), "doseladder-plan-"));
const write = (obj: unknown) => {
  const p = join(dir, `s-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(obj));
  return p;
};
const SCEN = resolve("scenarios/sys6020.json");
const D33 = resolve("designs/sys6020-3plus3.json");

describe("loadSweep(file)", () => {
  it("expands designs × applicable grid values × scenarios, skipping keys a design does not have", () => {
    const plan = loadSweep(
      write({
        trials: 10,
        designs: [{ file: D33 }, { design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review" }] }],
        grid: { "smc-review.q": [1, 0.5, 0.25], deEscalation: [false, true] },
        scenarios: [SCEN, { file: SCEN, curves: ["safe"] }],
      }),
    );
    // design 1 has no smc-review: 2 variants (deEscalation); design 2: 3 × 2 = 6 variants; × 2 scenarios
    expect(plan.cells).toHaveLength((2 + 6) * 2);
    expect(plan.gridKeys).toEqual(["smc-review.q", "deEscalation"]);
    expect(plan.cells[0].params).toEqual({ deEscalation: false });
    expect(plan.cells[4].params).toEqual({ "smc-review.q": 1, deEscalation: false });
    expect(plan.cells[4].design.modifiers[0].params.q).toBe(1);
    expect(plan.cells[6].design.modifiers[0].params.q).toBe(1);
    expect(plan.cells[6].design.design.params.deEscalation).toBe(true);
    expect(new Set(plan.cells.map((c) => c.key)).size).toBe(plan.cells.length);
    expect(plan.cells[1].scenario.curves.map((c) => c.name)).toEqual(["safe"]);
  });
  it("gives the same keys for the same content and different keys when trials or seed change", () => {
    const body = { trials: 10, seed: "a", designs: [{ file: D33 }], scenarios: [SCEN] };
    expect(loadSweep(write(body)).cells[0].key).toBe(loadSweep(write(body)).cells[0].key);
    expect(loadSweep(write({ ...body, trials: 11 })).cells[0].key).not.toBe(loadSweep(write(body)).cells[0].key);
    expect(loadSweep(write({ ...body, seed: "b" })).cells[0].key).not.toBe(loadSweep(write(body)).cells[0].key);
  });
  it("rejects bad sweep files naming the file and field", () => {
    const msg = (obj: unknown) => {
      try {
        loadSweep(write(obj));
      } catch (e) {
        expect(e).toBeInstanceOf(ConfigError);
        return (e as Error).message;
      }
      throw new Error("no error");
    };
    expect(msg({ designs: [], scenarios: [SCEN] })).toMatch(/: designs: expected a non-empty array/);
    expect(msg({ designs: [{ file: D33 }], scenarios: [SCEN], trials: 0 })).toMatch(/: trials: expected a positive integer, got 0/);
    expect(msg({ designs: [{ file: D33 }], scenarios: [SCEN], grid: { a: [] } })).toMatch(/: grid\.a: expected a non-empty array/);
    expect(msg({ designs: [{ file: D33 }], scenarios: [{ file: SCEN, curves: ["nope"] }] })).toMatch(/scenarios\[0\]\.curves\[0\]: no curve named "nope"/);
    expect(msg({ designs: [{ design: { type: "zzz" } }], scenarios: [SCEN] })).toMatch(/designs\[0\]: design\.type: unknown design type "zzz"/);
    expect(msg({ designs: [{ file: D33 }], scenarios: [SCEN], grid: { a: [0] }, extra: 1 })).toMatch(/: extra: unknown field/);
    expect(msg({ designs: [{ design: { type: "a-plus-b" } }], grid: { a: [3, 0] }, scenarios: [SCEN] })).toMatch(/designs\[0\]: .*design\.a: expected an integer >= 1, got 0 \(with a=0\)/);
  });
});

describe("loadSweep(file) with response rates (efficacy-expansion)", () => {
  const EFF = resolve("designs/sys6020-efficacy.json");
  const scen = (response: number, association?: unknown) => {
    const p = join(dir, `scen-${response}-${association === undefined ? "none" : "or"}.json`);
    const curve = { name: "c", truth: [0.05, 0.1, 0.25, 0.4, 0.55], response: [0.3, response, 0.6, 0.6, 0.6] };
    writeFileSync(p, JSON.stringify({ name: "r", target: 0.25, ladder: { doses: [1, 2, 3, 4, 5] }, ...(association ? { association } : {}), curves: [curve] }));
    return p;
  };
  it("a cell's key changes with the response rates and with the association, so an edit recomputes it", () => {
    const key = (file: string) => loadSweep(write({ trials: 10, designs: [{ file: EFF }], scenarios: [file] })).cells[0].key;
    const a = key(scen(0.55));
    expect(key(scen(0.55))).toBe(a);
    expect(key(scen(0.5))).not.toBe(a);
    expect(key(scen(0.55, { model: "odds-ratio", value: 2 }))).not.toBe(a);
  });
});
