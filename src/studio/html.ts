/**
 * The studio as one self-contained HTML file: the bundled script (dist/studio/studio.js, made by
 * `npm run build`), vega's browser build (for drawing the report's charts), and the package's
 * design and scenario files as examples, all inlined. It loads nothing: a Content-Security-Policy
 * forbids every network request, and the engine's worker comes from a Blob URL of the inlined script.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { IoError, describeFsError } from "../config/messages.js";
import { escapeHtml, inlineScript, jsonForScript, readVegaScript } from "../report/html.js";
import { VERSION } from "../version.js";
import { packagePath, packageRoot } from "../package-root.js";
import type { StudioData } from "./page.js";

/** The bundled studio script. */
export function readStudioScript(): string {
  const file = packagePath("dist/studio/studio.js");
  if (!existsSync(file)) throw new IoError(`cannot find the studio bundle ${file}; run npm run build`);
  try {
    return readFileSync(file, "utf8");
  } catch (e) {
    throw new IoError(`${file}: cannot read the studio bundle: ${describeFsError(e)}`);
  }
}

function examples(folder: string): Record<string, string> {
  const root = packageRoot();
  const out: Record<string, string> = {};
  for (const f of readdirSync(`${root}/${folder}`).filter((x) => x.endsWith(".json")).sort()) {
    out[`${folder}/${f}`] = readFileSync(`${root}/${folder}/${f}`, "utf8");
  }
  return out;
}

/** What the page embeds: the examples (SYS6020's files first shown) and the version. */
export function studioData(): StudioData {
  return { version: VERSION, designs: examples("designs"), scenarios: examples("scenarios"), defaultDesign: "designs/sys6020.json", defaultScenario: "scenarios/sys6020.json" };
}

export const STUDIO_CSS = `
:root { color-scheme: light; --ink: #222; --muted: #555; --line: #ccc; --accent: #2f5f8f; --bad: #b2182b; }
* { box-sizing: border-box; }
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif; color: var(--ink); margin: 0; padding: 0 16px 32px; }
body.dragging { outline: 4px dashed var(--accent); outline-offset: -8px; }
header h1 { margin: 12px 0 0; font-size: 22px; } header p { margin: 2px 0 8px; color: var(--muted); }
h2 { font-size: 17px; margin: 14px 0 6px; border-bottom: 1px solid var(--line); } h3 { font-size: 15px; margin: 12px 0 4px; }
.columns { display: grid; grid-template-columns: minmax(360px, 1fr) minmax(480px, 1.3fr); gap: 24px; align-items: start; }
@media (max-width: 1000px) { .columns { grid-template-columns: 1fr; } }
.row { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 4px 0; }
.field { margin: 6px 0; } .field > label { display: block; font-weight: 600; }
.field small, .hint, .ref { display: block; color: var(--muted); font-size: 12px; }
input[type=text], select, textarea { font: inherit; padding: 3px 5px; border: 1px solid #999; border-radius: 3px; }
.field input[type=text], .field textarea { width: 100%; max-width: 36em; }
[aria-invalid=true] { border-color: var(--bad); outline: 2px solid var(--bad); }
.error { color: var(--bad); font-weight: 600; } .error:empty { display: none; }
fieldset { border: 1px solid var(--line); border-radius: 4px; margin: 8px 0; } legend { font-weight: 600; }
fieldset.modifier { background: #f8f8f8; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 6px; vertical-align: -1px; border: 1px solid #0003; }
h4 { font-size: 14px; margin: 10px 0 2px; }
button { font: inherit; padding: 3px 10px; }
:focus-visible { outline: 3px solid #f0a30a; outline-offset: 1px; }
table { border-collapse: collapse; margin: 4px 0; } caption { text-align: left; color: var(--muted); font-size: 12px; }
th, td { border-bottom: 1px solid #e3e3e3; padding: 2px 6px; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.mtd { background: #f6e7b4; }
table.ladder input { width: 6.5em; }
.table-wrap { overflow-x: auto; }
#status { font-weight: 600; } #status[data-state=invalid], #status[data-state=error] { color: var(--bad); }
figure { margin: 8px 0; } figcaption { font-weight: 600; }
figure[data-chart=truth] svg { cursor: ns-resize; touch-action: none; }
pre { background: #f4f4f4; padding: 6px; white-space: pre-wrap; }
`;

/** The whole page. */
export function studioHtml(options: { script?: string; vegaScript?: string; data?: StudioData } = {}): string {
  const script = options.script ?? readStudioScript();
  const vegaScript = options.vegaScript ?? readVegaScript();
  const data = options.data ?? studioData();
  // scripts are inline (and 'unsafe-eval' is vega's expression compiler); the worker is a blob: URL; nothing else loads
  const csp = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:; style-src 'unsafe-inline'; img-src data: blob:; connect-src 'none'; base-uri 'none'; form-action 'none'";
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>doseladder studio</title>
<style>${STUDIO_CSS}</style>
</head>
<body>
<main id="studio"><noscript><p>The doseladder studio needs JavaScript: it runs the engine in this page.</p></noscript></main>
<script type="application/json" id="studio-data">${jsonForScript(data)}</script>
<script id="vega-library">${inlineScript(vegaScript)}</script>
<script id="studio-engine">${inlineScript(script)}</script>
</body>
</html>
`;
}
