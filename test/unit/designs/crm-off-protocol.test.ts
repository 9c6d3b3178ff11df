/** The CRM on histories its trial loop cannot produce (a live trial that deviated). */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign } from "../../../src/config/load.js";
import { replay } from "../../../src/engine/replay.js";
import { say } from "../../helpers/build.js";
import { designOf } from "../../helpers/build.js";

describe("crm off protocol", () => {
  const crm = buildDesign(loadDesign("designs/sys6020-crm.json"), 5); // target 0.25, restrict
  it("no escalation after a cohort with a DLT rate >= target, also when the cohort was given elsewhere than recommended", () => {
    // after 1NNN 2NNT the design stays at dose 2; the trial gave 4NNT instead (1/3 >= 0.25)
    const r = replay(crm, "1NNN 2NNT 4NNT");
    expect(r.warnings).toHaveLength(1);
    expect(crm.decide(r.state).dose).toBeLessThanOrEqual(3);
  });
  it("never recommends or selects an eliminated dose; with every dose eliminated it stops", () => {
    const r = replay(crm, "1TTT 1NNN");
    expect(say(crm.decide(replay(crm, "1TTT").state))).toBe("stop: lowest-dose-too-toxic");
    expect(r.state.eliminatedFrom).toBe(0);
    expect(say(crm.decide(r.state))).toBe("stop: all-eliminated");
    expect(crm.selectMtd(r.state)).toBe(-1);
  });
  it("escalate-until-first-dlt goes one dose up from the last cohort, never skipping, whatever the cohort sizes", () => {
    const twoStage = designOf({ type: "crm", target: 0.25, maxPatients: 24, startup: "escalate-until-first-dlt" }, 4);
    expect(say(twoStage.decide(replay(twoStage, "1NNNNNN").state))).toBe("treat 3 at 2");
    expect(say(twoStage.decide(replay(twoStage, "1NNN 2NNN").state))).toBe("treat 3 at 3");
  });
});
