/** Joint DLT/response outcomes (src/model/joint.ts) against an independent computation, and their invariants. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseScenarioConfig } from "../../../src/config/load.js";
import { ConfigError } from "../../../src/config/messages.js";
import {
  INDEPENDENT,
  bivariateNormalCdf,
  jointCells,
  normalCdf,
  normalQuantile,
  probBoth,
  responseGivenDlt,
  type Association,
} from "../../../src/model/joint.js";
import fixture from "../../reference/fixtures/joint.json" with { type: "json" };

describe("joint cells against gen_joint.py (bisection, Thall & Cook's formula, Simpson in z)", () => {
  for (const c of fixture.cases) {
    it(`${c.model} ${c.value} at pT ${c.pT}, pR ${c.pR}`, () => {
      const got = jointCells(c.pT, c.pR, { model: c.model as Association["model"], value: c.value });
      for (let i = 0; i < 4; i++) expect(got[i]).toBeCloseTo(c.cells[i], 9);
    });
  }
});

describe("the standard normal helpers", () => {
  // Values of Phi from Abramowitz & Stegun (1964) Table 26.1 / R pnorm: pnorm(-1.96) = 0.0249978951482204.
  it("Phi and its quantile", () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951482204, 14);
    expect(normalCdf(1)).toBeCloseTo(0.841344746068543, 14);
    expect(normalCdf(-10)).toBeCloseTo(7.61985302416047e-24, 36);
    expect(normalQuantile(0.975)).toBeCloseTo(1.95996398454005, 12);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
  });
  it("the quantile inverts Phi (property)", () => {
    fc.assert(fc.property(fc.double({ min: 1e-12, max: 1 - 1e-12, noNaN: true }), (p) => Math.abs(normalCdf(normalQuantile(p)) - p) < 1e-13 + 1e-9 * p));
  });
  it("bivariate normal: known closed forms", () => {
    // P(Z1 <= 0, Z2 <= 0) = 1/4 + asin(rho)/(2 pi) (Sheppard 1898).
    for (const rho of [-0.9, -0.5, 0.2, 0.7, 0.95]) expect(bivariateNormalCdf(0, 0, rho)).toBeCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), 11);
    expect(bivariateNormalCdf(1.2, -0.4, 0)).toBeCloseTo(normalCdf(1.2) * normalCdf(-0.4), 15);
  });
});

const prob = fc.double({ min: 0, max: 1, noNaN: true });
const association = fc.oneof(
  fc.constant(INDEPENDENT),
  fc.double({ min: 0.05, max: 20, noNaN: true }).map((value): Association => ({ model: "odds-ratio", value })),
  fc.double({ min: -5, max: 5, noNaN: true }).map((value): Association => ({ model: "gumbel", value })),
  fc.double({ min: -0.95, max: 0.95, noNaN: true }).map((value): Association => ({ model: "gaussian", value })),
);

describe("invariants (properties)", () => {
  it("cells are probabilities with the given margins", () => {
    fc.assert(
      fc.property(prob, prob, association, (pT, pR, a) => {
        const c = jointCells(pT, pR, a);
        for (let i = 0; i < 4; i++) if (!(c[i] >= 0 && c[i] <= 1)) return false;
        return Math.abs(c[0] + c[1] - pT) < 1e-9 && Math.abs(c[0] + c[2] - pR) < 1e-9 && Math.abs(c[0] + c[1] + c[2] + c[3] - 1) < 1e-9;
      }),
    );
  });
  it("the odds-ratio model has the odds ratio it was given", () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), (pT, pR, psi) => {
        const c = jointCells(pT, pR, { model: "odds-ratio", value: psi });
        return Math.abs((c[0] * c[3]) / (c[1] * c[2]) - psi) < 1e-6 * psi;
      }),
    );
  });
  it("a stronger association never lowers P(DLT and response); independence is the product", () => {
    fc.assert(
      fc.property(prob, prob, fc.constantFrom("odds-ratio", "gumbel", "gaussian"), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (pT, pR, model, u, v) => {
        const map = (t: number): number => (model === "odds-ratio" ? Math.exp(8 * t - 4) : model === "gumbel" ? 8 * t - 4 : 1.9 * t - 0.95);
        const [lo, hi] = u <= v ? [u, v] : [v, u];
        const a = probBoth(pT, pR, { model: model as Association["model"], value: map(lo) });
        const b = probBoth(pT, pR, { model: model as Association["model"], value: map(hi) });
        return a <= b + 1e-9;
      }),
    );
    fc.assert(fc.property(prob, prob, (pT, pR) => Math.abs(probBoth(pT, pR, INDEPENDENT) - pT * pR) < 1e-15));
  });
  it("responses given the DLT outcome recombine to the response margin", () => {
    fc.assert(
      fc.property(prob, prob, association, (pT, pR, a) => {
        const r = responseGivenDlt(pT, pR, a);
        return Math.abs(pT * r.withDlt + (1 - pT) * r.withoutDlt - pR) < 1e-9;
      }),
    );
  });
});

describe("scenario files with response curves", () => {
  const ladder = { doses: [1, 2, 3] };
  const msg = (f: () => unknown): string => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    throw new Error("expected a ConfigError");
  };
  it("reads response and association (file default, curve override)", () => {
    const s = parseScenarioConfig(
      {
        ladder,
        association: { model: "odds-ratio", value: 2 },
        curves: [
          { name: "a", truth: [0.1, 0.2, 0.3], response: [0.2, 0.4, 0.5] },
          { name: "b", truth: [0.1, 0.2, 0.3], response: [0.2, 0.4, 0.5], association: { model: "gaussian", value: 0.3 } },
          { name: "c", truth: [0.1, 0.2, 0.3] },
        ],
      },
      "s.json",
    );
    expect(s.curves[0].response).toEqual([0.2, 0.4, 0.5]);
    expect(s.curves[0].association).toEqual({ model: "odds-ratio", value: 2 });
    expect(s.curves[1].association).toEqual({ model: "gaussian", value: 0.3 });
    expect(s.curves[2].response).toBeUndefined();
  });
  it("refuses bad values naming the field", () => {
    const base = { name: "a", truth: [0.1, 0.2, 0.3] };
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ ...base, response: [0.1, 2, 0.3] }] }, "s.json"))).toBe("s.json: curves[0].response[1]: expected a probability in [0, 1], got 2");
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ ...base, response: [0.1] }] }, "s.json"))).toMatch(/^s\.json: curves\[0\]\.response: /);
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ ...base, association: { model: "odds-ratio", value: 0 } }] }, "s.json"))).toBe("s.json: curves[0].association.value: an odds ratio must be > 0, got 0");
    expect(msg(() => parseScenarioConfig({ ladder, curves: [{ ...base, association: { model: "gaussian", value: 1 } }] }, "s.json"))).toBe("s.json: curves[0].association.value: a Gaussian copula correlation must be in (-1, 1), got 1");
    expect(msg(() => parseScenarioConfig({ ladder, association: { model: "copula" }, curves: [base] }, "s.json"))).toBe('s.json: association.model: expected one of independent, odds-ratio, gumbel, gaussian, got "copula"');
    expect(msg(() => parseScenarioConfig({ ladder, association: { model: "gumbel" }, curves: [base] }, "s.json"))).toBe('s.json: association.value: is required for model "gumbel"');
  });
});
