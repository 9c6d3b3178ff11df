import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dropCommonParts, shortLabels } from "../../../src/report/labels.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const designName = (file: string): string => JSON.parse(readFileSync(join(ROOT, "designs", file), "utf8")).name;

/** The words of `s` (split at spaces). */
const words = (s: string) => s.split(" ").filter((w) => w !== "");

/** True when `piece`, a piece of a short label, is made of whole words of `full` (a run of them, in order). */
const wholeWords = (piece: string, full: string) => {
  const p = words(piece);
  const f = words(full);
  if (p.length === 0) return true;
  for (let i = 0; i + p.length <= f.length; i++) if (p.every((w, j) => f[i + j] === w)) return true;
  return false;
};

const word = fc.stringMatching(/^[A-Za-z0-9+#()-]{1,12}$/);
const name = fc.array(word, { minLength: 1, maxLength: 12 }).map((ws) => ws.join(" "));

describe("short labels", () => {
  it("are never longer than the limit, never cut inside a word when words fit, and distinct names stay distinct on one page", () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 1, maxLength: 14 }), fc.integer({ min: 14, max: 60 }), (labels, max) => {
        const s = shortLabels(labels, max);
        expect(s).toHaveLength(labels.length);
        expect(new Set(s).size).toBe(labels.length);
        s.forEach((short, i) => {
          expect(short.length, short).toBeLessThanOrEqual(max);
          if (short === labels[i]) return;
          // when the first word fits beside "…" and a " (k)", every piece of the short label is a run of whole words
          const body = short.replace(/ \(\d+\)$/, "");
          const pieces = body.split("…");
          if (words(labels[i])[0].length <= max - 5) for (const p of pieces) expect(wholeWords(p, labels[i]), `${JSON.stringify(p)} of ${JSON.stringify(labels[i])} → ${short}`).toBe(true);
        });
      }),
      { numRuns: 300 },
    );
  });

  it("drop the name parts every design of the page shares, and keep a name that shares nothing", () => {
    expect(dropCommonParts(["A, x, tail", "A, y, tail [k=1]"])).toEqual(["x", "y [k=1]"]);
    expect(dropCommonParts(["A – x", "A – y"])).toEqual(["x", "y"]);
    expect(dropCommonParts(["A, x", "A"])).toEqual(["A, x", "A"]); // dropping "A" would leave nothing
    expect(dropCommonParts(["BOIN", "CRM"])).toEqual(["BOIN", "CRM"]);
    expect(dropCommonParts(["one, design"])).toEqual(["one, design"]);
  });

  it("the SYS6020 timed sweep's designs are named by what differs, cut at words", () => {
    // scenarios/sweeps/sys6020-tite.json: four designs, each at three referral rates
    const files = ["sys6020-boin-timed.json", "sys6020-tite-boin.json", "sys6020-tite-crm.json", "sys6020-bf-boin.json"];
    const labels = files.flatMap((f) => [1, 2, 4].map((r) => `${designName(f)} [timing.rate=${r}]`));
    const s = shortLabels(labels);
    expect(s.slice(0, 4)).toEqual([
      "BOIN alternative… [timing.rate=1]",
      "BOIN alternative… [timing.rate=2]",
      "BOIN alternative… [timing.rate=4]",
      "TITE-BOIN… [timing.rate=1]", // "TITE-BOIN alternative [timing.rate=1]" is 37 characters
    ]);
    expect(new Set(s).size).toBe(12);
    for (const l of s) expect(l.length).toBeLessThanOrEqual(36);
    for (const l of s) expect(l).not.toMatch(/SYS6020|calendar time/);
    // without grid values: the head and the tail of the name, whole words
    expect(shortLabels(files.map(designName), 30)).toEqual(["BOIN alternative…every window", "TITE-BOIN alternative", "TITE-CRM alternative", "BF-BOIN (BOIN with…"]); // "BF-BOIN (BOIN with backfilling)" is 31
  });
});
