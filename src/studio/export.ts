/**
 * The studio's exports, written by the report modules the CLI uses: the HTML report of
 * `doseladder report` (src/report/html.ts, with the charts' static SVGs rendered by the page's
 * vega) and the protocol section of `doseladder protocol` as Markdown (src/report/protocol.ts)
 * and as Word (src/report/protocol-docx.ts, the docx library bundled into the page).
 */
import type { RunResult } from "../engine/run.js";
import { compileChart, renderHtml, reportCharts } from "../report/html.js";
import { buildProtocol, protocolMarkdown, type ProtocolDoc } from "../report/protocol.js";
import { protocolDocx } from "../report/protocol-docx.js";
import { designOf, type Validated } from "./compute.js";

interface VegaLib {
  View: new (runtime: unknown, options: Record<string, unknown>) => { toSVG(): Promise<string>; finalize(): void };
  parse(spec: unknown): unknown;
}

/** `doseladder report`'s file name stem: reports/<design>--<scenario>.html without the folder. */
export function exportStem(designFile: string, scenarioFile: string): string {
  const stem = (f: string) => f.replace(/^.*[\\/]/, "").replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9._-]+/g, "_");
  return `${stem(designFile)}--${stem(scenarioFile)}`;
}

/** The HTML report of `r`, as `doseladder report` writes it (static SVGs drawn by this browser's vega). */
export async function reportHtml(r: RunResult, vega: VegaLib, vegaScript: string, date: string): Promise<string> {
  const staticSvg: Record<string, string> = {};
  for (const c of reportCharts([r])) {
    const view = new vega.View(vega.parse(compileChart(c.spec).spec), { renderer: "none" });
    staticSvg[c.id] = await view.toSVG();
    view.finalize();
  }
  return renderHtml([r], { date, vegaScript, staticSvg });
}

/** The protocol section of `r`, as `doseladder protocol` builds it. */
function protocolDoc(r: RunResult, v: Validated): ProtocolDoc {
  const design = designOf(v.config, r.ladder.doses.length);
  return buildProtocol(r, { tableNote: design.decisionTable?.().note, decidesWithPending: design.decidesWithPending === true });
}

/** The protocol section of `r` in Markdown, as `doseladder protocol` prints it. */
export function protocolText(r: RunResult, v: Validated): string {
  return protocolMarkdown(protocolDoc(r, v));
}

/** The protocol section of `r` as a Word file's bytes, as `doseladder protocol --format docx` writes it (the same module). */
export function protocolWord(r: RunResult, v: Validated): Promise<Uint8Array> {
  return protocolDocx(protocolDoc(r, v));
}
