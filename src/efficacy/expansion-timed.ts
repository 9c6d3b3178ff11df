/**
 * An efficacy-guided expansion patient by patient, for the calendar-time engine
 * (src/engine/timed.ts, through FinalStateOc.timed): the same rules as the exact computation
 * (src/efficacy/expansion-exact.ts), applied as the outcomes become known.
 *
 * The engine reports each arm's evaluable patients in the order they were infused, twice: when
 * the DLT window is over (`dlt`) and when the response is assessed (`assessed`, `responseMonths`
 * after the first infusion). The looks:
 * - toxicity: after every `toxEvery` patients whose window is over, the rule of the exact
 *   computation on the first k patients (plus the escalation's at the dose with toxData "all");
 * - futility (Bayesian) at k = minPatients, minPatients + lookEvery, ... assessed patients, and
 *   Simon's stage 1 at k = n1 assessed patients, on the first k assessed patients (plus the
 *   escalation's responses with poolEscalation);
 * - the arm passes when its `patientsPerDose` (Simon: n) patients are all in without a stop
 *   (under Simon, with more than r responders).
 * An arm stops at the first look, in time, that fires (in the exact computation a toxicity and a
 * futility stop at the same patient count as toxicity: in calendar time the DLT look usually comes
 * first anyway). Whether an arm passes, and its final-rule statistic, depend on the first
 * `patientsPerDose` patients' outcomes only, which are independent of when they are known, so
 * the recommended dose is distributed exactly as in the untimed computation; the patients treated
 * (an arm keeps enrolling while a look is pending unless accrual pauses for looks) and the
 * durations are what calendar time adds.
 *
 * Accrual (capacity): an arm takes patients up to its size; with toxicity monitoring each group
 * of toxEvery patients waits for its DLT window before the next (as the `expansion` modifier's
 * cohorts do); with `pauseForLooks` also for each efficacy look. Patients enrolled before a stop
 * are treated and followed (they count as patients treated and responders, not in the data).
 */
import { posteriorExceeds } from "../select/beta-tail.js";
import { responseGivenDlt } from "../model/joint.js";
import type { TrialView } from "../model/state.js";
import type { TimedArms } from "../designs/design.js";
import { armSize, expansionDoses, trueBetter, type EfficacyExpansionConfig, type EfficacyTruth } from "./expansion-exact.js";
import { EFF_BETTER, EFF_EXP_PATIENTS, EFF_NONE, EFF_PATIENTS, EFF_RESPONDERS, EFF_TWO } from "./summary.js";

const RUNNING = 0;
const TOX_STOP = 1;
const FUTILITY_STOP = 2;
const FAILED = 3;

/**
 * The arms of one curve. `selectMtd` is the escalation's MTD rule (the wrapped design's);
 * `K` the number of doses.
 */
export class TimedExpansion implements TimedArms {
  private readonly size: number;
  private readonly readsResponses: boolean;
  private readonly respWith: Float64Array;
  private readonly respWithout: Float64Array;
  private arms = 0;
  private readonly doses = new Int32Array(2);
  private readonly status = new Int32Array(2);
  // per arm: escalation n, DLTs, and (pooled) responders among DLT / no-DLT patients
  private readonly n0 = new Int32Array(2);
  private readonly y0 = new Int32Array(2);
  private readonly k1 = new Int32Array(2);
  private readonly k0 = new Int32Array(2);
  // per arm: patients whose window is over, their DLTs; patients assessed, their cells
  private readonly kT = new Int32Array(2);
  private readonly yT = new Int32Array(2);
  private readonly kE = new Int32Array(2);
  /** cells [DLT and response, DLT only, response only, neither] of the first `size` assessed, arm-major */
  private readonly cells = new Int32Array(8);
  private readonly responders = new Int32Array(2);

  constructor(
    private readonly cfg: EfficacyExpansionConfig,
    private readonly truth: EfficacyTruth,
    private readonly selectMtd: (s: TrialView) => number,
    private readonly K: number,
    private readonly pauseForLooks: boolean,
  ) {
    this.size = armSize(cfg);
    this.readsResponses = cfg.efficacy.rule !== "none" || cfg.finalRule !== "highest-safe";
    this.respWith = new Float64Array(K);
    this.respWithout = new Float64Array(K);
    for (let d = 0; d < K; d++) {
      const g = responseGivenDlt(truth.tox[d], truth.response[d], truth.association);
      this.respWith[d] = g.withDlt;
      this.respWithout[d] = g.withoutDlt;
    }
  }

  begin(state: TrialView, u: { next(): number }, extra?: { readonly n: ArrayLike<number>; readonly y: ArrayLike<number> }): number {
    const ds = expansionDoses(this.cfg, this.selectMtd(state));
    this.arms = ds.length;
    for (let a = 0; a < ds.length; a++) {
      const d = ds[a];
      this.doses[a] = d;
      this.status[a] = RUNNING;
      // the escalation's patients at the dose, and the extra ones (backfilled) as escalation patients
      const n0 = state.n[d] + (extra ? extra.n[d] : 0);
      const y0 = state.y[d] + (extra ? extra.y[d] : 0);
      this.n0[a] = n0;
      this.y0[a] = y0;
      this.kT[a] = this.yT[a] = this.kE[a] = this.responders[a] = 0;
      for (let c = 0; c < 4; c++) this.cells[4 * a + c] = 0;
      let k1 = 0;
      let k0 = 0;
      if (this.cfg.poolEscalation) {
        for (let i = 0; i < y0; i++) if (u.next() < this.respWith[d]) k1++;
        for (let i = 0; i < n0 - y0; i++) if (u.next() < this.respWithout[d]) k0++;
      }
      this.k1[a] = k1;
      this.k0[a] = k0;
    }
    return this.arms;
  }

  dose(a: number): number {
    return this.doses[a];
  }

  /** The efficacy look after `k` assessed patients, if any, is due at a count > k: the next one. */
  private nextLook(k: number): number {
    const eff = this.cfg.efficacy;
    if (eff.rule === "futility") return k < eff.minPatients ? eff.minPatients : eff.minPatients + (Math.floor((k - eff.minPatients) / eff.every) + 1) * eff.every;
    if (eff.rule === "simon") return k < eff.n1 ? eff.n1 : this.size;
    return this.size;
  }

  capacity(a: number): number {
    if (this.status[a] !== RUNNING) return 0;
    let cap = this.size;
    const tox = this.cfg.toxicity;
    if (tox.monitor) cap = Math.min(cap, (Math.floor(this.kT[a] / tox.every) + 1) * tox.every);
    if (this.pauseForLooks && this.cfg.efficacy.rule !== "none") cap = Math.min(cap, this.nextLook(this.kE[a]));
    return cap;
  }

  /**
   * Allocation: "randomised", the open arm with fewer patients, ties at random (1:1, as permuted
   * blocks of two); "sequential", the MTD's arm whenever it has room, else the dose below.
   */
  assign(active: Int32Array, u?: { next(): number }): number {
    const open0 = this.arms > 0 && active[0] < this.capacity(0);
    const open1 = this.arms > 1 && active[1] < this.capacity(1);
    if (!open1) return open0 ? 0 : -1;
    if (!open0) return 1;
    if (this.cfg.allocation === "sequential" || active[0] < active[1]) return 0;
    if (active[1] < active[0]) return 1;
    return u && u.next() >= 0.5 ? 1 : 0;
  }

  dlt(a: number, dlt: boolean): void {
    const k = ++this.kT[a];
    if (dlt) this.yT[a]++;
    if (this.status[a] !== RUNNING || k > this.size) return;
    const tox = this.cfg.toxicity;
    if (tox.monitor && k % tox.every === 0) {
      const y = this.yT[a] + (tox.pooled ? this.y0[a] : 0);
      const n = k + (tox.pooled ? this.n0[a] : 0);
      if (posteriorExceeds(y, n, tox.limit, tox.priorA, tox.priorB) > tox.cutoff) this.status[a] = TOX_STOP;
    }
  }

  assessed(a: number, dlt: boolean, response: boolean): void {
    if (response) this.responders[a]++;
    if (this.status[a] !== RUNNING || this.kE[a] >= this.size) return;
    const k = ++this.kE[a];
    this.cells[4 * a + (dlt ? (response ? 0 : 1) : response ? 2 : 3)]++;
    const r = this.cells[4 * a] + this.cells[4 * a + 2];
    const eff = this.cfg.efficacy;
    if (eff.rule === "futility" && k >= eff.minPatients && (k - eff.minPatients) % eff.every === 0) {
      const pool = this.cfg.poolEscalation;
      const rr = r + (pool ? this.k1[a] + this.k0[a] : 0);
      const n = k + (pool ? this.n0[a] : 0);
      if (posteriorExceeds(rr, n, eff.p0, eff.priorA, eff.priorB) < eff.cutoff) this.status[a] = FUTILITY_STOP;
    } else if (eff.rule === "simon") {
      if (k === eff.n1 && k < eff.n && r <= eff.r1) this.status[a] = FUTILITY_STOP;
      else if (k === eff.n && r <= eff.r && this.kT[a] >= this.size) this.status[a] = FAILED;
    }
  }

  settled(a: number): boolean {
    if (this.status[a] !== RUNNING) return true;
    if (this.kT[a] < this.size) return false;
    if (this.cfg.efficacy.rule === "simon" && this.kE[a] >= this.size && this.cells[4 * a] + this.cells[4 * a + 2] <= this.cfg.efficacy.r) this.status[a] = FAILED;
    return !this.readsResponses || this.kE[a] >= this.size;
  }

  /** The final rule's statistic of arm a (as armExact's: posterior mean utility or response). */
  private stat(a: number): number {
    const c = this.cells;
    const pool = this.cfg.poolEscalation;
    const k1 = pool ? this.k1[a] : 0;
    const k0 = pool ? this.k0[a] : 0;
    const n0 = pool ? this.n0[a] : 0;
    const y0 = pool ? this.y0[a] : 0;
    const ta = c[4 * a] + k1;
    const tb = c[4 * a + 1] + y0 - k1;
    const tc = c[4 * a + 2] + k0;
    const td = c[4 * a + 3] + n0 - y0 - k0;
    if (this.cfg.finalRule === "best-utility") {
      const w = this.cfg.weights;
      return (w[0] * (ta + 0.25) + w[1] * (tb + 0.25) + w[2] * (tc + 0.25) + w[3] * (td + 0.25)) / (ta + tb + tc + td + 1);
    }
    return (ta + tc + this.cfg.responsePriorA) / (this.size + n0 + this.cfg.responsePriorA + this.cfg.responsePriorB);
  }

  /** The recommended dose (0-based), or -1; every arm settled. */
  recommended(): number {
    const pass = (a: number) => this.settled(a) && this.status[a] === RUNNING;
    if (this.arms === 0) return -1;
    if (this.arms === 1) return pass(0) ? this.doses[0] : -1;
    const pH = pass(0);
    const pL = pass(1);
    if (!pH) return pL ? this.doses[1] : -1;
    if (!pL || this.cfg.finalRule === "highest-safe") return this.doses[0];
    const shift = this.cfg.finalRule === "lowest-within-delta" ? this.cfg.delta : 0;
    return this.stat(0) <= this.stat(1) + shift + 1e-12 ? this.doses[1] : this.doses[0];
  }

  write(state: TrialView, out: Float64Array): void {
    const K = this.K;
    const s0 = 6 * K;
    out.fill(0, 0, s0 + 6);
    const rec = this.recommended();
    if (rec >= 0) out[rec] = 1;
    else out[s0 + EFF_NONE] = 1;
    let patients = 0;
    let responders = 0;
    for (let a = 0; a < this.arms; a++) {
      const d = this.doses[a];
      if (this.status[a] === FUTILITY_STOP) out[K + d] = 1;
      if (this.status[a] === TOX_STOP) out[2 * K + d] = 1;
      out[3 * K + d] = this.kT[a];
      out[4 * K + d] = this.responders[a];
      out[5 * K + d] = 1;
      patients += this.kT[a];
      responders += this.responders[a];
    }
    if (this.arms === 2) {
      out[s0 + EFF_TWO] = 1;
      out[s0 + EFF_BETTER] = rec === trueBetter(this.cfg, this.truth, this.doses[0], this.doses[1]) ? 1 : 0;
    }
    out[s0 + EFF_EXP_PATIENTS] = patients;
    out[s0 + EFF_RESPONDERS] = responders;
    out[s0 + EFF_PATIENTS] = state.escalationN + state.expansionN + patients;
  }
}
