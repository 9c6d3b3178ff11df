/**
 * Decision tables with pending patients, in the layout of Yuan et al. (2018, Clin Cancer Res
 * 24:4921-4930, Table 1): per number of patients treated at the current dose n, DLTs observed
 * y and patients pending c, the decision, which may change with the standardized total
 * follow-up time STFT of the pending patients ("ES 2.15": escalate if STFT >= 2.15, else stay).
 *
 * The table is built from the design's own decision at the dose (`PendingCellFn`), evaluated
 * over STFT in [0, c) with change points located by bisection, so it says what the design does.
 */

/** Decisions at the current dose. */
export type PendingCode = "E" | "S" | "D" | "DE" | "SUS";

/** The design's decision at a dose with n treated, y DLTs, c pending whose STFT is `stft`. */
export type PendingCellFn = (n: number, y: number, c: number, stft: number) => PendingCode;

/** A stretch of STFT over which the decision is `decision`: from `from` up to the next segment's `from` (or c). */
export interface PendingSegment {
  readonly decision: PendingCode;
  readonly from: number;
}

/** The decision for one (n, y, c). */
export interface PendingCell {
  readonly n: number;
  readonly dlt: number;
  readonly pending: number;
  /** In increasing STFT; one segment when STFT does not matter. */
  readonly segments: readonly PendingSegment[];
  /** The published label: "E", "SUS", "ES 0.77" (escalate if STFT >= 0.77, else stay), "SD 0.52" (stay if STFT > 0.52, else de-escalate). */
  readonly label: string;
}

/** One line of the published layout: a DLT count (or a run of them) at n, with its pending groups. */
export interface PendingLayoutRow {
  readonly n: number;
  /** "1", "3-4", ">=2". */
  readonly dlt: string;
  /** Pending groups, "0-2", "3", ">=5". */
  readonly pending: readonly string[];
  /** The decision label of each pending group. */
  readonly decisions: readonly string[];
}

/** A design's decision table with pending patients. */
export interface PendingDecisionTable {
  readonly type: string;
  /** Target DLT rate, or null for a design without one (rolling six). */
  readonly target: number | null;
  readonly cohortSize: number;
  /** Every (n, y, c) cell for the n shown. */
  readonly cells: readonly PendingCell[];
  /** The published layout. */
  readonly rows: readonly PendingLayoutRow[];
  readonly note: string;
}

const fmt2 = (x: number) => x.toFixed(2);

/** The published label of a cell from its segments. */
export function segmentLabel(segments: readonly PendingSegment[]): string {
  if (segments.length === 1) return segments[0].decision;
  if (segments.length === 2) {
    const [a, b] = segments;
    // published pairs: low STFT is the more cautious decision
    return `${b.decision}${a.decision} ${fmt2(b.from)}`;
  }
  return segments.map((s, i) => (i === 0 ? s.decision : `${fmt2(s.from)} ${s.decision}`)).join(" / ");
}

/** Segments of the decision over STFT in [0, c): a scan of `steps` points, each change located by bisection. */
export function pendingSegments(f: PendingCellFn, n: number, y: number, c: number, steps = 400): PendingSegment[] {
  const at = (s: number) => f(n, y, c, s);
  const first = at(0);
  const segs: PendingSegment[] = [{ decision: first, from: 0 }];
  if (c === 0) return segs;
  let prevS = 0;
  let prev = first;
  for (let k = 1; k < steps; k++) {
    const s = (c * k) / steps;
    const d = at(s);
    if (d !== prev) {
      let lo = prevS;
      let hi = s;
      for (let i = 0; i < 60; i++) {
        const mid = (lo + hi) / 2;
        if (at(mid) === prev) lo = mid;
        else hi = mid;
      }
      segs.push({ decision: d, from: hi });
      prev = d;
    }
    prevS = s;
  }
  return segs;
}

/** Pending range label: "0", "0-2", or ">=lo" when `open`. */
function range(lo: number, hi: number, open: boolean): string {
  if (open) return `>=${lo}`;
  return lo === hi ? String(lo) : `${lo}-${hi}`;
}

/**
 * The published layout from cells: at each n, DLT counts whose every pending value gives the
 * same single decision are merged into runs ("3-4", or ">=y" when the run reaches y = n);
 * otherwise a DLT count gets its own line with consecutive pending values of the same label
 * grouped, the last group written ">=c" (every larger pending count).
 */
export function publishedLayout(cells: readonly PendingCell[]): PendingLayoutRow[] {
  const rows: PendingLayoutRow[] = [];
  const ns = [...new Set(cells.map((c) => c.n))];
  for (const n of ns) {
    const atN = cells.filter((c) => c.n === n);
    const lines: { y: number; groups: { lo: number; hi: number; label: string }[] }[] = [];
    for (let y = 0; y <= n; y++) {
      const cs = atN.filter((c) => c.dlt === y).sort((a, b) => a.pending - b.pending);
      const groups: { lo: number; hi: number; label: string }[] = [];
      for (const c of cs) {
        const g = groups[groups.length - 1];
        if (g && g.label === c.label && g.hi === c.pending - 1) g.hi = c.pending;
        else groups.push({ lo: c.pending, hi: c.pending, label: c.label });
      }
      lines.push({ y, groups });
    }
    let i = 0;
    while (i < lines.length) {
      const L = lines[i];
      if (L.groups.length === 1) {
        let j = i;
        while (j + 1 < lines.length && lines[j + 1].groups.length === 1 && lines[j + 1].groups[0].label === L.groups[0].label) j++;
        const dlt = j === i ? String(L.y) : j === n ? `>=${L.y}` : `${L.y}-${lines[j].y}`;
        rows.push({ n, dlt, pending: [range(0, L.groups[0].hi, false)], decisions: [L.groups[0].label] });
        i = j + 1;
      } else {
        const last = L.groups.length - 1;
        rows.push({
          n,
          dlt: String(L.y),
          pending: L.groups.map((g, k) => range(g.lo, g.hi, k === last)),
          decisions: L.groups.map((g) => g.label),
        });
        i++;
      }
    }
  }
  return rows;
}

/** Build a pending decision table for the given n from a cell function. */
export function buildPendingTable(type: string, target: number | null, cohortSize: number, ns: readonly number[], f: PendingCellFn, note: string): PendingDecisionTable {
  const cells: PendingCell[] = [];
  for (const n of ns) {
    for (let y = 0; y <= n; y++) {
      for (let c = 0; c <= n - y; c++) {
        const segments = pendingSegments(f, n, y, c);
        cells.push({ n, dlt: y, pending: c, segments, label: segmentLabel(segments) });
      }
    }
  }
  return { type, target, cohortSize, cells, rows: publishedLayout(cells), note };
}
