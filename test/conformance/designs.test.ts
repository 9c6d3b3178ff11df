/**
 * The conformance suite: every design file and modifier stack must pass the checks of
 * src/designs/check.ts on random truth curves, and every registered design and modifier type
 * must be exercised by at least one of them.
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildDesign } from "../../src/config/load.js";
import { DESIGNS, MODIFIERS } from "../../src/designs/index.js";
import { checkTrial } from "../../src/designs/check.js";
import { streamFor } from "../../src/random/stream.js";
import { allConfigs } from "../helpers/stacks.js";
import { anyCurve } from "../helpers/arbitraries.js";

const configs = allConfigs();

describe("conformance", () => {
  it("covers every registered design and modifier type", () => {
    const types = new Set(configs.map((c) => c.config.design.type));
    const mods = new Set(configs.flatMap((c) => c.config.modifiers.map((m) => m.type)));
    for (const t of DESIGNS.keys()) expect(types, `design type ${t} has no conformance config`).toContain(t);
    for (const t of MODIFIERS.keys()) expect(mods, `modifier type ${t} has no conformance config`).toContain(t);
  });

  for (const { name, config } of configs) {
    it(`${name}: every state of random trials passes checkDecision, trials end within bounds (fast-check, seed 7)`, () => {
      const K = config.doses ?? 4;
      const design = buildDesign(config, K);
      fc.assert(
        fc.property(anyCurve(K), fc.integer({ min: 0, max: 1e6 }), (truth, block) => {
          const u = streamFor("conformance", block);
          for (let t = 0; t < 5; t++) {
            const { violations } = checkTrial(design, truth, u);
            expect(violations).toEqual([]);
          }
        }),
        { seed: 7, numRuns: 40 },
      );
    });
  }
});
