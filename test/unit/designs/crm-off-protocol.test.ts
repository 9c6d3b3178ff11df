/** The CRM on histories its trial loop cannot produce (a live trial that deviated). */
import { describe, expect, it } from "vitest";
import { buildDesign, loadDesign } from "../../../src/config/load.js";
import { replay } from "../../../src/engine/replay.js";
import { say } from "../../helpers/build.js";
import { designOf } from "../../helpers/build.js";

describe("crm off protocol", () => {
  const crm = buildDesign(loadDesign("designs/sys6020-crm.json"), 5); // target 0.25, restrict
  it("no escalation right after a cohort given elsewhere than recommended (its own DLTs are unknown)", () => {
    // 6 doses: 3NNT and 2NNN off protocol, then 1NNT (1/3 >= 0.25) at dose 1: it used to escalate
    // to dose 2, reading the last cohort's DLTs against the count at the recommended dose
    const six = designOf({ type: "crm", target: 0.25, maxPatients: 36, priorMtd: 2 }, 6);
    const r = replay(six, "3NNT 2NNN 1NNT");
    expect(r.warnings.length).toBeGreaterThan(0);
    expect(say(six.decide(r.state))).toMatch(/^treat 3 at 1$/);
    // on protocol the restriction reads the last cohort exactly: 1NNN then the recommended dose
    expect(say(crm.decide(replay(crm, "1NNN").state))).toBe("treat 3 at 2");
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
