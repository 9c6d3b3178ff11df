import { asExact } from "../../helpers/results.js";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { loadDesign, loadScenario } from "../../../src/config/load.js";
import { runMonteCarlo, type RunResult } from "../../../src/engine/run.js";
import { buildHtmlReport, escapeHtml, flattenParameters, formatNumber, jsonForScript, renderHtml } from "../../../src/report/html.js";

const DATE = "2025-01-31";
const SEED = "html-unit-1";

async function run(design: string, scenario: string, trials = 400): Promise<RunResult> {
  return runMonteCarlo({ config: loadDesign(design), scenario: loadScenario(scenario), trials, seed: SEED, workers: 1 });
}


/** Rename every config-provided name to a hostile string. */
function hostile(r: RunResult): RunResult {
  return {
    ...r,
    design: { ...r.design, name: "<script>alert('d')</script>", description: "<b>bold</b> & co", parameters: { ...r.design.parameters, "<k>": "<v>" } },
    scenario: { ...r.scenario, name: "<script>alert(1)</script>", trial: "<i>t</i>" },
    ladder: { ...r.ladder, unit: "</script><script>alert(3)</script>", doses: r.ladder.doses.map((d, i) => ({ ...d, label: i === 0 ? "<img src=x onerror=alert(2)>" : `D${i + 1} \u2028&\u2029` })) },
    curves: r.curves.map((c, i) => ({ ...c, name: i === 0 ? "<script>alert(1)</script>" : c.name })),
  };
}

/** Every numeric cell: key, design, dose or n, and its full-precision value. */
function cells(html: string, curve: number): { key: string; design: string | undefined; dose: string | undefined; n: string | undefined; value: number; text: string }[] {
  const start = html.indexOf(`data-curve="${curve}"`);
  const end = html.indexOf(`data-curve="${curve + 1}"`);
  const section = html.slice(start, end < 0 ? undefined : end);
  const out = [];
  for (const m of section.matchAll(/<td class="[^"]*"((?: data-[a-z]+="[^"]*")+)>([^<]*)<\/td>/g)) {
    const attr = (name: string) => new RegExp(` data-${name}="([^"]*)"`).exec(m[1])?.[1];
    const value = attr("value");
    if (value === undefined) continue;
    out.push({ key: attr("key")!, design: attr("design"), dose: attr("dose"), n: attr("n"), value: Number(value), text: m[2] });
  }
  return out;
}

describe("renderHtml(result, options)", () => {
  it("renderHtml(result) holds every curve's numbers in its tables, as displayed and at full precision", async () => {
    const r = await run("designs/sys6020.json", "scenarios/sys6020.json");
    const html = renderHtml(r, { date: DATE });
    r.curves.forEach((c, i) => {
      const all = cells(html, i);
      const find = (key: string, dose?: string) => all.find((x) => x.key === key && x.dose === dose && (x.design === "0" || x.design === undefined));
      c.selection.forEach((p, d) => {
        const cell = find("selection", String(d + 1))!;
        expect(cell.value).toBe(p);
        expect(cell.text).toBe(p.toFixed(3));
        expect(find("selectionSE", String(d + 1))!.value).toBe(c.selectionSE[d]);
        expect(find("patients", String(d + 1))!.value).toBe(c.patients[d]);
        expect(find("dlts", String(d + 1))!.text).toBe(c.dlts[d].toFixed(2));
        expect(find("expansionPatients", String(d + 1))!.value).toBe(c.expansionPatients[d]);
        expect(find("expansionStopped", String(d + 1))!.value).toBe(c.metrics[`expansionStopped${d + 1}`]);
        expect(find("escalationMtd", String(d + 1))!.value).toBe(c.metrics[`escalationMtd${d + 1}`]);
      });
      expect(find("noMtd", "none")!.value).toBe(c.noMtd);
      expect(find("sampleSize")!.value).toBe(c.sampleSize);
      expect(find("correctSelection")!.value).toBe(c.correctSelection);
      const dist = all.filter((x) => x.key === "sampleSizeDistribution");
      expect(dist.map((x) => [Number(x.n), x.value])).toEqual(c.sampleSizeDistribution.map((s) => [s.n, s.p]));
    });
  });

  it("renderHtml(result) has a header with design, parameters, scenario, seed, trials, version and date", async () => {
    const r = await run("designs/sys6020.json", "scenarios/sys6020.json");
    const html = renderHtml(r, { date: DATE });
    expect(html).toContain(`<h1>${escapeHtml(r.design.name)}</h1>`);
    expect(html).toContain(escapeHtml(r.design.description));
    expect(html).toContain("<code>smcReview.q</code>");
    expect(html).toContain("<code>expansion.toxLimit</code>");
    expect(html).toContain(escapeHtml(r.scenario.name));
    expect(html).toContain(`<code>&quot;${SEED}&quot;</code>`);
    expect(html).toContain("Monte Carlo, 400 trials per curve");
    expect(html).toContain(`<dt>doseladder</dt><dd>${r.doseladder}</dd>`);
    expect(html).toContain(`<dt>Date</dt><dd>${DATE}</dd>`);
  });

  it("renderHtml(result) draws one section per curve with the dose ladder, selection, allocation and sample-size charts, and expansion charts only for expansion designs", async () => {
    const withExpansion = renderHtml(await run("designs/sys6020.json", "scenarios/sys6020.json"), { date: DATE });
    const without = renderHtml(await run("designs/sys6020-3plus3.json", "scenarios/sys6020.json"), { date: DATE });
    for (const html of [withExpansion, without]) {
      expect(html.match(/<section class="curve"/g)).toHaveLength(6);
      for (const kind of ["truth", "selection", "allocation", "sample-size"]) expect(html.match(new RegExp(`data-kind="${kind}"`, "g"))).toHaveLength(6);
    }
    expect(withExpansion.match(/data-kind="expansion"/g)).toHaveLength(6);
    expect(without).not.toContain('data-kind="expansion"');
  });

  it("renderHtml(exact result) says exact, shows no seed and no SE columns", async () => {
    const html = renderHtml(asExact(await run("designs/s103.json", "scenarios/s103.json")), { date: DATE });
    expect(html).toContain("exact (all outcomes enumerated)");
    expect(html).toContain("— (exact)");
    expect(html).not.toContain("± SE");
    expect(html).not.toContain('class="se"');
  });

  it("renderHtml(result with decisionTable) prints the decision table; without one it prints none", async () => {
    const withTable = await run("designs/s103.json", "scenarios/s103.json");
    const { decisionTable: fromDesign, ...r } = withTable;
    expect(fromDesign?.map((row) => row.n)).toEqual([3, 6]); // the A+B rule is tabulated at n = A and A + B
    expect(renderHtml(r, { date: DATE })).not.toContain('data-table="decision-table"');
    const decisionTable = [
      { n: 1, escalateAtMost: 0, deEscalateAtLeast: 1, eliminateAtLeast: null },
      { n: 3, escalateAtMost: 0, deEscalateAtLeast: 2, eliminateAtLeast: 3 },
    ];
    const html = renderHtml({ ...r, decisionTable }, { date: DATE });
    const table = /<table class="decision"[\s\S]*?<\/table>/.exec(html)![0];
    expect(table).toContain('escalate if DLTs ≤</th><td class="num" data-key="escalateAtMost" data-n="1" data-value="0">0</td><td class="num" data-key="escalateAtMost" data-n="3" data-value="0">0</td>');
    expect(table).toContain('eliminate if DLTs ≥</th><td class="num" data-key="eliminateAtLeast" data-n="1">—</td><td class="num" data-key="eliminateAtLeast" data-n="3" data-value="3">3</td>');
  });

  it("renderHtml([a, b]) shows two designs side by side and refuses results on other curves", async () => {
    const a = await run("designs/sys6020.json", "scenarios/sys6020.json");
    const b = await run("designs/sys6020-3plus3.json", "scenarios/sys6020.json");
    const html = renderHtml([a, b], { date: DATE });
    expect(html).toContain("<h1>2 designs compared</h1>");
    expect(html).toContain(`<th scope="colgroup" colspan="2">${escapeHtml(b.design.name)}</th>`);
    const c0 = cells(html, 0);
    expect(c0.find((x) => x.key === "selection" && x.design === "1" && x.dose === "1")!.value).toBe(b.curves[0].selection[0]);
    const other = await run("designs/s103.json", "scenarios/s103.json");
    expect(() => renderHtml([a, other], { date: DATE })).toThrow(/one scenario/);
  });

  it("renderHtml(result) escapes every name and label from a config", async () => {
    const html = renderHtml(hostile(await run("designs/sys6020.json", "scenarios/sys6020.json")), { date: DATE });
    expect(html).not.toMatch(/<script>alert/);
    expect(html).not.toMatch(/<img/);
    expect(html).not.toContain("<b>bold</b>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&lt;img src=x onerror=alert(2)&gt;");
    expect(html).toContain("&lt;b&gt;bold&lt;/b&gt; &amp; co");
    // the only script elements are the JSON spec blocks (no vega given here)
    const opening = html.match(/<script\b[^>]*>/g) ?? [];
    expect(opening.every((t) => /^<script type="application\/json" id="spec-c\d+-[a-z-]+">$/.test(t))).toBe(true);
    // every script element's content is closed by its own </script>
    const blocks = [...html.matchAll(/<script type="application\/json" id="[^"]+">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(opening.length);
    for (const [, json] of blocks) {
      expect(json).not.toMatch(/[<>&\u2028\u2029]/);
      expect(() => JSON.parse(json)).not.toThrow();
    }
  });

  it("renderHtml(result) is a pure function of its inputs", async () => {
    const r = await run("designs/s103.json", "scenarios/s103.json");
    expect(renderHtml(r, { date: DATE })).toBe(renderHtml(structuredClone(r), { date: DATE }));
    expect(renderHtml(r, { date: DATE })).not.toBe(renderHtml(r, { date: "2025-02-01" }));
  });
});

describe("buildHtmlReport(result)", () => {
  it("buildHtmlReport(result) is self-contained: vega inline, a static SVG per chart, no network source", async () => {
    const r = await run("designs/s103.json", "scenarios/s103.json");
    const html = await buildHtmlReport(r, { date: DATE });
    const figures = html.match(/<figure class="chart[^"]*" data-chart="[^"]+"/g)!.length;
    expect(figures).toBe(4 * r.curves.length);
    expect(html.match(/<div class="static"><svg /g)).toHaveLength(figures);
    expect(html).toContain('<script id="vega-library">');
    expect(html).not.toMatch(/<script[^>]+src=/i);
    expect(html).not.toMatch(/<link\b/i);
    expect(html).not.toMatch(/<(img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/(src|href)\s*=\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/@import/i);
    // ids inside the static SVGs are unique across the page
    const ids = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((m) => [...m[0].matchAll(/\bid="([^"]+)"/g)].map((x) => x[1]));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("report helpers", () => {
  it("jsonForScript(value) reads back to the same value and never contains <, >, &, U+2028 or U+2029", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "grapheme" }), (v, s) => {
        for (const x of [v, s, { s }, `</script>${s}<!--`]) {
          const out = jsonForScript(x);
          expect(out).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(out)).toEqual(JSON.parse(JSON.stringify(x)));
        }
      }),
      { seed: 20250131, numRuns: 300 },
    );
    expect(jsonForScript("a\u2028b\u2029</script>&")).toBe('"a\\u2028b\\u2029\\u003c/script\\u003e\\u0026"');
  });

  it("escapeHtml(s) escapes the five HTML-special characters", () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  });

  it("formatNumber(x, d) rounds to d decimals, drops the sign of zero and shows a dash for missing values", () => {
    expect(formatNumber(0.38649, 3)).toBe("0.386");
    expect(formatNumber(-0.0001, 3)).toBe("0.000");
    expect(formatNumber(null, 2)).toBe("—");
    expect(formatNumber(Number.NaN, 2)).toBe("—");
  });

  it("flattenParameters(obj) lists nested parameters as dotted keys", () => {
    expect(flattenParameters({ a: 3, smc: { q: 1, on: "lower" }, xs: [1, 2], z: null })).toEqual([
      ["a", "3"],
      ["smc.q", "1"],
      ["smc.on", "lower"],
      ["xs", "1, 2"],
      ["z", "—"],
    ]);
  });
});
