/**
 * efficacySummary (src/efficacy/summary.ts) field by field, from a hand-made set of per-trial values
 * (rows in the order of efficacyValueNames) for K = 2 doses, never from the code: each mean is
 * Σ x_i / N and each Monte Carlo SE the population SD over √N (the engine's convention,
 * src/engine/accumulator.ts finalMeans); P(better of two | two doses) is the ratio Σ b_i / Σ t_i, and its
 * delta-method SE the root mean square of the residuals b_i − r·t_i over √N, divided by mean(t), computed
 * here residual by residual (the code uses E[b²] − 2r·E[b] + r²·E[t]). The hand-worked case: t = 1, 1, 0,
 * 1 and b = 1, 0.5, 0, 0 give r = 0.375 / 0.75 = 1/2, residuals 1/2, 0, 0, −1/2, so SE =
 * √(0.5 / 4 / 4) / 0.75 = √2 / 6.
 */
import { describe, expect, it } from "vitest";
import { efficacySummary, efficacyValueNames } from "../../src/efficacy/summary.js";

const K = 2;
const NAMES = efficacyValueNames(K);
const at = (name: string) => NAMES.indexOf(name);

/** per-trial rows; every slot distinct so that a misplaced offset shows */
function rows(): Float64Array[] {
  const t = [1, 1, 0, 1];
  const b = [1, 0.5, 0, 0];
  return t.map((ti, i) => {
    const r = new Float64Array(NAMES.length);
    NAMES.forEach((_, j) => (r[j] = (j + 1) * 0.01 + i * 0.001 * (j + 2)));
    r[at("twoDoses")] = ti;
    r[at("betterOfTwo")] = b[i];
    return r;
  });
}
function means(rs: Float64Array[]) {
  const N = rs.length;
  const mean = new Float64Array(NAMES.length);
  const se = new Float64Array(NAMES.length);
  for (let j = 0; j < NAMES.length; j++) {
    const xs = rs.map((r) => r[j]);
    const m = xs.reduce((a, x) => a + x, 0) / N;
    mean[j] = m;
    se[j] = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / N / N);
  }
  return { mean, se };
}
const info = (optimalDose: number, optimalRule?: string) => ({ finalRule: "best-utility", ...(optimalRule ? { optimalRule } : {}), doses: "mtd-and-below", response: [0.2, 0.5], optimalDose });

describe("efficacySummary", () => {
  const rs = rows();
  const { mean, se } = means(rs);

  it("the value names: six groups of K, then the six scalars", () => {
    expect(NAMES).toEqual([
      "recommended1", "recommended2", "futilityStop1", "futilityStop2", "toxicityStop1", "toxicityStop2",
      "expansionPatients1", "expansionPatients2", "responders1", "responders2", "expanded1", "expanded2",
      "noDose", "twoDoses", "betterOfTwo", "expectedExpansionPatients", "expectedPatients", "expectedResponders",
    ]);
  });

  it("every field is the mean (and SE) of its own per-trial values", () => {
    const e = efficacySummary(info(1), mean, se, true, rs.length);
    const col = (name: string) => rs.map((r) => r[at(name)]);
    const avg = (xs: number[]) => xs.reduce((a, x) => a + x, 0) / xs.length;
    const sd = (xs: number[]) => Math.sqrt(avg(xs.map((x) => (x - avg(xs)) ** 2)) / xs.length);
    const groups = [["recommended", "recommended"], ["futilityStop", "futilityStop"], ["toxicityStop", "toxicityStop"], ["expansionPatients", "expansionPatients"], ["responders", "responders"], ["expanded", "expanded"]] as const;
    for (const [field, name] of groups) {
      for (let d = 0; d < K; d++) {
        expect(e[field][d], `${field}[${d}]`).toBeCloseTo(avg(col(`${name}${d + 1}`)), 14);
        expect(e[`${field}SE`][d], `${field}SE[${d}]`).toBeCloseTo(sd(col(`${name}${d + 1}`)), 14);
      }
      expect(e[field]).toHaveLength(K);
    }
    const scalars = [["noDose", "noDose"], ["twoDoses", "twoDoses"], ["betterOfTwo", "betterOfTwo"], ["expectedExpansionPatients", "expectedExpansionPatients"], ["expectedPatients", "expectedPatients"], ["expectedResponders", "expectedResponders"]] as const;
    for (const [field, name] of scalars) {
      expect(e[field], field).toBeCloseTo(avg(col(name)), 14);
      expect(e[`${field}SE`], `${field}SE`).toBeCloseTo(sd(col(name)), 14);
    }
    expect(e.finalRule).toBe("best-utility");
    expect(e.optimalRule).toBe("best-utility"); // the final rule when none is given
    expect(e.doses).toBe("mtd-and-below");
    expect(e.response).toEqual([0.2, 0.5]);
    expect(e.optimalDose).toBe(2); // 1-based
    expect(e.optimalDoseRecommended).toBeCloseTo(avg(col("recommended2")), 14);
    expect(e.optimalDoseRecommendedSE).toBeCloseTo(sd(col("recommended2")), 14);
  });

  it("P(better | two doses): the ratio, and its delta-method SE from the residuals (√2/6 by hand)", () => {
    const e = efficacySummary(info(1), mean, se, true, rs.length);
    expect(e.betterGivenTwo).toBeCloseTo(0.5, 14);
    const r = 0.5;
    const res = rs.map((x) => x[at("betterOfTwo")] - r * x[at("twoDoses")]);
    const direct = Math.sqrt(res.reduce((a, x) => a + x * x, 0) / rs.length / rs.length) / 0.75;
    expect(direct).toBeCloseTo(Math.SQRT2 / 6, 14);
    expect(e.betterGivenTwoSE!).toBeCloseTo(Math.SQRT2 / 6, 12);
  });

  it("a second hand case for the SE: t = 1, 1 and b = 1, 0 give r = 1/2, residuals ±1/2, SE = √(0.5/2/2) / 1 = 1/(2√2)", () => {
    const two = Float64Array.from(NAMES, () => 0);
    const m = new Float64Array(two);
    const s = new Float64Array(two);
    m[at("twoDoses")] = 1;
    m[at("betterOfTwo")] = 0.5;
    s[at("betterOfTwo")] = 0.5 / Math.sqrt(2); // population SD of (1, 0) is 1/2, over √2
    const e = efficacySummary(info(0), m, s, true, 2);
    expect(e.betterGivenTwo).toBeCloseTo(0.5, 14);
    expect(e.betterGivenTwoSE!).toBeCloseTo(1 / (2 * Math.SQRT2), 12);
  });

  it("exact results: the ratio with SE 0", () => {
    const e = efficacySummary(info(1), mean, new Float64Array(NAMES.length), false, 1);
    expect(e.betterGivenTwo).toBeCloseTo(0.5, 14);
    expect(e.betterGivenTwoSE).toBe(0);
  });

  it("never two doses: the ratio and its SE are null", () => {
    const m = new Float64Array(mean);
    m[at("twoDoses")] = 0;
    m[at("betterOfTwo")] = 0;
    const e = efficacySummary(info(1), m, se, true, 4);
    expect(e.betterGivenTwo).toBeNull();
    expect(e.betterGivenTwoSE).toBeNull();
  });

  it("the optimal dose at the lowest dose (0-based 0) reads recommended1; none (-1) reads P(no dose)", () => {
    const e0 = efficacySummary(info(0), mean, se, true, 4);
    expect(e0.optimalDose).toBe(1);
    expect(e0.optimalDoseRecommended).toBe(mean[at("recommended1")]);
    expect(e0.optimalDoseRecommendedSE).toBe(se[at("recommended1")]);
    const none = efficacySummary(info(-1), mean, se, true, 4);
    expect(none.optimalDose).toBe(0);
    expect(none.optimalDoseRecommended).toBe(mean[at("noDose")]);
    expect(none.optimalDoseRecommendedSE).toBe(se[at("noDose")]);
  });

  it("an optimal rule other than the final rule is kept", () => {
    expect(efficacySummary(info(1, "lowest-within-delta"), mean, se, true, 4).optimalRule).toBe("lowest-within-delta");
  });
});
