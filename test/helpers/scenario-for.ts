/**
 * The scenario file of a design's trial: same registry number and, when the design names one, the
 * same dose count; for a design with a final-state phase (efficacy-expansion) or one deciding on
 * responses (BOIN12), one whose curves all give response rates.
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { buildDesign, loadScenario } from "../../src/config/load.js";
import type { DesignConfig, ScenarioConfig } from "../../src/config/types.js";

export function scenarioFor(config: DesignConfig, dir = "scenarios"): ScenarioConfig | undefined {
  if (!config.trial) return undefined;
  const built = buildDesign(config, config.doses ?? 5);
  const needsResponse = built.finalStateOc !== undefined || built.jointOutcomes !== undefined;
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".json")).sort()) {
    const s = loadScenario(join(dir, f));
    if (needsResponse && !s.curves.every((c) => c.response)) continue;
    if (s.trial === config.trial && (config.doses === undefined || s.ladder.doses.length === config.doses)) return s;
  }
  return undefined;
}
