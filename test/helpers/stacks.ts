/**
 * Every design configuration the conformance and property suites run over: each file in
 * designs/ plus inline stacks that exercise every registered design and modifier.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { loadDesign, parseDesignConfig } from "../../src/config/load.js";
import type { DesignConfig } from "../../src/config/types.js";

export const DESIGN_DIR = "designs";

/** Inline stacks (beyond the files), by a readable name. */
export const INLINE_STACKS: Record<string, Record<string, unknown>> = {
  "3+3": { design: { type: "a-plus-b" } },
  "3+3 de-escalation": { design: { type: "a-plus-b", deEscalation: true } },
  "2+4": { design: { type: "a-plus-b", a: 2, b: 4, c: 1, d: 1, e: 1 } },
  "3+3 + stop-at-n 9 truncated": { design: { type: "a-plus-b" }, modifiers: [{ type: "stop-at-n", n: 9, truncate: true }] },
  "3+3 + smc q=0.5": { design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review", q: 0.5 }] },
  "3+3 + smc q=0.3 current-dose + expansion split monitored": {
    design: { type: "a-plus-b" },
    modifiers: [
      { type: "smc-review", q: 0.3, onDecline: "current-dose" },
      { type: "expansion", patients: 10, cohortSize: 4, split: "mtd-and-lower", monitor: true, cutoff: 0.7, monitorData: "expansion" },
    ],
  },
  // start doses above 1 (an SMC decline at the start dose must not select the untried dose below)
  "3+3 start 2 + smc q=0.5 lower-dose": { design: { type: "a-plus-b", startDose: 2 }, modifiers: [{ type: "smc-review", q: 0.5 }] },
  "3+3 de-escalation start 3 + smc q=0.4 + expansion + stop-at-n 24 (total)": {
    doses: 5,
    design: { type: "a-plus-b", deEscalation: true, startDose: 3 },
    modifiers: [{ type: "smc-review", q: 0.4 }, { type: "expansion", patients: 9, split: "mtd-and-lower" }, { type: "stop-at-n", n: 24, truncate: true }],
  },
  "BOIN start 2 + smc q=0.5": { doses: 4, design: { type: "boin", target: 0.3, startDose: 2, nCohorts: 6 }, modifiers: [{ type: "smc-review", q: 0.5 }] },
  "Keyboard start 2 extraSafe + expansion monitored": {
    doses: 4,
    design: { type: "keyboard", target: 0.25, startDose: 2, nCohorts: 6, extraSafe: true, nEarlyStop: 9 },
    modifiers: [{ type: "expansion", patients: 6, monitor: true }],
  },
  "CRM start 2 + stop-at-n 12": { doses: 4, design: { type: "crm", target: 0.25, maxPatients: 18, startDose: 2 }, modifiers: [{ type: "stop-at-n", n: 12 }] },
  "mTPI-2 start 3 + smc q=0.6 no-mtd": { doses: 4, design: { type: "mtpi2", target: 0.3, startDose: 3, nCohorts: 5 }, modifiers: [{ type: "smc-review", q: 0.6, onDecline: "no-mtd" }] },
  "BOIN12 start 2, u11 + u00 != 100, early stop 9": { doses: 4, design: { type: "boin12", target: 0.3, efficacyLow: 0.2, u11: 30, u00: 50, startDose: 2, nCohorts: 6, nEarlyStop: 9 } },
  "mTPI-2 target 0.25": { design: { type: "mtpi2", target: 0.25, cohortSize: 3, nCohorts: 6 } },
  "i3+3 target 0.3": { design: { type: "i3plus3", target: 0.3, cohortSize: 3, nCohorts: 6 } },
  "user table (BOIN 0.3 rows) + stop-at-n": {
    design: {
      type: "table",
      target: 0.3,
      minEliminationN: 3,
      cohortSize: 3,
      nCohorts: 4,
      rows: [
        { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 },
        { n: 6, escalateAtMost: 1, deEscalateAtLeast: 3, eliminateAtLeast: 4 },
        { n: 9, escalateAtMost: 2, deEscalateAtLeast: 4, eliminateAtLeast: 5 },
        { n: 12, escalateAtMost: 2, deEscalateAtLeast: 5, eliminateAtLeast: 7 },
      ],
    },
    modifiers: [{ type: "stop-at-n", n: 9 }],
  },
};

/** All configs: the design files, then the inline stacks. */
export function allConfigs(): { name: string; config: DesignConfig }[] {
  const files = readdirSync(DESIGN_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => ({ name: f, config: loadDesign(join(DESIGN_DIR, f)) }));
  const inline = Object.entries(INLINE_STACKS).map(([name, obj]) => ({ name, config: parseDesignConfig(obj, name) }));
  return [...files, ...inline];
}
