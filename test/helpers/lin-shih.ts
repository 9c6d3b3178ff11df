/**
 * Lin & Shih (2001), Biostatistics 2(2):203-215: closed-form operating characteristics of the
 * A+B design without de-escalation for A = B = 3, C = D = E = 1 (the classic 3+3):
 * pass_j = b(0; 3, p_j) + b(1; 3, p_j) b(0; 3, p_j), reach_j = prod_{i<j} pass_i,
 * P(MTD = j) = reach_{j+1} (1 - pass_{j+1}) (j < K), P(MTD = K) = reach_K pass_K, P(no MTD) = 1 - pass_1.
 * Used as the exact reference in tests.
 */
const b = (k: number, n: number, p: number): number => {
  const c = n === 3 ? [1, 3, 3, 1][k] : NaN;
  return c * p ** k * (1 - p) ** (n - k);
};

export interface LinShih {
  /** P(MTD = dose j), j = 0..K-1 */
  selection: number[];
  noMtd: number;
  /** E[patients at dose j] */
  patients: number[];
  /** E[DLTs at dose j] */
  dlts: number[];
}

export function linShih3plus3(p: readonly number[]): LinShih {
  const K = p.length;
  const P0 = p.map((q) => b(0, 3, q));
  const Q0 = p.map((q) => b(1, 3, q) * b(0, 3, q));
  const pass = p.map((_, j) => P0[j] + Q0[j]);
  const reach: number[] = [];
  let r = 1;
  for (let j = 0; j < K; j++) {
    reach.push(r);
    r *= pass[j];
  }
  const selection = p.map((_, j) => (j < K - 1 ? reach[j + 1] * (1 - pass[j + 1]) : reach[K - 1] * pass[K - 1]));
  return {
    selection,
    noMtd: 1 - pass[0],
    patients: p.map((q, j) => reach[j] * (3 + 3 * b(1, 3, q))),
    dlts: p.map((q, j) => reach[j] * (3 * q + 3 * q * b(1, 3, q))),
  };
}
