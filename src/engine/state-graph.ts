/**
 * The state graph behind the Monte Carlo loop. A design's decision depends on the trial state
 * alone (the Design contract, which the exact engine relies on too), so the trials of a run walk
 * one fixed graph: a node is a trial state, its edges are the outcomes of the next cohort
 * (0..size DLTs) or of a chance node (yes / no). The graph is built lazily, the first time a
 * trial takes an edge, and shared by every curve and block of a design in this thread; after
 * that a cohort costs one uniform, a table inversion and an array read, with no call into the
 * design and no state to update. Trials end on final nodes, each naming a final (state, stop
 * reason) record, so the tally counts an id instead of hashing the state.
 *
 * Nothing here changes a result: the engine draws the same uniforms in the same order as a
 * step-by-step loop would, and which nodes happen to be built (the graph depends on what this
 * thread ran before) only changes the time. Past a memory budget the graph stops growing and
 * trials that leave it finish step by step (src/engine/monte-carlo.ts).
 */
import { Action, REASONS, type Decision } from "../model/decision.js";
import { readRecord, recordWidth, TrialState, writeRecord } from "../model/state.js";
import type { Design } from "../designs/design.js";
import { StateStore, type StoreContents } from "./state-store.js";

/**
 * A copy of a state graph as plain typed arrays, which structured cloning (postMessage) carries
 * to another thread: there {@link graphFrom} turns it back into a graph of the same design, so
 * that a worker thread walks the graph this thread has built instead of building it again.
 */
export interface GraphSnapshot {
  readonly maxCohorts: number;
  readonly nodes: StoreContents;
  readonly finals: StoreContents;
  readonly data: Int32Array;
  readonly p: Float64Array;
  readonly selected: Int32Array;
}

/**
 * What a node does next: the low 2 bits of its info word (see {@link StateGraph.data}); the
 * rest of the word (info >> 2) is the kind's argument.
 */
export const NodeKind = {
  /** Treat a cohort: arg = the index of the (dose, size) binomial table (tableIndex); one child per DLT count. */
  Treat: 0,
  /** A chance node: arg = the node's index into `p` (the probability of "yes"); child 0 = yes, 1 = no. */
  Chance: 1,
  /** The trial is over: arg = the final record's id. */
  Final: 2,
  /** A decision the graph does not follow (a complete-information panel, a joint-outcome cohort): finish step by step. */
  Slow: 3,
} as const;

const CAP = REASONS.indexOf("cap");

/** Ints the graph may hold across its stores (4 bytes each): 2^23 ints = 32 MiB. */
export const GRAPH_BUDGET_INTS = 1 << 23;

export { readRecord, recordWidth, writeRecord } from "../model/state.js";

export class StateGraph {
  readonly design: Design;
  readonly maxCohorts: number;
  /** Ints per state record. */
  readonly width: number;
  /** Outcomes per node, and the stride of the binomial tables: max(2, largest cohort + 1). */
  readonly stride: number;
  /** Ints per node in `data`: the info word, then one child per outcome. */
  readonly nodeInts: number;
  /** Trial states (width ints); node id i is record i. */
  readonly nodes: StateStore;
  /** Final records: the state and the stop reason (width + 1 ints). */
  readonly finals: StateStore;
  /**
   * The walk's data, `nodeInts` ints per node at the node's address (id × nodeInts): the info
   * word (arg << 2 | kind), then per outcome the child's address, or -1 while the edge is
   * unbuilt. One node is one short run of ints, so a step touches one cache line. Replaced as
   * the graph grows: read it again after `expand`.
   */
  data: Int32Array;
  /** Chance nodes' probabilities of "yes", by node id (replaced as the graph grows). */
  p: Float64Array;
  private decs: Decision[] = [];
  /** Per final: the selected dose, or -2 until asked (see selectedOf). */
  selected: Int32Array;
  /** The address of the empty trial's node. */
  readonly root: number;
  private readonly rec: Int32Array;
  private readonly work: TrialState;

  constructor(design: Design, maxCohorts: number, budgetInts = GRAPH_BUDGET_INTS, from?: GraphSnapshot) {
    this.design = design;
    this.maxCohorts = maxCohorts;
    const W = recordWidth(design.numDoses, design.memSlots);
    this.width = W;
    this.stride = Math.max(2, design.maxCohortSize + 1);
    this.nodeInts = this.stride + 1;
    // a node costs its record, its data, a p (2 ints) and a hash (about 4 ints with the table)
    const nodeLimit = Math.max(1, Math.floor((budgetInts * 0.75) / (W + this.nodeInts + 6)));
    const finalLimit = Math.max(1, Math.floor((budgetInts * 0.25) / (W + 1 + 7)));
    this.rec = new Int32Array(W + 1);
    this.work = new TrialState(design.numDoses, design.memSlots);
    if (from) {
      if (from.nodes.width !== W || from.finals.width !== W + 1 || from.data.length !== from.p.length * this.nodeInts) throw new Error("graphFrom: the snapshot is of another design");
      this.nodes = StateStore.from(from.nodes);
      this.finals = StateStore.from(from.finals);
      this.data = from.data;
      this.p = from.p;
      this.selected = from.selected;
    } else {
      this.nodes = new StateStore(W, nodeLimit);
      this.finals = new StateStore(W + 1, finalLimit);
      this.data = new Int32Array(256 * this.nodeInts).fill(-1);
      this.p = new Float64Array(256);
      this.selected = new Int32Array(256).fill(-2);
    }
    const s = new TrialState(design.numDoses, design.memSlots);
    s.reset(design.startDose);
    this.root = this.nodeOf(s);
  }

  /** Index of the (dose, size) binomial table: dose × stride + size. */
  tableIndex(dose: number, size: number): number {
    return dose * this.stride + size;
  }

  /** Offset of the (dose, size) table in a flat binomial table of this graph's stride. */
  tableOffset(dose: number, size: number): number {
    return this.tableIndex(dose, size) * this.stride;
  }

  /** Make `s` the state of the node at address `a`. */
  readNode(a: number, s: TrialState): void {
    readRecord(this.nodes.records, (a / this.nodeInts) * this.width, s);
  }

  /**
   * Follow outcome `k` of the node at address `a`: `s` becomes the next state, and its node's
   * address is returned (the node is built when new), or -1 when the graph is full (then `s`
   * is the state to go on from).
   */
  expand(a: number, k: number, s: TrialState): number {
    const id = a / this.nodeInts;
    readRecord(this.nodes.records, id * this.width, s);
    // a node taken from a snapshot has no decision object: ask the design again (the same
    // decision, since it depends on the state alone), before `s` changes
    const dec = (this.decs[id] ??= this.design.decide(s));
    if ((this.data[a] & 3) === NodeKind.Chance) {
      s.mem[dec.slot] = k === 0 ? dec.yes : dec.no;
    } else {
      if (dec.eliminateFrom >= 0) s.eliminate(dec.eliminateFrom);
      if (dec.writeSlot >= 0) s.mem[dec.writeSlot] = dec.writeValue;
      s.addCohort(dec.dose, dec.size, k, dec.expansion);
    }
    const c = this.nodeOf(s);
    if (c >= 0) this.data[a + 1 + k] = c;
    return c;
  }

  /** The address of the node of state `s` (before its decision), built when new; -1 when new and the graph is full. */
  nodeOf(s: TrialState): number {
    const r = this.rec;
    writeRecord(s, r);
    const found = this.nodes.find(r);
    if (found >= 0) return found * this.nodeInts;
    if (this.nodes.full) return -1;
    const dec = this.design.decide(s);
    const id = this.nodes.add(r);
    this.ensureNodes(id + 1);
    this.decs[id] = dec;
    const a = id * this.nodeInts;
    if (dec.action === Action.Chance) {
      this.data[a] = (id << 2) | NodeKind.Chance;
      this.p[id] = dec.p;
      return a;
    }
    // the decision's side effects, then stop, the cohort cap, or a cohort (as the step-by-step loop applies them)
    const w = this.work;
    w.copyFrom(s);
    if (dec.eliminateFrom >= 0) w.eliminate(dec.eliminateFrom);
    if (dec.writeSlot >= 0) w.mem[dec.writeSlot] = dec.writeValue;
    if (dec.action === Action.Stop || w.cohorts >= this.maxCohorts) {
      const f = this.finalOf(w, dec.action === Action.Stop ? dec.reason : CAP);
      this.data[a] = f >= 0 ? (f << 2) | NodeKind.Final : NodeKind.Slow;
    } else if (dec.panel || (this.design.jointOutcomes !== undefined && !dec.expansion)) {
      // a panel, or a cohort whose responses are drawn too (a joint-outcome design): step by step
      this.data[a] = NodeKind.Slow;
    } else {
      this.data[a] = (this.tableIndex(dec.dose, dec.size) << 2) | NodeKind.Treat;
    }
    return a;
  }

  /** The id of final record (s, reason), stored when new; -1 when new and the store is full. */
  finalOf(s: TrialState, reason: number): number {
    const r = this.rec;
    writeRecord(s, r);
    r[this.width] = reason;
    let f = this.finals.find(r);
    if (f >= 0) return f;
    f = this.finals.add(r);
    if (f >= 0) this.ensureFinals(f + 1);
    return f;
  }

  /** Make `s` the state of final `f` and return its stop reason. */
  readFinal(f: number, s: TrialState): number {
    const o = f * (this.width + 1);
    readRecord(this.finals.records, o, s);
    return this.finals.records[o + this.width];
  }

  /** The design's selection for final `f`, whose state is `s` (asked once per final). */
  selectedOf(f: number, s: TrialState): number {
    let sel = this.selected[f];
    if (sel === -2) {
      sel = this.design.selectMtd(s);
      this.selected[f] = sel;
    }
    return sel;
  }

  /** A copy of the graph, for another thread (see {@link GraphSnapshot}). */
  snapshot(): GraphSnapshot {
    const n = this.nodes.size;
    const f = this.finals.size;
    return {
      maxCohorts: this.maxCohorts,
      nodes: this.nodes.contents(),
      finals: this.finals.contents(),
      data: this.data.slice(0, n * this.nodeInts),
      p: this.p.slice(0, n),
      selected: this.selected.slice(0, f),
    };
  }

  private ensureNodes(n: number): void {
    if (n <= this.p.length) return;
    const cap = Math.max(n, this.p.length * 2);
    const data = new Int32Array(cap * this.nodeInts).fill(-1);
    data.set(this.data);
    this.data = data;
    const p = new Float64Array(cap);
    p.set(this.p);
    this.p = p;
  }

  private ensureFinals(n: number): void {
    if (n <= this.selected.length) return;
    const cap = Math.max(n, this.selected.length * 2);
    const selected = new Int32Array(cap).fill(-2);
    selected.set(this.selected);
    this.selected = selected;
  }
}

const graphs = new WeakMap<Design, Map<number, StateGraph>>();

/**
 * Make `snapshot` (another thread's graph of an equal design) the graph of `design` under its
 * cohort cap in this thread, unless this thread has one already; returns the graph in use.
 */
export function graphFrom(design: Design, snapshot: GraphSnapshot): StateGraph {
  let byCap = graphs.get(design);
  if (!byCap) {
    byCap = new Map();
    graphs.set(design, byCap);
  }
  let g = byCap.get(snapshot.maxCohorts);
  if (!g) {
    g = new StateGraph(design, snapshot.maxCohorts, GRAPH_BUDGET_INTS, snapshot);
    byCap.set(snapshot.maxCohorts, g);
  }
  return g;
}

/** The state graph of `design` under a cohort cap, shared by every run of the design in this thread. */
export function graphFor(design: Design, maxCohorts: number): StateGraph {
  let byCap = graphs.get(design);
  if (!byCap) {
    byCap = new Map();
    graphs.set(design, byCap);
  }
  let g = byCap.get(maxCohorts);
  if (!g) {
    g = new StateGraph(design, maxCohorts);
    byCap.set(maxCohorts, g);
  }
  return g;
}
