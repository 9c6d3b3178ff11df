/**
 * The studio's charts are the HTML report's (src/report/charts.ts), whose specs carry their rows
 * inline. The page draws them from a shape parsed once and the rows given to each new view.
 */

/**
 * A chart spec split into its shape and its data: every inline `data: { values }` (at any depth:
 * layers, facets) becomes a named data set (`data: { name: "d0" }`, "d1", ... in the order met),
 * and `values` holds the rows of each. A truth edit changes the rows only, so the page compiles
 * and parses a shape once (vega-lite's compile and vega's parse are most of a redraw) and gives
 * each new view of it its rows before it first runs.
 */
export function splitData(spec: unknown): { shape: string; values: unknown[][] } {
  const values: unknown[][] = [];
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== "object" || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const d = x as { values?: unknown } | null;
      if (k === "data" && typeof d === "object" && d !== null && Array.isArray(d.values) && Object.keys(d).length === 1) {
        out[k] = { name: `d${values.length}` };
        values.push(d.values as unknown[]);
      } else out[k] = walk(x);
    }
    return out;
  };
  const shape = JSON.stringify(walk(spec));
  return { shape, values };
}
