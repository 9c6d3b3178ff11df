/**
 * The practical ceiling for the bench: a minimal hand-written BOIN simulator, one tight loop
 * with nothing general in it. It knows one design (BOIN with cohorts of equal size, R BOIN
 * 2.7.2's get.oc loop without early stop, extrasafe or boundMTD), and it keeps only what the
 * bench compares: the selection counts and the patients treated.
 *
 * - integer boundary tables per n, computed here from Liu & Yuan's formulas (independently of
 *   src/designs/boin.ts): escalate if y <= floor(λe n), de-escalate if y >= ceiling(λd n) (y/n > λd
 *   strictly), eliminate if Pr(p > φ | Beta(1 + y, 1 + n - y)) > 0.95 with n >= 3;
 * - one uniform per cohort (Alea, inline, seeded like doseladder's streams), turned into the DLT
 *   count through the cohort's binomial CDF table;
 * - at the end, R's select.mtd: elimination re-derived, Beta(0.05, 0.05) estimates, weighted PAVA,
 *   the dose closest to the target.
 *
 * It allocates nothing per trial. doseladder's speed as a fraction of this loop's is the figure
 * the bench prints: what the generality (any design, modifiers, exact results across workers)
 * costs on top of the work itself.
 */
import { streamFor } from "../../src/random/stream.js";

export interface CeilingOptions {
  readonly truth: readonly number[];
  readonly target: number;
  readonly cohortSize: number;
  readonly nCohorts: number;
  readonly trials: number;
  readonly seed: string;
}

export interface CeilingResult {
  /** Selections per dose, then "no MTD". */
  readonly selected: Float64Array;
  /** Total patients over all trials. */
  readonly patients: number;
}

/** C(n, k) φ^k (1 - φ)^(n - k). */
function pmf(n: number, k: number, p: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c * Math.pow(p, k) * Math.pow(1 - p, n - k);
}

/** Pr(p > φ | Beta(1 + y, 1 + n - y)) = Pr(Binomial(n + 1, φ) <= y). */
function posteriorAbove(y: number, n: number, phi: number): number {
  let s = 0;
  for (let k = 0; k <= y; k++) s += pmf(n + 1, k, phi);
  return s;
}

export function ceilingBoin(o: CeilingOptions): CeilingResult {
  const K = o.truth.length;
  const size = o.cohortSize;
  const maxN = size * o.nCohorts;
  const phi = o.target;
  const phi1 = 0.6 * phi;
  const phi2 = 1.4 * phi;
  const le = Math.log((1 - phi1) / (1 - phi)) / Math.log((phi * (1 - phi1)) / (phi1 * (1 - phi)));
  const ld = Math.log((1 - phi) / (1 - phi2)) / Math.log((phi2 * (1 - phi)) / (phi * (1 - phi2)));
  const NEVER = 1 << 30;
  const esc = new Int32Array(maxN + 1);
  const de = new Int32Array(maxN + 1);
  const eli = new Int32Array(maxN + 1).fill(NEVER);
  for (let n = 1; n <= maxN; n++) {
    esc[n] = Math.floor(le * n);
    const x = ld * n;
    de[n] = Math.abs(x - Math.round(x)) < 1e-12 ? Math.round(x) + 1 : Math.ceil(x);
    if (n >= 3) {
      for (let y = 1; y <= n; y++) {
        if (posteriorAbove(y, n, phi) > 0.95) {
          eli[n] = y;
          break;
        }
      }
      if (eli[n] < de[n]) de[n] = eli[n];
    }
  }
  // the cohort's binomial CDF per dose, last entry 1
  const S = size + 1;
  const cdf = new Float64Array(K * S);
  for (let d = 0; d < K; d++) {
    let acc = 0;
    for (let k = 0; k <= size; k++) cdf[d * S + k] = acc += pmf(size, k, o.truth[d]);
    cdf[d * S + size] = 1;
  }
  // estimates and PAVA weights per (n, y)
  const W = maxN + 1;
  const est = new Float64Array(W * W);
  const wt = new Float64Array(W * W);
  for (let n = 0; n <= maxN; n++) {
    for (let y = 0; y <= n; y++) {
      est[n * W + y] = (y + 0.05) / (n + 0.1);
      const t = n + 0.1;
      wt[n * W + y] = (t * t * (t + 1)) / ((y + 0.05) * (n - y + 0.05));
    }
  }
  const nArr = new Int32Array(K);
  const yArr = new Int32Array(K);
  const px = new Float64Array(K);
  const pw = new Float64Array(K);
  const idx = new Int32Array(K);
  const bx = new Float64Array(K);
  const bw = new Float64Array(K);
  const bs = new Int32Array(K);
  const selected = new Float64Array(K + 1);
  let patients = 0;
  // Alea, state in locals
  const st = (streamFor(o.seed, 0) as unknown as { state(): { c: number; s0: number; s1: number; s2: number } }).state();
  let c = st.c;
  let s0 = st.s0;
  let s1 = st.s1;
  let s2 = st.s2;
  for (let t = 0; t < o.trials; t++) {
    nArr.fill(0);
    yArr.fill(0);
    let d = 0;
    let elimFrom = K;
    let total = 0;
    let stoppedNoMtd = false;
    for (;;) {
      const u = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = u | 0;
      s2 = u - c;
      let k = 0;
      const off = d * S;
      while (s2 >= cdf[off + k]) k++;
      const n = (nArr[d] += size);
      const y = (yArr[d] += k);
      total += size;
      if (total >= maxN) break;
      if (y >= eli[n]) {
        if (d < elimFrom) elimFrom = d;
        if (d === 0) {
          stoppedNoMtd = true;
          break;
        }
        d--;
      } else if (y <= esc[n]) {
        if (d + 1 < K && d + 1 < elimFrom) d++;
      } else if (y >= de[n]) {
        if (d > 0) d--;
      }
    }
    patients += total;
    let best = -1;
    if (!stoppedNoMtd) {
      // select.mtd: elimination from the final data, then PAVA over the tried doses below it
      let lim = elimFrom;
      for (let j = 0; j < lim; j++) {
        if (nArr[j] >= 3 && yArr[j] >= eli[nArr[j]]) {
          lim = j;
          break;
        }
      }
      let m = 0;
      for (let j = 0; j < lim; j++) {
        const n = nArr[j];
        if (n === 0) continue;
        px[m] = est[n * W + yArr[j]];
        pw[m] = wt[n * W + yArr[j]];
        idx[m++] = j;
      }
      let top = -1;
      for (let i = 0; i < m; i++) {
        let sx = px[i] * pw[i];
        let sw = pw[i];
        let sz = 1;
        while (top >= 0 && bx[top] / bw[top] > sx / sw) {
          sx += bx[top];
          sw += bw[top];
          sz += bs[top];
          top--;
        }
        top++;
        bx[top] = sx;
        bw[top] = sw;
        bs[top] = sz;
      }
      let i = 0;
      let bestDist = Infinity;
      for (let b = 0; b <= top; b++) {
        const v = bx[b] / bw[b];
        for (let q = bs[b]; q > 0; q--, i++) {
          const dist = Math.abs(v + (i + 1) * 1e-10 - phi);
          if (dist < bestDist) {
            bestDist = dist;
            best = idx[i];
          }
        }
      }
    }
    selected[best < 0 ? K : best]++;
  }
  return { selected, patients };
}
