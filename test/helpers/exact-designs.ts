/**
 * Design stacks the exact-engine tests run over: every file in designs/ (so a design file added
 * later is covered with no change here) plus inline configs for variants the files do not show.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildDesign, loadDesign, parseDesignConfig } from "../../src/config/load.js";
import type { Design } from "../../src/designs/design.js";

export interface NamedDesign {
  readonly name: string;
  readonly design: Design;
}

const inline: Record<string, { doses: number; design: Record<string, unknown>; modifiers?: Record<string, unknown>[] }> = {
  "3+3 (a-plus-b defaults), 4 doses": { doses: 4, design: { type: "a-plus-b" } },
  "a-plus-b with de-escalation": { doses: 4, design: { type: "a-plus-b", deEscalation: true } },
  "a-plus-b 2+4, C=1, D=1, E=1, start dose 2": { doses: 5, design: { type: "a-plus-b", a: 2, b: 4, startDose: 2 } },
  "3+3 with stop-at-n 9": { doses: 5, design: { type: "a-plus-b" }, modifiers: [{ type: "stop-at-n", n: 9 }] },
  "3+3 de-escalation with stop-at-n 10, truncated": {
    doses: 4,
    design: { type: "a-plus-b", deEscalation: true },
    modifiers: [{ type: "stop-at-n", n: 10, truncate: true }],
  },
  "3+3 with SMC review q=0.5 (dose below on decline)": {
    doses: 5,
    design: { type: "a-plus-b" },
    modifiers: [{ type: "smc-review", q: 0.5 }],
  },
  "3+3 de-escalation with SMC review q=0.3 (current dose on decline)": {
    doses: 4,
    design: { type: "a-plus-b", deEscalation: true },
    modifiers: [{ type: "smc-review", q: 0.3, onDecline: "current-dose" }],
  },
  "3+3 with SMC q=0.6 and monitored split expansion of 12": {
    doses: 4,
    design: { type: "a-plus-b" },
    modifiers: [
      { type: "smc-review", q: 0.6 },
      { type: "expansion", patients: 12, cohortSize: 3, split: "mtd-and-lower", monitor: true, toxLimit: 0.3, cutoff: 0.7 },
    ],
  },
  "3+3 with expansion of 9 at the MTD, monitored on expansion data": {
    doses: 3,
    design: { type: "a-plus-b" },
    modifiers: [{ type: "expansion", patients: 9, cohortSize: 3, monitor: true, toxLimit: 0.25, cutoff: 0.6, monitorData: "expansion" }],
  },
};

/** Inline design configs, built. */
export function inlineDesigns(): NamedDesign[] {
  return Object.entries(inline).map(([name, spec]) => {
    const config = parseDesignConfig(spec as unknown as Record<string, unknown>, `(inline: ${name})`);
    return { name, design: buildDesign(config, spec.doses) };
  });
}

/**
 * Every design file in designs/, built for its own dose count (5 when the file names none),
 * except designs deciding on responses (BOIN12: its seed file is beyond exact enumeration and
 * needs response curves; test/unit/designs/boin12.test.ts checks its exact runs on small designs).
 */
export function fileDesigns(dir = "designs"): NamedDesign[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const config = loadDesign(join(dir, f));
      return { name: join(dir, f), design: buildDesign(config, config.doses ?? 5) };
    })
    .filter((d) => d.design.jointOutcomes === undefined);
}

/** Both lists. */
export function allDesigns(): NamedDesign[] {
  return [...fileDesigns(), ...inlineDesigns()];
}
