/**
 * Weighted isotonic regression by pool-adjacent-violators (PAVA): the non-decreasing sequence
 * closest to `x` in weighted least squares. Adjacent values that decrease are pooled into
 * their weighted mean, repeatedly, until no decrease is left; equal neighbours are not a
 * violation. The result is unique, so the order in which violators are pooled (R BOIN pools
 * the leftmost pair first; this stack-based pass pools as it goes) does not change it beyond
 * floating-point rounding. Runs in O(m).
 *
 * Selection runs once per simulated trial, so the in-place form writes into caller-owned
 * scratch arrays and allocates nothing.
 */

/** Scratch space for {@link pavaInPlace}, sized for sequences of up to `capacity` values. */
export interface PavaScratch {
  readonly sumWx: Float64Array;
  readonly sumW: Float64Array;
  readonly size: Int32Array;
}

/** Allocate scratch space once (e.g. when a design is built). */
export function pavaScratch(capacity: number): PavaScratch {
  return { sumWx: new Float64Array(capacity), sumW: new Float64Array(capacity), size: new Int32Array(capacity) };
}

/**
 * Replace x[0..m) by its weighted isotonic (non-decreasing) regression with weights w[0..m).
 * Weights must be positive. Allocates nothing.
 * @example x = [0.1, 0.4, 0.2], w = [1, 1, 1] → x becomes [0.1, 0.3, 0.3]
 */
export function pavaInPlace(x: Float64Array, w: Float64Array, m: number, s: PavaScratch): void {
  const sx = s.sumWx;
  const sw = s.sumW;
  const sz = s.size;
  let top = -1;
  for (let i = 0; i < m; i++) {
    let bx = x[i] * w[i];
    let bw = w[i];
    let bs = 1;
    // pool while the previous block's mean is strictly above this block's mean
    // Stryker disable next-line ConditionalExpression: with top = -1, sx[-1] / sw[-1] is undefined / undefined = NaN and NaN > v is false, so dropping `top >= 0` changes nothing
    while (top >= 0 && sx[top] / sw[top] > bx / bw) {
      bx += sx[top];
      bw += sw[top];
      bs += sz[top];
      top--;
    }
    top++;
    sx[top] = bx;
    sw[top] = bw;
    sz[top] = bs;
  }
  let i = 0;
  for (let b = 0; b <= top; b++) {
    const v = sx[b] / sw[b];
    for (let k = sz[b]; k > 0; k--) x[i++] = v;
  }
}

/**
 * Weighted isotonic regression of `x` (convenience form that allocates; weights default to 1).
 * @example isotonic([0.1, 0.4, 0.2]) // => [0.1, 0.3, 0.3]
 * @example isotonic([0.5, 0.1], [3, 1]) // => [0.4, 0.4]
 */
export function isotonic(x: readonly number[], w?: readonly number[]): number[] {
  const m = x.length;
  const xs = Float64Array.from(x);
  const ws = w ? Float64Array.from(w) : new Float64Array(m).fill(1);
  pavaInPlace(xs, ws, m, pavaScratch(m));
  return Array.from(xs);
}
