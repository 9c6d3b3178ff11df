/**
 * Labels of designs and curves in charts: made unique, and shortened (the name parts shared by
 * every design of the page dropped, then cut at word boundaries, start and end kept, a
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

/** Separators of a name's parts ("SYS6020, TITE-BOIN alternative, in calendar time"). */
const PART_SEPARATOR = /(, | – | — )/;

/**
 * Labels without the name parts every label of the page shares: the name (before a variant's
 * bracketed grid values) split at ", ", " – " or " — ", the leading and trailing parts common
 * to all names dropped, so long as every name keeps a part. One label, or names with no
 * shared part, are kept as they are.
 * @example dropCommonParts(["SYS6020, BOIN, in calendar time", "SYS6020, TITE-BOIN, in calendar time [rate=2]"]) // => ["BOIN", "TITE-BOIN [rate=2]"]
 */
export function dropCommonParts(labels: readonly string[]): string[] {
  if (new Set(labels).size < 2) return [...labels];
  const split = labels.map((l) => {
    const m = /^(.*?)( \[[^\]]*\])$/.exec(l);
    const name = m ? m[1] : l;
    const parts = name.split(PART_SEPARATOR); // parts at even indices, separators at odd ones
    return { parts, grid: m ? m[2] : "" };
  });
  const counts = split.map((x) => (x.parts.length + 1) / 2);
  const minParts = Math.min(...counts);
  const part = (k: number, i: number) => split[k].parts[2 * i];
  const fromEnd = (k: number, i: number) => split[k].parts[split[k].parts.length - 1 - 2 * i];
  let head = 0;
  while (head < minParts - 1 && split.every((_, k) => part(k, head) === part(0, head))) head++;
  let tail = 0;
  while (head + tail < minParts - 1 && split.every((_, k) => fromEnd(k, tail) === fromEnd(0, tail))) tail++;
  if (head === 0 && tail === 0) return [...labels];
  return split.map((x) => x.parts.slice(2 * head, x.parts.length - 2 * tail).join("") + x.grid);
}

/**
 * A label cut to at most `n` characters at word boundaries: the first words and the last words
 * kept (names often differ at the end), joined by "…"; a word is cut only when the first one
 * alone is longer than the room.
 */
function cutWords(l: string, n: number): string {
  if (l.length <= n) return l;
  if (n <= 1) return "…".slice(0, n);
  const words = l.split(" ").filter((w) => w !== "");
  const room = n - 1; // characters beside "…"
  if (words.length === 0 || words[0].length > room) return l.slice(0, room) + "…";
  const width = (ws: readonly string[]) => ws.reduce((a, w) => a + w.length, Math.max(0, ws.length - 1));
  let h = 1;
  while (h < words.length && width(words.slice(0, h + 1)) <= Math.ceil(room * 0.6)) h++;
  let t = 0;
  while (h + t < words.length && width(words.slice(0, h)) + width(words.slice(words.length - t - 1)) <= room) t++;
  while (h + t < words.length && width(words.slice(0, h + 1)) + width(words.slice(words.length - t)) <= room) h++;
  return words.slice(0, h).join(" ") + "…" + words.slice(words.length - t).join(" ");
}

/** A label cut to at most `n` characters keeping only its first words, then "…". */
function cutHead(l: string, n: number): string {
  if (l.length <= n) return l;
  const words = l.split(" ").filter((w) => w !== "");
  if (n <= 1) return "…".slice(0, n);
  if (words.length === 0 || words[0].length > n - 1) return l.slice(0, n - 1) + "…";
  let h = 0;
  let len = -1;
  while (h < words.length && len + 1 + words[h].length <= n - 1) len += 1 + words[h++].length;
  return words.slice(0, h).join(" ") + "…";
}

/** One label shortened to at most `max` characters, a variant's bracketed grid values kept whole where they fit. */
function shortLabel(l: string, max: number): string {
  if (l.length <= max) return l;
  // keep a variant's grid values ("name [k=v]"): they tell variants of one design apart
  const m = /^(.*?)( \[[^\]]*\])$/.exec(l);
  if (m) {
    const grid = m[2].length <= max - 12 ? m[2] : compactGrid(m[2]);
    if (grid.length <= max - 8) return cutHead(m[1], max - grid.length) + grid;
    if (grid.length <= max - 1) return "…" + grid.trim();
  }
  return cutWords(l, max);
}

/**
 * Labels of one page shortened to at most `max` characters: the name parts every label shares
 * dropped (`dropCommonParts`), then each cut at word boundaries, start and end kept, joined by
 * "…", a variant's bracketed grid values kept whole; then made unique in order (" (2)" added,
 * the label cut shorter to make room). Short labels are kept as they are.
 * @example shortLabels(["BOIN", "registered: 3+3 + SMC + expansion [smc-review.q=0.5]"]) // => ["BOIN", "registered: 3+3… [smc-review.q=0.5]"]
 */
export function shortLabels(labels: readonly string[], max = SHORT_LABEL): string[] {
  const taken = new Set<string>();
  return dropCommonParts(labels).map((l) => {
    let out = shortLabel(l, max);
    for (let k = 2; taken.has(out); k++) {
      const suffix = ` (${k})`;
      out = shortLabel(l, Math.max(1, max - suffix.length)) + suffix;
    }
    taken.add(out);
    return out;
  });
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

