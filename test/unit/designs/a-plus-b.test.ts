import { describe, expect, it } from "vitest";
import { stateOf } from "../../../src/model/outcomes.js";
import { decideSay, designOf } from "../../helpers/build.js";

const classic = designOf({ type: "a-plus-b" }, 5);
const deEsc = designOf({ type: "a-plus-b", deEscalation: true }, 4);

describe("a-plus-b (classic 3+3, Lin & Shih A=B=3, C=D=E=1)", () => {
  it("starts with 3 at the start dose", () => {
    expect(decideSay(classic, stateOf("", 5))).toBe("treat 3 at 1");
    expect(decideSay(designOf({ type: "a-plus-b", startDose: 2 }, 5), (() => { const s = stateOf("", 5); s.current = 1; return s; })())).toBe("treat 3 at 2");
  });
  it("escalates after 0/3, adds 3 after 1/3, escalates after 1/6, stops after 2/6 or 2/3", () => {
    expect(decideSay(classic, stateOf("1NNN", 5))).toBe("treat 3 at 2");
    expect(decideSay(classic, stateOf("1NNN 2NTN", 5))).toBe("treat 3 at 2");
    expect(decideSay(classic, stateOf("1NNN 2NTN 2NNN", 5))).toBe("treat 3 at 3");
    expect(decideSay(classic, stateOf("1NNN 2NTN 2NTN", 5))).toBe("stop: dose-too-toxic");
    expect(decideSay(classic, stateOf("1NNN 2NTT", 5))).toBe("stop: dose-too-toxic");
    expect(decideSay(classic, stateOf("1TTN", 5))).toBe("stop: lowest-dose-too-toxic");
  });
  it("selects the dose below the first too-toxic dose, none below dose 1, the top dose when passed", () => {
    expect(classic.selectMtd(stateOf("1NNN 2NTT", 5))).toBe(0);
    expect(classic.selectMtd(stateOf("1NNN 2NTN 2NNN 3TTN", 5))).toBe(1);
    expect(classic.selectMtd(stateOf("1TTN", 5))).toBe(-1);
    expect(classic.selectMtd(stateOf("1NNN 2NNN 3NNN 4NNN 5NNN", 5))).toBe(4);
    expect(decideSay(classic, stateOf("1NNN 2NNN 3NNN 4NNN 5NNN", 5))).toBe("stop: top-dose-passed");
    expect(decideSay(classic, stateOf("1NNN 2NNN 3NNN 4NNN 5NTN 5NNN", 5))).toBe("stop: top-dose-passed");
  });
  it("with de-escalation, confirms the dose below with 6 patients before declaring it", () => {
    expect(decideSay(deEsc, stateOf("1NNN 2NNN 3TTN", 4))).toBe("treat 3 at 2");
    expect(decideSay(deEsc, stateOf("1NNN 2NNN 3TTN 2NNN", 4))).toBe("stop: mtd-declared");
    expect(deEsc.selectMtd(stateOf("1NNN 2NNN 3TTN 2NNN", 4))).toBe(1);
    // the dose below fails too: step down again
    expect(decideSay(deEsc, stateOf("1NNN 2NNN 3TTN 2TTN", 4))).toBe("treat 3 at 1");
    expect(decideSay(deEsc, stateOf("1NNN 2NNN 3TTN 2TTN 1NTN", 4))).toBe("stop: mtd-declared");
    expect(deEsc.selectMtd(stateOf("1NNN 2NNN 3TTN 2TTN 1NTN", 4))).toBe(0);
    expect(decideSay(deEsc, stateOf("1NNN 2NNN 3TTN 2TTN 1NTT", 4))).toBe("stop: lowest-dose-too-toxic");
    expect(deEsc.selectMtd(stateOf("1NNN 2NNN 3TTN 2TTN 1NTT", 4))).toBe(-1);
    // a dose that already has 6 is declared at once
    expect(decideSay(deEsc, stateOf("1NNN 2NTN 2NNN 3TTN", 4))).toBe("stop: mtd-declared");
  });
  it("stops before a cohort that would exceed maxPatients", () => {
    const capped = designOf({ type: "a-plus-b", maxPatients: 6 }, 5);
    expect(decideSay(capped, stateOf("1NNN 2NNN", 5))).toBe("stop: max-n");
    expect(capped.selectMtd(stateOf("1NNN 2NNN", 5))).toBe(1);
    expect(capped.selectMtd(stateOf("1NNN 2NTN", 5))).toBe(0);
  });
  it("supports other A+B members, e.g. 2+4 with C=1, D=1, E=1", () => {
    const d = designOf({ type: "a-plus-b", a: 2, b: 4 }, 3);
    expect(decideSay(d, stateOf("1NN", 3))).toBe("treat 2 at 2");
    expect(decideSay(d, stateOf("1NT", 3))).toBe("treat 4 at 1");
    expect(decideSay(d, stateOf("1NT 1NNNN", 3))).toBe("treat 2 at 2");
    expect(decideSay(d, stateOf("1TT", 3))).toBe("stop: lowest-dose-too-toxic");
  });
  it("rejects inconsistent thresholds", () => {
    expect(() => designOf({ type: "a-plus-b", c: 3, d: 1 }, 3)).toThrow(/design: c \(3\) must be at most d \+ 1/);
  });
});

describe("a-plus-b off protocol (counts and orders the rule does not cover)", () => {
  const withElim = (outcomes: string, from: number, K = 5) => {
    const s = stateOf(outcomes, K);
    s.eliminate(from);
    return s;
  };
  it("never treats at or above an eliminated dose: after 1NNN 2NTT (dose 2 eliminated) and an off-protocol 3NNN it stops, MTD dose 1", () => {
    expect(decideSay(classic, withElim("1NNN 2NTT 3NNN", 1))).toBe("stop: dose-too-toxic");
    expect(classic.selectMtd(withElim("1NNN 2NTT 3NNN", 1))).toBe(0);
    // eliminated by another rule (e.g. a modifier) without toxic counts: still never given
    expect(decideSay(classic, withElim("1NNN 2NNN", 2))).toBe("stop: dose-too-toxic");
    expect(classic.selectMtd(withElim("1NNN 2NNN 3NNN", 2))).toBe(1);
  });
  it("with de-escalation, a trial above an eliminated dose steps down to confirm the dose below it", () => {
    expect(decideSay(deEsc, withElim("1NNN 2NTT 3NNN", 1, 4))).toBe("treat 3 at 1");
    expect(decideSay(deEsc, withElim("1NNN 2NTT 3NNN 1NNN", 1, 4))).toBe("stop: mtd-declared");
  });
  it("judges a dose with more than A+B patients on its DLT rate against E/(A+B): 0/10 passes, 2/10 is too toxic", () => {
    expect(decideSay(classic, stateOf("1NNNNNNNNNN", 5))).toBe("treat 3 at 2");
    expect(classic.selectMtd(stateOf("1NNNNNNNNNN", 5))).toBe(0);
    expect(decideSay(classic, stateOf("1NNNNNNNNNNNT", 5))).toBe("treat 3 at 2"); // 1/12 <= 1/6
    expect(decideSay(classic, stateOf("1NNNNNNNNTT", 5))).toBe("stop: lowest-dose-too-toxic"); // 2/10 > 1/6
    expect(decideSay(classic, stateOf("1NNN 2NNNNNNNNNNNT", 5))).toBe("treat 3 at 3"); // 1/12 at dose 2
  });
  it("completes a dose with fewer than A, or between A and A+B, patients unless the rule's outcome is already certain", () => {
    expect(decideSay(classic, stateOf("1NN", 5))).toBe("treat 1 at 1");
    expect(decideSay(classic, stateOf("1TT", 5))).toBe("stop: lowest-dose-too-toxic"); // 2 > D already
    expect(decideSay(classic, stateOf("1NNNN", 5))).toBe("treat 3 at 2"); // 0 < C: any first 3 escalate
    expect(decideSay(classic, stateOf("1NTNN", 5))).toBe("treat 2 at 1"); // 1/4: complete to 6
    expect(decideSay(classic, stateOf("1NTNN 1NN", 5))).toBe("treat 3 at 2"); // 1/6
    expect(decideSay(classic, stateOf("1NTTN", 5))).toBe("stop: lowest-dose-too-toxic"); // 2 > E already
    expect(classic.selectMtd(stateOf("1NNN 2NTNN", 5))).toBe(0); // dose 2 incomplete: not passed
  });
  it("escalating from a passed dose goes to the lowest dose above that has not passed, never over an untried dose", () => {
    expect(decideSay(classic, stateOf("1NNN 2NNN 1NNN", 5))).toBe("treat 3 at 3");
    expect(decideSay(classic, stateOf("1NNN 2NTN 1NNN", 5))).toBe("treat 3 at 2"); // dose 2 pending: B more there
    expect(decideSay(classic, stateOf("1NNN 3NNN 1NNN", 5))).toBe("treat 3 at 2"); // dose 2 untried: not skipped
  });
  it("explain never prints 'undefined' and says how an uncovered count is judged", () => {
    for (const o of ["1NNNNNNNNNN", "1NN", "1NTNN", "1NNNN", "1NTTN", "1NNN 2NTT 3NNN", "1NNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNNT"]) {
      expect(deEsc.explain?.(stateOf(o, 4))).not.toMatch(/undefined|NaN/);
      expect(classic.explain?.(stateOf(o, 5))).not.toMatch(/undefined|NaN/);
    }
    expect(classic.explain?.(stateOf("1NNNNNNNNNN", 5))).toMatch(/beyond the rule's A\+B=6 patients.*0\/10 = 0\.000 against 1\/6 = 0\.167/);
  });
  it("a dose whose last cohort stop-at-n truncated is incomplete, so it is not selected (it used to be: 0/1 counted as passed)", () => {
    const capped = designOf({ type: "a-plus-b", deEscalation: true }, 5, [{ type: "stop-at-n", n: 10, truncate: true }]);
    const s = stateOf("1NNN 2NNN 3NNN", 5);
    expect(decideSay(capped, s)).toBe("treat 1 at 4");
    const t = stateOf("1NNN 2NNN 3NNN 4N", 5);
    expect(decideSay(capped, t)).toBe("stop: max-n");
    expect(capped.selectMtd(t)).toBe(2);
  });
  it("refuses maxPatients below A (every trial would enrol 0 patients), naming the field", () => {
    expect(() => designOf({ type: "a-plus-b", maxPatients: 2 }, 3)).toThrow(/maxPatients \(2\) is below a \(3\)/);
    expect(() => designOf({ type: "a-plus-b", maxPatients: 3 }, 3)).not.toThrow();
  });
});
