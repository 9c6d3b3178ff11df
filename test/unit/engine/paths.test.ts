import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { dosePaths, leaves } from "../../../src/engine/paths.js";
import { buildDesign, loadDesign, parseDesignConfig } from "../../../src/config/load.js";
import { Action, REASONS } from "../../../src/model/decision.js";
import { allDesigns } from "../../helpers/exact-designs.js";

const threePlusThree = buildDesign(loadDesign("designs/sys6020-3plus3.json"), 5);
const smcConfig = parseDesignConfig({ design: { type: "a-plus-b" }, modifiers: [{ type: "smc-review", q: 0.4 }] }, "(inline smc)");
const smc = buildDesign(smcConfig, 5);

const curveArb = (k: number) =>
  fc.array(fc.double({ min: 0, max: 0.95, noNaN: true }), { minLength: k, maxLength: k }).map((xs) => [...xs].sort((a, b) => a - b));

describe("dosePaths(design, { cohorts })", () => {
  it("3+3: 4, 10 and 19 leaves after 1, 2 and 3 cohorts (hand count)", () => {
    expect(leaves(dosePaths(threePlusThree, { cohorts: 1 })).length).toBe(4);
    expect(leaves(dosePaths(threePlusThree, { cohorts: 2 })).length).toBe(10);
    expect(leaves(dosePaths(threePlusThree, { cohorts: 3 })).length).toBe(19);
  });

  it("3+3: the first cohort's paths and decisions, in escalation notation", () => {
    const nodes = dosePaths(threePlusThree, { cohorts: 1 }).nodes;
    expect(nodes.map((n) => n.path)).toEqual(["", "1NNN", "1NNT", "1NTT", "1TTT"]);
    expect(nodes.map((n) => n.next)).toEqual([
      "treat 3 at dose 1 (start the trial)",
      "treat 3 at dose 2 (escalate)",
      "treat 3 at dose 1 (add patients at the current dose)",
      "stop (the lowest dose is too toxic)",
      "stop (the lowest dose is too toxic)",
    ]);
    expect(nodes.map((n) => n.leaf)).toEqual([null, "open", "open", "terminal", "terminal"]);
  });

  for (const { name, design } of allDesigns()) {
    it(`${name}: probabilities of the terminal and open paths sum to 1 (1e-12); each treat node has size + 1 children`, () => {
      fc.assert(
        fc.property(curveArb(design.numDoses), fc.integer({ min: 1, max: 4 }), (truth, cohorts) => {
          const p = dosePaths(design, { cohorts, truth });
          const total = leaves(p).reduce((s, n) => s + n.probability!, 0);
          expect(Math.abs(total - 1)).toBeLessThan(1e-12);
          // children are the nodes one level deeper (or the same depth, for chance branches) that follow a node
          p.nodes.forEach((n, i) => {
            if (n.leaf !== null) return;
            let children = 0;
            for (let j = i + 1; j < p.nodes.length; j++) {
              const m = p.nodes[j];
              if (!m.path.startsWith(n.path)) break;
              const rest = m.path.slice(n.path.length).trim();
              if (/^(\d+[NT]+|\{[^}]*\})$/.test(rest)) children++;
            }
            expect(children).toBe(n.decision.action === Action.Chance ? 2 : n.decision.size + 1);
          });
        }),
        { seed: 5, numRuns: 5 },
      );
    });
  }

  it("SMC review: the chance node splits into \"SMC yes\" and \"SMC no\" with q and 1 - q", () => {
    const truth = [0.1, 0.2, 0.3, 0.4, 0.5];
    const p = dosePaths(smc, { cohorts: 2, truth });
    const node = p.nodes.find((n) => n.path === "1NNT")!;
    expect(node.decision.action).toBe(Action.Chance);
    const yes = p.nodes.find((n) => n.path === "1NNT {SMC yes}")!;
    const no = p.nodes.find((n) => n.path === "1NNT {SMC no}")!;
    expect(yes.branch).toBe("SMC yes");
    expect(yes.next).toBe("treat 3 at dose 1 (add patients at the current dose)");
    expect(no.leaf).toBe("terminal");
    expect(REASONS[no.decision.reason]).toBe("smc-declined");
    expect(no.mtd).toBe(-1);
    expect(yes.probability! / node.probability!).toBeCloseTo(0.4, 12);
    expect(no.probability! / node.probability!).toBeCloseTo(0.6, 12);
  });

  it("--from: the subtree after \"1NNN\" has the full tree's probabilities divided by P(1NNN)", () => {
    const truth = [0.05, 0.1, 0.25, 0.4, 0.55];
    const full = dosePaths(threePlusThree, { cohorts: 3, truth });
    const sub = dosePaths(threePlusThree, { cohorts: 2, truth, from: "1NNN" });
    const pFirst = full.nodes.find((n) => n.path === "1NNN")!.probability!;
    for (const n of sub.nodes) {
      const m = full.nodes.find((x) => x.path === (n.path ? `1NNN ${n.path}` : "1NNN"))!;
      expect(m.next).toBe(n.next);
      expect(Math.abs(m.probability! / pFirst - n.probability!)).toBeLessThan(1e-12);
    }
  });

  it("refuses a tree larger than maxNodes", () => {
    expect(() => dosePaths(threePlusThree, { cohorts: 4, maxNodes: 10 })).toThrow(/more than 10 paths/);
  });
});
