/**
 * The protocol's duration sentence (src/report/protocol.ts durationSentence) in calendar time:
 * when the design waits for responses (BOIN12's dose decisions, an efficacy expansion's end) it
 * says when responses are assessed (the scenario's timing.responseMonths) and what waits for
 * them; a toxicity-only design's sentence does not. The expected words are written out here.
 */
import { describe, expect, it } from "vitest";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { blockValues, parseTiming } from "../../../src/config/timing.js";
import { runTimed } from "../../../src/engine/run.js";
import { buildProtocol, durationSentence } from "../../../src/report/protocol.js";

const months = (days: number) => (days / (365.25 / 12)).toFixed(1);

describe("the duration sentence and the response assessment", () => {
  it("BOIN12 in calendar time: the assessment 12 months after the first infusion, and each dose decision waits for it", () => {
    const config = loadDesign("designs/sys6020-boin12-timed.json");
    const s = loadScenario("scenarios/sys6020-efficacy-timed.json");
    const scenario = { ...s, curves: s.curves.slice(2, 3) };
    const r = runTimed({ config, scenario, trials: 40, seed: "p" });
    const expected =
      `The mean trial duration is ${months(r.curves[0].timing!.duration.mean)} months. ` +
      "Each patient's response is assessed 12 months after the first infusion; each dose decision waits for the response assessments of its cohort, so the durations include the assessment time.";
    expect(durationSentence(r)).toBe(expected);
    const doc = buildProtocol(r);
    expect(doc.blocks.some((b) => b.kind === "paragraph" && b.text === expected)).toBe(true);
  });

  it("an efficacy expansion over two curves, responses at 6 months: the range, then the assessment and the end of the trial", () => {
    const config = loadDesign("designs/sys6020-efficacy-timed.json");
    const s = loadScenario("scenarios/sys6020-efficacy-timed.json");
    const scenario = { ...s, curves: s.curves.slice(1, 3), timing: parseTiming({ ...blockValues(s.timing!), responseMonths: 6 }, s.file) };
    const r = runTimed({ config, scenario, trials: 40, seed: "p" });
    const d = r.curves.map((c) => c.timing!.duration.mean);
    const [lo, hi] = d[0] <= d[1] ? [0, 1] : [1, 0];
    expect(durationSentence(r)).toBe(
      `The mean trial duration ranges from ${months(d[lo])} months (scenario ${lo + 1}, ${r.curves[lo].name}) to ${months(d[hi])} months (scenario ${hi + 1}, ${r.curves[hi].name}). ` +
        "Each patient's response is assessed 6 months after the first infusion; the trial ends with the response assessment of the last expansion patient, so the durations include the assessment time.",
    );
  });

  it("a toxicity-only design: the duration alone, whatever the scenario's responseMonths", () => {
    const config = loadDesign("designs/sys6020-timed.json");
    const s = loadScenario("scenarios/sys6020-timed.json");
    const r = runTimed({ config, scenario: { ...s, curves: s.curves.slice(2, 3) }, trials: 40, seed: "p" });
    expect(durationSentence(r)).toBe(`The mean trial duration is ${months(r.curves[0].timing!.duration.mean)} months.`);
  });
});
