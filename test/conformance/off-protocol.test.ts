/**
 * Off-protocol histories, as a live trial meets them (`doseladder next`, `paths --from`): random
 * cohort sizes, doses given out of order, cohorts after the design said stop, mixed with cohorts
 * that follow the design's recommendation. For every design file and modifier stack (the same
 * set as the conformance suite, start doses above 1 included), replayed through the design:
 * the recommended dose is never eliminated, escalation never skips an untried dose, a stop
 * reason never contradicts the data, the selected dose was received, `explain` never prints
 * "undefined" (src/designs/check.ts: checkAdmissible / checkHistory).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { buildDesign } from "../../src/config/load.js";
import { checkAdmissible, checkHistory, type AdmissibleOptions, type HistoryCohort } from "../../src/designs/check.js";
import { replay } from "../../src/engine/replay.js";
import { Action } from "../../src/model/decision.js";
import type { Design } from "../../src/designs/design.js";
import type { DesignConfig } from "../../src/config/types.js";
import { allConfigs } from "../helpers/stacks.js";

/** One step of a random history: follow the design (with random DLTs), or give any dose and size. */
interface Step {
  readonly follow: boolean;
  readonly dose: number;
  readonly size: number;
  readonly dltShare: number;
}

const stepArb = (K: number): fc.Arbitrary<Step> =>
  fc.record({
    follow: fc.boolean(),
    dose: fc.integer({ min: 0, max: K - 1 }),
    size: fc.integer({ min: 1, max: 7 }),
    dltShare: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  });

/** The cohorts of a history: a following step takes the design's dose and size (or, after a stop, stays at the current dose). */
function cohortsOf(design: Design, steps: readonly Step[]): HistoryCohort[] {
  const out: HistoryCohort[] = [];
  for (const st of steps) {
    let dose = st.dose;
    let size = st.size;
    if (st.follow) {
      const s = replay(design, out).state;
      let dec = design.decide(s);
      if (dec.action === Action.Chance) {
        const t = s.clone();
        t.mem[dec.slot] = dec.yes;
        dec = design.decide(t);
      }
      if (dec.action === Action.Treat && !dec.panel) {
        dose = dec.dose;
        size = dec.size;
      } else dose = s.current;
    }
    out.push({ dose, size, dlts: Math.min(size, Math.floor(st.dltShare * (size + 1))) });
  }
  return out;
}

/** What each config may do by design: a CRM (or TITE-CRM) without restriction or with a given start-up sequence may skip doses; the CRM's safety stop is model-based. */
function optionsFor(config: DesignConfig): AdmissibleOptions {
  const p = config.design.params;
  if (config.design.type !== "crm" && config.design.type !== "tite-crm") return {};
  return { modelBased: true, maySkip: p.restrict === false || (p.initialDoses as readonly number[]).length > 0 };
}

describe("off-protocol histories (fast-check, seed 23)", () => {
  for (const { name, config } of allConfigs()) {
    const K = config.doses ?? 4;
    const design = buildDesign(config, K);
    if (design.completeInformation) continue; // the optimal benchmark has no trial to deviate from (checked below)
    it(`${name}: never an eliminated or skipped dose, no stop reason against the data, the MTD was received`, () => {
      const options = optionsFor(config);
      fc.assert(
        fc.property(fc.array(stepArb(K), { minLength: 0, maxLength: 9 }), (steps) => {
          const cohorts = cohortsOf(design, steps);
          expect(checkHistory(design, cohorts, options).violations).toEqual([]);
          // the engine's replay (what `next` uses) reaches the same state
          const r = replay(design, cohorts);
          expect(checkAdmissible(design, r.state, options)).toEqual([]);
        }),
        { seed: 23, numRuns: 150 },
      );
    });
  }
  it("the optimal benchmark: any panel counts select a dose with patients", () => {
    const c = allConfigs().find((x) => x.config.design.type === "optimal")!;
    const design = buildDesign(c.config, c.config.doses ?? 4);
    fc.assert(
      fc.property(fc.array(stepArb(design.numDoses), { maxLength: 4 }), (steps) => {
        const cohorts = steps.map((st) => ({ dose: st.dose, size: st.size, dlts: Math.min(st.size, Math.floor(st.dltShare * (st.size + 1))) }));
        expect(checkHistory(design, cohorts).violations).toEqual([]);
      }),
      { seed: 23, numRuns: 50 },
    );
  });
});
