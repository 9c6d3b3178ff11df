/**
 * Labels of designs and curves in charts: made unique, and shortened (start and end kept, a
 * variant's grid values kept whole) so a long name never runs over its neighbours; the full
 * name stays in the tables and the tooltips.
 */

/** Labels made unique in order: the second "A" becomes "A (2)" (and so on, skipping taken labels). */
export function uniqueLabels(labels: readonly string[]): string[] {
  const taken = new Set<string>();
  return labels.map((l) => {
    let out = l;
    for (let k = 2; taken.has(out); k++) out = `${l} (${k})`;
    taken.add(out);
    return out;
  });
}

/** Labels longer than this are shortened in charts (the full label is in the tooltip and the table). */
export const SHORT_LABEL = 36;

/**
 * Labels shortened to at most `max` characters: the start and the end kept, cut at words where
 * they are near, joined by "…", a variant's bracketed grid values kept whole; then made unique
 * in order ("(2)" added). Short labels are kept as they are.
 * @example shortLabels(["BOIN", "registered: 3+3 + SMC + expansion [smc-review.q=0.5]"]) // => ["BOIN", "registered: 3+3… [smc-review.q=0.5]"]
 */
export function shortLabels(labels: readonly string[], max = SHORT_LABEL): string[] {
  // keep the start and the end ("SYS6020 3+3 with…expansion #11"): names often differ at the end
  const shorten = (l: string, n: number): string => {
    if (l.length <= n) return l;
    const headLen = Math.ceil((n - 1) * 0.6);
    const tailLen = n - 1 - headLen;
    let head = l.slice(0, headLen);
    const space = head.lastIndexOf(" ");
    if (space >= headLen * 0.6) head = head.slice(0, space);
    let tail = tailLen > 0 ? l.slice(l.length - tailLen) : "";
    const tailSpace = tail.indexOf(" ");
    if (tailSpace >= 0 && tailSpace < tailLen * 0.4) tail = tail.slice(tailSpace + 1);
    return head.trimEnd() + "…" + tail.trim();
  };
  const prefix = (l: string, n: number): string => {
    if (l.length <= n) return l;
    const head = l.slice(0, n - 1);
    const space = head.lastIndexOf(" ");
    return (space >= n * 0.6 ? head.slice(0, space) : head).trimEnd() + "…";
  };
  const cut = labels.map((l) => {
    if (l.length <= max) return l;
    // keep a variant's grid values ("name [k=v]"): they tell variants of one design apart
    const m = /^(.*?)( \[[^\]]*\])$/.exec(l);
    if (m) {
      const grid = m[2].length <= max - 12 ? m[2] : compactGrid(m[2]);
      if (grid.length <= max - 8) return prefix(m[1], max - grid.length) + grid;
      if (grid.length <= max - 1) return "…" + grid.trim();
    }
    return shorten(l, max);
  });
  return uniqueLabels(cut);
}

/** Grid values with each key's last dotted part and no spaces: " [conduct.reviewDays=14, timing.rate=2]" => " [reviewDays=14,rate=2]". */
export function compactGrid(grid: string): string {
  const inner = grid.trim().slice(1, -1);
  return ` [${inner
    .split(/,\s*(?=[^,=\s]+=)/)
    .map((kv) => kv.replace(/^[^=]*\.(?=[^.=]*=)/, ""))
    .join(",")}]`;
}

/**
 * A design label in two lines for a panel header: the name, and the grid values (compacted
 * when long), each shortened to `max` characters; one line when there are no grid values.
 * @example labelLines("3+3 [smc-review.q=0.5]", 30) // => ["3+3", "[smc-review.q=0.5]"]
 */
export function labelLines(label: string, max: number): string[] {
  const m = /^(.*?) (\[[^\]]*\])$/.exec(label);
  if (!m) return [shortLabels([label], max)[0]];
  const grid = m[2].length <= max ? m[2] : compactGrid(m[2]).trim();
  return [shortLabels([m[1]], max)[0], grid.length <= max ? grid : shortLabels([grid], max)[0]];
}

