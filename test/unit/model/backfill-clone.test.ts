import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BackfillTrialState } from "../../../src/model/pending.js";
import { backfillStateOf } from "../../helpers/backfill-state.js";

describe("BackfillTrialState.clone", () => {
  it("copies the escalation and the backfill part, and the copy is independent", () => {
    const counts = fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 4, maxLength: 4 });
    fc.assert(
      fc.property(counts, counts, counts, counts, fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (n, y, bn, by, cur, done) => {
        const s = backfillStateOf(n, y, cur, { n: bn, y: by, enrolled: bn.map((x) => x + 1), responded: by, cohortDose: cur, done, dlts: 1 }, 2);
        s.mem[1] = 7;
        s.eliminate(3);
        const t = s.clone();
        expect(t).toBeInstanceOf(BackfillTrialState);
        expect(t).not.toBe(s);
        expect([...t.n, ...t.y, ...t.mem, t.current, t.eliminatedFrom, t.cohorts, t.escalationN]).toEqual([...s.n, ...s.y, ...s.mem, s.current, s.eliminatedFrom, s.cohorts, s.escalationN]);
        const a = s.backfill;
        const b = t.backfill;
        expect([...b.n, ...b.y, ...b.enrolled, ...b.responded, b.cohortDose, b.cohortDone, b.cohortDlts]).toEqual([...a.n, ...a.y, ...a.enrolled, ...a.responded, a.cohortDose, a.cohortDone, a.cohortDlts]);
        b.n[0] += 1;
        b.responded[2] += 1;
        t.n[1] += 1;
        expect(a.n[0]).toBe(bn[0]);
        expect(a.responded[2]).toBe(by[2]);
        expect(s.n[1]).toBe(n[1]);
      }),
    );
  });
});
