/**
 * Random pieces of the calendar-time engine: small per-trial generators split off the block's
 * stream, the arrival process, manufacturing times and DLT times. Everything draws from an
 * explicit generator; nothing here allocates per draw.
 */
import { DAYS_PER_MONTH, type RateSegment, type TimingConfig } from "../config/timing.js";

/**
 * An Alea generator (the algorithm of seedrandom.alea) whose state is set from three uniforms of
 * a parent stream: each trial of a block gets its own generators for arrivals, patients and
 * chance nodes, so a trial's draws do not depend on what the trials before it consumed, and
 * patient j of a trial gets the same draws whatever the conduct rules (common random numbers).
 */
export class SubStream {
  private c = 1;
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;

  /** Restart from three parent uniforms. */
  seed(a: number, b: number, c: number): void {
    this.c = 1;
    this.s0 = a;
    this.s1 = b;
    this.s2 = c;
    // a few rounds so that close seeds part ways
    for (let i = 0; i < 4; i++) this.next();
  }

  /** The next uniform in [0, 1). */
  next(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    this.c = t | 0;
    this.s2 = t - this.c;
    return this.s2;
  }
}

/** A source of uniforms. */
export interface Uniforms {
  next(): number;
}

// Exponential variates by the ziggurat (Marsaglia & Tsang 2000, J Stat Softw 5(8), REXP with 256
// layers): one uniform and a table lookup 98.9% of the time instead of a logarithm. The uniform's
// 32 bits (Alea's resolution) are the algorithm's 32-bit integer.
const ZK = new Float64Array(256);
const ZW = new Float64Array(256);
const ZF = new Float64Array(256);
{
  const m2 = 4294967296;
  let de = 7.697117470131487;
  let te = de;
  const ve = 3.949659822581572e-3;
  const q = ve / Math.exp(-de);
  ZK[0] = (de / q) * m2;
  ZK[1] = 0;
  ZW[0] = q / m2;
  ZW[255] = de / m2;
  ZF[0] = 1;
  ZF[255] = Math.exp(-de);
  for (let i = 254; i >= 1; i--) {
    de = -Math.log(ve / de + Math.exp(-de));
    ZK[i + 1] = (de / te) * m2;
    te = de;
    ZF[i] = Math.exp(-de);
    ZW[i] = de / m2;
  }
}

/** A standard exponential variate (mean 1). */
export function exponential(u: Uniforms): number {
  let jz = Math.floor(u.next() * 4294967296);
  let iz = jz & 255;
  if (jz < ZK[iz]) return jz * ZW[iz];
  for (;;) {
    if (iz === 0) return 7.69711 - Math.log(1 - u.next());
    const x = jz * ZW[iz];
    if (ZF[iz] + u.next() * (ZF[iz - 1] - ZF[iz]) < Math.exp(-x)) return x;
    jz = Math.floor(u.next() * 4294967296);
    iz = jz & 255;
    if (jz < ZK[iz]) return jz * ZW[iz];
  }
}

/** A standard normal by Box-Muller (two uniforms, one normal). */
export function normal(u: Uniforms): number {
  const a = 1 - u.next(); // (0, 1]
  const b = u.next();
  return Math.sqrt(-2 * Math.log(a)) * Math.cos(2 * Math.PI * b);
}

/** A Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shape < 1 by the boost u^(1/shape)). */
export function gamma(u: Uniforms, shape: number): number {
  if (shape < 1) return gamma(u, shape + 1) * Math.pow(1 - u.next(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u.next();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Manufacturing time in days from its configured distribution. */
export class Manufacturing {
  private readonly kind: number;
  private readonly a: number;
  private readonly b: number;
  constructor(t: TimingConfig) {
    const m = t.manufacturingDays;
    const sd = t.manufacturingSd;
    if (t.manufacturing === "gamma") {
      this.kind = 1;
      this.a = (m * m) / (sd * sd); // shape
      this.b = (sd * sd) / m; // scale
    } else if (t.manufacturing === "lognormal") {
      this.kind = 2;
      const s2 = Math.log(1 + (sd * sd) / (m * m));
      this.a = Math.log(m) - s2 / 2; // mu
      this.b = Math.sqrt(s2); // sigma
    } else {
      this.kind = 0;
      this.a = m;
      this.b = 0;
    }
  }
  draw(u: Uniforms): number {
    if (this.kind === 0) return this.a;
    if (this.kind === 1) return this.b * gamma(u, this.a);
    return Math.exp(this.a + this.b * normal(u));
  }
}

/**
 * The arrival process of referred patients, in days. `gap(t, u)` is the time from an arrival at
 * day t to the next. Poisson and uniform gaps use the rate of the phase; piecewise inverts the
 * cumulative rate of its step function.
 */
export class Arrivals {
  private readonly kind: number;
  private readonly perDay: number;
  private readonly expPerDay: number;
  private readonly expKind: number;
  private readonly from: Float64Array;
  private readonly rates: Float64Array;
  constructor(t: TimingConfig) {
    this.kind = t.process === "poisson" ? 0 : t.process === "uniform" ? 1 : t.process === "fixed" ? 2 : 3;
    this.perDay = t.rate / DAYS_PER_MONTH;
    this.expPerDay = (t.expansionRate > 0 ? t.expansionRate : t.rate) / DAYS_PER_MONTH;
    this.expKind = t.expansionRate > 0 && this.kind === 3 ? 0 : this.kind;
    const segs: readonly RateSegment[] = t.segments;
    this.from = Float64Array.from(segs, (s) => s.fromMonth * DAYS_PER_MONTH);
    this.rates = Float64Array.from(segs, (s) => s.rate / DAYS_PER_MONTH);
  }

  /** Days from an arrival at day `t` to the next; `expansion` once the expansion phase has started. */
  gap(t: number, u: Uniforms, expansion: boolean): number {
    const kind = expansion ? this.expKind : this.kind;
    if (kind === 3) return this.piecewiseGap(t, u);
    const rate = expansion ? this.expPerDay : this.perDay;
    if (kind === 0) return exponential(u) / rate;
    if (kind === 1) return (2 * u.next()) / rate;
    return 1 / rate;
  }

  private piecewiseGap(t: number, u: Uniforms): number {
    let e = exponential(u); // the unit-rate exponential to spend
    const from = this.from;
    const rates = this.rates;
    let i = from.length - 1;
    while (i > 0 && from[i] > t) i--;
    let at = t;
    for (;;) {
      const r = rates[i];
      const end = i + 1 < from.length ? from[i + 1] : Infinity;
      if (r > 0) {
        const need = e / r;
        if (at + need <= end) return at + need - t;
        e -= (end - at) * r;
      }
      at = end;
      i++;
    }
  }
}

/**
 * Time to DLT in days from the first infusion, given a DLT within the window `span` (first
 * infusion to window end), per dose. Weibull: F(span) = p_d and F(span/2) = (1 - lateShare) p_d
 * (Yuan et al. 2018, Lin & Yuan 2020), drawn from the conditional distribution F(t)/F(span).
 */
export class DltTimes {
  private readonly kind: number;
  private readonly shape: Float64Array;
  private readonly scale: Float64Array;
  private readonly p: Float64Array;
  private readonly cum: Float64Array;
  private readonly starts: Float64Array;
  constructor(t: TimingConfig, truth: readonly number[], span: number, infusionDays: readonly number[]) {
    this.kind = t.dltTiming === "uniform" ? 0 : t.dltTiming === "weibull" ? 1 : 2;
    const K = truth.length;
    this.shape = new Float64Array(K);
    this.scale = new Float64Array(K);
    this.p = new Float64Array(K);
    const early = 1 - t.lateShare;
    for (let d = 0; d < K; d++) {
      const p = Math.min(Math.max(truth[d], 1e-12), 1 - 1e-12);
      const k = Math.log2(Math.log(1 - p) / Math.log(1 - early * p));
      this.p[d] = p;
      this.shape[d] = k;
      this.scale[d] = span / Math.pow(-Math.log(1 - p), 1 / k);
    }
    const n = infusionDays.length;
    const shares = t.infusionShares.length > 0 ? t.infusionShares : Array.from({ length: n }, () => 1 / n);
    this.cum = new Float64Array(n);
    let c = 0;
    for (let i = 0; i < n; i++) this.cum[i] = c += shares[i] ?? 0;
    this.cum[n - 1] = 1;
    this.starts = Float64Array.from([...infusionDays, span]);
  }

  /** Days from the first infusion to the DLT at `dose`, within a window of `span` days. */
  draw(u: Uniforms, dose: number, span: number): number {
    if (this.kind === 0) return u.next() * span;
    if (this.kind === 1) {
      // the Weibull is fixed on the escalation window; a different span (expansion) rescales it
      const t = this.scale[dose] * Math.pow(-Math.log(1 - u.next() * this.p[dose]), 1 / this.shape[dose]);
      return Math.min(t * (span / this.starts[this.starts.length - 1]), span);
    }
    const x = u.next();
    let k = 0;
    while (k < this.cum.length - 1 && x >= this.cum[k]) k++;
    const lo = Math.min(this.starts[k], span);
    const hi = k + 1 < this.starts.length - 1 ? Math.min(this.starts[k + 1], span) : span;
    return lo + u.next() * (hi - lo);
  }
}
