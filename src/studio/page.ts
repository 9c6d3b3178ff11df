/**
 * The studio page: forms generated from the parameter specifications, the operating
 * characteristics recomputed in a Web Worker after every edit, and the HTML report's charts
 * (src/report/charts.ts) drawn with vega. Runs from a file:// URL with no network: the engine
 * is this same script, started as a worker from a Blob URL.
 */
import { compile } from "vega-lite";
import type { TopLevelSpec } from "vega-lite";
import { parseJsonText } from "../config/load.js";
import { ASSOCIATION_PARAMS } from "../config/schema.js";
import { CONDUCT_PARAMS, TIMING_PARAMS } from "../config/timing.js";
import { DESIGNS, MODIFIERS } from "../designs/index.js";
import type { RunResult } from "../engine/run.js";
import { curveCharts, designColors, NO_MTD } from "../report/charts.js";
import type { CurveResult } from "../report/summary.js";
import { ConfigError, UsageError } from "../config/messages.js";
import { positiveInt } from "../cli/options.js";
import { DEFAULT_SETTINGS, designOf, METHODS, problemOf, validate, type ComputeRequest, type Problem, type RunSettings } from "./compute.js";
import { fieldBox, fieldId, h, paramFields, type Form } from "./forms.js";
import { baseName, MAX_COMPARED, decodeState, encodeState, fileKind, fileText, formatValue, nearestField, parseNumberText, type Json, type StudioState } from "./state.js";
import type { WorkerReply } from "./worker.js";
import { exportStem, protocolText, protocolWord, reportHtml } from "./export.js";
import { sweepCells, sweepPath, type SweepCell } from "./sweep.js";
import { isSideFile } from "./files.js";
import { dosePaths } from "../engine/paths.js";
import { splitData } from "./chart-data.js";

/** What `doseladder studio` embeds in the page. */
export interface StudioData {
  readonly version: string;
  /** Example files by their path in the package ("designs/sys6020.json"), as JSON text. */
  readonly designs: Record<string, string>;
  readonly scenarios: Record<string, string>;
  readonly defaultDesign: string;
  readonly defaultScenario: string;
}

interface VegaScale {
  (v: unknown): number;
  invert?(y: number): number;
  domain(): unknown[];
}
interface VegaView {
  runAsync(): Promise<unknown>;
  finalize(): void;
  scale(name: string): VegaScale | undefined;
  origin(): [number, number];
  data(name: string, values: readonly unknown[]): VegaView;
}
interface VegaLib {
  View: new (runtime: unknown, options: Record<string, unknown>) => VegaView;
  parse(spec: unknown): unknown;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => document.getElementById(id) as T;

/** The engine worker: one computation at a time; a new edit replaces a running one (a spare worker is kept warm). */
class Engine {
  private worker: Worker | undefined;
  private spare: Worker | undefined;
  private busy = false;
  constructor(
    private readonly url: string,
    private readonly onReply: (r: WorkerReply) => void,
  ) {
    this.worker = this.make();
    this.spare = this.make();
  }
  private make(): Worker {
    const w = new Worker(this.url, { name: "doseladder-engine" });
    w.onerror = (e) => {
      e.preventDefault();
      this.onReply({ kind: "error", id: -1, message: `the engine failed: ${e.message}` });
    };
    return w;
  }
  post(req: ComputeRequest): void {
    if (this.busy) {
      this.worker!.terminate();
      this.worker = this.spare ?? this.make();
      this.spare = this.make();
    }
    const w = this.worker!;
    w.onmessage = (m: MessageEvent<WorkerReply>) => {
      if (m.data.kind !== "progress" && m.data.kind !== "partial") this.busy = false;
      this.onReply(m.data);
    };
    this.busy = true;
    w.postMessage(req);
  }
}

function readData(): StudioData {
  return JSON.parse($("studio-data").textContent ?? "{}") as StudioData;
}

/** Fixed decimals for the tables; every digit when "Show every digit" is ticked. */
function numberCell(x: number | null | undefined, digits: number, key: string, full: boolean): HTMLTableCellElement {
  const td = h("td", { class: "num", "data-key": key });
  if (x === null || x === undefined || !Number.isFinite(x)) {
    td.textContent = "—";
    return td;
  }
  td.dataset.value = String(x);
  td.textContent = full ? String(x) : (Math.abs(x) < 0.5 * 10 ** -digits ? 0 : x).toFixed(digits);
  return td;
}

function download(name: string, text: string | Uint8Array, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text as BlobPart], { type }));
  const a = h("a", { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function startPage(): void {
  const data = readData();
  const vega = (globalThis as unknown as { vega?: VegaLib }).vega;
  const parseExample = (file: string, text: string | undefined): Json => (text === undefined ? {} : (parseJsonText(text, file) as Json));
  const state: StudioState = decodeState(location.hash) ?? {
    design: parseExample(data.defaultDesign, data.designs[data.defaultDesign]),
    designFile: data.defaultDesign,
    scenario: parseExample(data.defaultScenario, data.scenarios[data.defaultScenario]),
    scenarioFile: data.defaultScenario,
    curve: 0,
    settings: { ...DEFAULT_SETTINGS },
  };
  let seq = 0;
  let lastResult: RunResult | undefined;
  let lastCompared: readonly RunResult[] = [];
  interface Drawn {
    readonly text: string;
    readonly view: VegaView;
    readonly figure: HTMLElement;
    readonly kind: string;
  }
  let drawn: Drawn[] = [];
  const editTimes = new Map<number, number>();

  // ---- the page's frame ----------------------------------------------------------------------
  const root = $("studio");
  const fileInput = h("input", { type: "file", id: "open-files", multiple: "", accept: ".json,application/json,.csv,text/csv" });
  const exampleDesign = h("select", { id: "example-design" }, h("option", { value: "" }, "(choose)"), ...Object.keys(data.designs).map((f) => h("option", { value: f }, f)));
  const exampleScenario = h("select", { id: "example-scenario" }, h("option", { value: "" }, "(choose)"), ...Object.keys(data.scenarios).map((f) => h("option", { value: f }, f)));
  const saveDesign = h("button", { type: "button", id: "save-design" }, "Save design");
  const saveScenario = h("button", { type: "button", id: "save-scenario" }, "Save scenario");
  const copyLink = h("button", { type: "button", id: "copy-link" }, "Copy link");
  const exportReport = h("button", { type: "button", id: "export-report" }, "Export HTML report");
  const exportProtocol = h("button", { type: "button", id: "export-protocol" }, "Export protocol section (Markdown)");
  const exportWord = h("button", { type: "button", id: "export-protocol-docx" }, "Export protocol section (Word)");
  const fullPrecision = h("input", { type: "checkbox", id: "full-precision" });
  // the cells of the sweep file opened last (in doseladder sweep's order): choosing one opens it
  const sweepCell = h("select", { id: "sweep-cell" });
  const sweepRow = h("div", { class: "row", id: "sweep-cell-row", hidden: "" }, h("label", { for: "sweep-cell" }, "Sweep cell"), sweepCell);
  let sweepOpen: readonly SweepCell[] = [];
  const compareExample = h("select", { id: "compare-example" }, h("option", { value: "" }, "(choose)"), ...Object.keys(data.designs).map((f) => h("option", { value: f }, f)));
  const compareInput = h("input", { type: "file", id: "compare-files", multiple: "", accept: ".json,application/json" });
  const curveSelect = h("select", { id: "curve" });
  const pathCohorts = h("input", { type: "text", id: "paths-cohorts", inputmode: "numeric", size: "3", autocomplete: "off" });
  pathCohorts.value = "2";
  const pathFrom = h("input", { type: "text", id: "paths-from", size: "16", autocomplete: "off", spellcheck: "false" });
  root.append(
    h("header", {}, h("h1", {}, "doseladder studio"), h("p", {}, `doseladder ${data.version}. Everything runs in this page, offline: nothing leaves the machine.`)),
    h(
      "section",
      { id: "files", "aria-labelledby": "files-h" },
      h("h2", { id: "files-h" }, "Files"),
      h("div", { class: "row" }, h("label", { for: "open-files" }, "Open design, scenario or sweep files (and a table design's CSV)"), fileInput, h("span", { class: "hint" }, "or drop them anywhere on the page")),
      h("div", { class: "row" }, h("label", { for: "example-design" }, "Example design"), exampleDesign, h("label", { for: "example-scenario" }, "Example scenario"), exampleScenario),
      h("div", { class: "row" }, saveDesign, saveScenario, copyLink, exportReport, exportProtocol, exportWord),
      sweepRow,
      h("p", { id: "file-message", role: "status" }),
      h(
        "section",
        { id: "compare", "aria-labelledby": "compare-h" },
        h("h3", { id: "compare-h" }, `Compare designs on this scenario (up to ${MAX_COMPARED + 1} side by side)`),
        h("ol", { id: "compare-list" }),
        h("div", { class: "row" }, h("label", { for: "compare-example" }, "Add an example design"), compareExample, h("label", { for: "compare-files" }, "Add design files"), compareInput),
        h("p", { id: "compare-message", role: "status" }),
      ),
    ),
    h(
      "div",
      { class: "columns" },
      h(
        "div",
        { class: "edit" },
        h("section", { id: "design-form", "aria-labelledby": "design-h", "data-form": "d" }),
        h("div", { id: "compare-forms" }),
        h("section", { id: "scenario-form", "aria-labelledby": "scenario-h", "data-form": "s" }),
        h("section", { id: "settings-form", "aria-labelledby": "settings-h", "data-form": "r" }),
      ),
      h(
        "div",
        { class: "results" },
        h(
          "section",
          { id: "results", "aria-labelledby": "results-h" },
          h("h2", { id: "results-h" }, "Operating characteristics"),
          h("div", { class: "field", "data-field": "" }, h("div", { class: "error", id: "top-err", "data-error-for": "", role: "alert" })),
          h("p", { id: "status", role: "status", "aria-live": "polite" }, "Starting the engine..."),
          h("div", { class: "row" }, h("label", { for: "progress" }, "Monte Carlo progress"), h("progress", { id: "progress", max: "1", value: "0" })),
          h("ul", { id: "notes" }),
          h("div", { class: "row" }, fullPrecision, h("label", { for: "full-precision" }, "Show every digit")),
          h("h3", {}, "All curves"),
          h("div", { id: "summary", class: "table-wrap" }),
          h("div", { id: "compare-summary" }),
          h("div", { class: "row" }, h("label", { for: "curve" }, "Curve shown"), curveSelect),
          h("h3", { id: "curve-h" }, "Selected curve"),
          h("div", { id: "selection", class: "table-wrap" }),
          h("div", { id: "compare-selection" }),
          h("div", { id: "timing" }),
          h("div", { id: "compare-timing" }),
          h("div", { id: "charts" }),
          h("div", { id: "decision-table" }),
          h("h3", {}, "Dose-transition pathways of the next cohorts (under the curve shown)"),
          h(
            "div",
            { class: "row" },
            fieldBox("--cohorts", "Cohorts", pathCohorts, "As doseladder paths --cohorts."),
            fieldBox("--from", "Observed so far", pathFrom, 'Outcomes already observed, e.g. "1NNN 2NTN" (doseladder paths --from).'),
          ),
          h("div", { id: "paths", class: "table-wrap" }),
          h("h3", {}, "The same numbers on the command line"),
          h("pre", { id: "cli" }),
        ),
      ),
    ),
  );

  // ---- editing -------------------------------------------------------------------------------
  const edit = () => onEdit(false);
  const structural = () => onEdit(true);

  function textField(form: Form, obj: Json, key: string, field: string, label: string, multiline = false): HTMLElement {
    const control = multiline ? h("textarea", { rows: "3" }) : h("input", { type: "text", autocomplete: "off" });
    control.value = typeof obj[key] === "string" ? (obj[key] as string) : formatValue(obj[key]);
    control.addEventListener("input", () => {
      if (control.value === "") delete obj[key];
      else obj[key] = control.value;
      edit();
    });
    control.id = fieldId(field, form);
    return fieldBox(field, label, control);
  }

  function numberField(form: Form, obj: Json, key: string, field: string, label: string, description?: string): HTMLElement {
    const control = h("input", { type: "text", inputmode: "decimal", autocomplete: "off" });
    control.value = formatValue(obj[key]);
    control.addEventListener("input", () => {
      const v = parseNumberText(control.value);
      if (v === undefined) delete obj[key];
      else obj[key] = v;
      edit();
    });
    control.id = fieldId(field, form);
    return fieldBox(field, label, control, description);
  }

  function typeSelect(registry: ReadonlyMap<string, { summary: string; params: readonly { name: string }[] }>, block: Json, field: string, label: string, form: Form): HTMLElement {
    const sel = h("select", {});
    const types = [...registry.keys()];
    const current = typeof block.type === "string" ? block.type : "";
    if (!types.includes(current)) sel.append(h("option", { value: current }, current === "" ? "(none)" : current));
    for (const t of types) sel.append(h("option", { value: t }, t));
    sel.value = current;
    sel.addEventListener("change", () => {
      const entry = registry.get(sel.value);
      const keep = new Set(entry?.params.map((p) => p.name) ?? []);
      for (const k of Object.keys(block)) if (k !== "type" && !keep.has(k)) delete block[k];
      block.type = sel.value;
      structural();
    });
    sel.id = fieldId(field, form);
    return fieldBox(field, label, sel, registry.get(current)?.summary);
  }

  /**
   * The form of a design file, in `sec`: the edited design (form "d", section #design-form) or
   * compared design k + 2 (form "c<k+1>", its own section); the same controls for both.
   */
  function renderDesignForm(d: Json, sec: HTMLElement, form: Form, heading: HTMLElement): void {
    sec.replaceChildren(heading);
    sec.append(textField(form, d, "name", "name", "Name"), textField(form, d, "trial", "trial", "Trial registration"), textField(form, d, "description", "description", "Description", true));
    sec.append(numberField(form, d, "doses", "doses", "Number of doses", "The number of doses the design is written for (optional); must match the scenario's ladder."));
    if (typeof d.design !== "object" || d.design === null || Array.isArray(d.design)) d.design = { type: typeof d.design === "string" ? d.design : "" };
    const block = d.design as Json;
    const fs = h("fieldset", {}, h("legend", {}, "Design type and parameters"));
    fs.append(typeSelect(DESIGNS, block, "design.type", "Design type", form));
    const entry = DESIGNS.get(String(block.type));
    if (entry) fs.append(h("p", { class: "ref" }, entry.reference), ...paramFields(entry.params, block, "design", edit, form));
    sec.append(fs);

    const mods = Array.isArray(d.modifiers) ? (d.modifiers as unknown[]) : undefined;
    const mfs = h("fieldset", { "data-field": "modifiers" }, h("legend", {}, "Modifiers (applied in order: a later one wraps the earlier ones)"));
    mfs.append(h("div", { class: "error", id: `${form}-modifiers-err`, "data-error-for": "modifiers" }));
    if (mods === undefined && d.modifiers !== undefined) mfs.append(h("p", {}, "The file's modifiers field is not an array; fix it in the file."));
    (mods ?? []).forEach((m, i) => {
      const path = `modifiers[${i}]`;
      if (typeof m !== "object" || m === null || Array.isArray(m)) {
        mods![i] = { type: typeof m === "string" ? m : "" };
      }
      const mb = mods![i] as Json;
      const box = h("fieldset", { class: "modifier", "data-field": path }, h("legend", {}, `Modifier ${i + 1}: ${String(mb.type)}`));
      const whose = form === "d" ? "" : ` of design ${Number(form.slice(1)) + 1}`;
      const up = h("button", { type: "button", "aria-label": `Move modifier ${i + 1} (${String(mb.type)})${whose} up` }, "Move up");
      up.disabled = i === 0;
      up.addEventListener("click", () => {
        [mods![i - 1], mods![i]] = [mods![i], mods![i - 1]];
        structural();
      });
      const rm = h("button", { type: "button", "aria-label": `Remove modifier ${i + 1} (${String(mb.type)})${whose}` }, "Remove");
      rm.addEventListener("click", () => {
        mods!.splice(i, 1);
        if (mods!.length === 0) delete d.modifiers;
        structural();
      });
      box.append(h("div", { class: "row" }, up, rm), typeSelect(MODIFIERS, mb, `${path}.type`, "Modifier type", form));
      const me = MODIFIERS.get(String(mb.type));
      if (me) box.append(...paramFields(me.params, mb, path, edit, form));
      mfs.append(box);
    });
    const pre = form === "d" ? "" : `${form}-`;
    const addSel = h("select", { id: `${pre}add-modifier-type` }, ...[...MODIFIERS.keys()].map((t) => h("option", { value: t }, t)));
    const add = h("button", { type: "button", id: `${pre}add-modifier` }, "Add modifier");
    add.addEventListener("click", () => {
      const list = Array.isArray(d.modifiers) ? (d.modifiers as unknown[]) : (d.modifiers = []) as unknown[];
      list.push({ type: addSel.value });
      structural();
    });
    mfs.append(h("div", { class: "row" }, h("label", { for: addSel.id }, "New modifier"), addSel, add));
    sec.append(mfs);
    sec.append(optionalBlock(form, d, "conduct", "Trial conduct in calendar time (conduct block)", CONDUCT_PARAMS));
  }

  /** The optional block `obj[key]` (its path in the file `field`): a box that includes it, and its parameters' fields. */
  function optionalBlock(form: Form, obj: Json, key: string, label: string, specs: Parameters<typeof paramFields>[0], field = key): HTMLElement {
    const fs = h("fieldset", { "data-field": field }, h("legend", {}, label));
    const on = h("input", { type: "checkbox", id: fieldId(field, form) + "-on" });
    on.checked = obj[key] !== undefined;
    on.addEventListener("change", () => {
      if (on.checked) obj[key] = {};
      else delete obj[key];
      structural();
    });
    fs.append(h("div", { class: "row" }, on, h("label", { for: on.id }, `Include the ${key} block${field === key ? "" : ` of ${field.replace(/\.[^.]*$/, "")}`}`)), h("div", { class: "error", id: fieldId(field, form) + "-err", "data-error-for": field }));
    if (typeof obj[key] === "object" && obj[key] !== null && !Array.isArray(obj[key])) fs.append(...paramFields(specs, obj[key] as Json, field, edit, form));
    return fs;
  }

  function renderScenarioForm(): void {
    const s = state.scenario;
    const sec = $("scenario-form");
    sec.replaceChildren(h("h2", { id: "scenario-h" }, `Scenario: ${baseName(state.scenarioFile)}`));
    sec.append(textField("s", s, "name", "name", "Name"), textField("s", s, "trial", "trial", "Trial registration"), textField("s", s, "description", "description", "Description", true));
    sec.append(numberField("s", s, "target", "target", "Target DLT rate", "The true MTD is the dose whose true DLT rate is closest to it."));
    if (typeof s.ladder !== "object" || s.ladder === null || Array.isArray(s.ladder)) s.ladder = { doses: [] };
    const ladder = s.ladder as Json;
    sec.append(textField("s", ladder, "unit", "ladder.unit", "Unit of the dose amounts"));
    if (!Array.isArray(ladder.doses)) ladder.doses = [];
    const doses = ladder.doses as unknown[];
    if (!Array.isArray(s.curves)) s.curves = [];
    const curves = s.curves as unknown[];
    curves.forEach((c, i) => {
      if (typeof c !== "object" || c === null || Array.isArray(c)) curves[i] = { name: `curve ${i + 1}`, truth: [] };
    });
    const K = doses.length;
    const doseObj = (j: number): Json => {
      const d = doses[j];
      if (typeof d === "object" && d !== null && !Array.isArray(d)) return d as Json;
      const o: Json = typeof d === "number" ? { label: String(d), amount: d } : {};
      doses[j] = o;
      return o;
    };
    const doseName = (j: number) => {
      const d = doses[j];
      return typeof d === "number" ? String(d) : typeof d === "object" && d !== null && typeof (d as Json).label === "string" ? String((d as Json).label) : `dose ${j + 1}`;
    };
    const cell = (field: string, label: string, value: unknown, set: (v: unknown) => void, numeric: boolean): HTMLTableCellElement => {
      const input = h("input", { type: "text", id: fieldId(field, "s"), "aria-label": label, autocomplete: "off", spellcheck: "false", inputmode: numeric ? "decimal" : undefined, size: numeric ? "6" : "10" });
      input.value = typeof value === "string" ? value : formatValue(value);
      input.setAttribute("aria-describedby", `${fieldId(field, "s")}-err`);
      input.addEventListener("input", () => {
        set(numeric ? parseNumberText(input.value) : input.value === "" ? undefined : input.value);
        edit();
      });
      return h("td", { "data-field": field }, input, h("div", { class: "error", id: `${fieldId(field, "s")}-err`, "data-error-for": field }));
    };
    const table = h("table", { class: "ladder", id: "ladder-table" });
    const head = h("tr", {}, h("th", { scope: "col" }, ""), ...Array.from({ length: K }, (_, j) => h("th", { scope: "col" }, `Dose ${j + 1}`)), h("th", { scope: "col" }, ""));
    table.append(h("caption", {}, "Dose ladder and true DLT probabilities (one row per truth curve)"), h("thead", {}, head));
    const body = h("tbody", {});
    const setIn = (o: Json, k: string) => (v: unknown) => (v === undefined ? delete o[k] : (o[k] = v));
    body.append(h("tr", {}, h("th", { scope: "row" }, "Label"), ...Array.from({ length: K }, (_, j) => cell(`ladder.doses[${j}].label`, `label of dose ${j + 1}`, doseObj(j).label, setIn(doseObj(j), "label"), false)), h("td", {})));
    body.append(h("tr", {}, h("th", { scope: "row" }, `Amount${typeof ladder.unit === "string" && ladder.unit ? ` (${ladder.unit})` : ""}`), ...Array.from({ length: K }, (_, j) => cell(`ladder.doses[${j}].amount`, `amount of dose ${j + 1}`, doseObj(j).amount, setIn(doseObj(j), "amount"), true)), h("td", {})));
    curves.forEach((raw, i) => {
      const c = raw as Json;
      for (const key of ["truth", "response"] as const) {
        if (key === "response" && c.response === undefined) continue;
        if (!Array.isArray(c[key])) c[key] = [];
        const arr = c[key] as unknown[];
        const nameCell =
          key === "truth"
            ? h("th", { scope: "row", "data-field": `curves[${i}].name` }, (() => {
                const input = h("input", { type: "text", id: fieldId(`curves[${i}].name`, "s"), "aria-label": `name of curve ${i + 1}`, size: "12", autocomplete: "off" });
                input.value = typeof c.name === "string" ? c.name : formatValue(c.name);
                input.setAttribute("aria-describedby", `${fieldId(`curves[${i}].name`, "s")}-err`);
                input.addEventListener("input", () => {
                  c.name = input.value;
                  edit();
                  refreshCurveSelect();
                });
                return input;
              })(), h("div", { class: "error", id: `${fieldId(`curves[${i}].name`, "s")}-err`, "data-error-for": `curves[${i}].name` }))
            : h("th", { scope: "row", class: "sub" }, "response");
        const cells = Array.from({ length: Math.max(K, arr.length) }, (_, j) =>
          cell(`curves[${i}].${key}[${j}]`, `${key === "truth" ? "true DLT probability" : "true response probability"} of curve ${typeof c.name === "string" ? c.name : i + 1} at ${doseName(j)}`, arr[j], (v) => (arr[j] = v === undefined ? "" : v), true),
        );
        const tail = h("td", { "data-field": `curves[${i}].${key}` }, h("div", { class: "error", id: `${fieldId(`curves[${i}].${key}`, "s")}-err`, "data-error-for": `curves[${i}].${key}` }));
        if (key === "truth") {
          const rm = h("button", { type: "button", "aria-label": `Remove curve ${typeof c.name === "string" ? c.name : i + 1}` }, "Remove");
          rm.addEventListener("click", () => {
            curves.splice(i, 1);
            if (state.curve >= curves.length) state.curve = Math.max(0, curves.length - 1);
            structural();
          });
          tail.prepend(rm);
        }
        body.append(h("tr", { "data-field": `curves[${i}]` }, nameCell, ...cells, tail));
      }
    });
    table.append(body);
    const addDose = h("button", { type: "button", id: "add-dose" }, "Add a dose");
    addDose.addEventListener("click", () => {
      doses.push({ label: `D${K + 1}` });
      for (const c of curves as Json[]) for (const key of ["truth", "response"]) if (Array.isArray(c[key])) (c[key] as unknown[]).push((c[key] as unknown[])[K - 1] ?? 0.5);
      for (const d of [state.design, ...(state.compare ?? []).map((x) => x.design)]) if (d.doses === K) d.doses = K + 1;
      structural();
    });
    const removeDose = h("button", { type: "button", id: "remove-dose" }, "Remove the last dose");
    removeDose.disabled = K <= 1;
    removeDose.addEventListener("click", () => {
      doses.pop();
      for (const c of curves as Json[]) for (const key of ["truth", "response"]) if (Array.isArray(c[key])) (c[key] as unknown[]).splice(K - 1);
      for (const d of [state.design, ...(state.compare ?? []).map((x) => x.design)]) if (d.doses === K) d.doses = K - 1;
      structural();
    });
    const addCurve = h("button", { type: "button", id: "add-curve" }, "Add a curve");
    addCurve.addEventListener("click", () => {
      const last = curves[curves.length - 1] as Json | undefined;
      const names = new Set(curves.map((c) => (c as Json).name));
      let n = curves.length + 1;
      while (names.has(`curve ${n}`)) n++;
      curves.push({ name: `curve ${n}`, truth: Array.isArray(last?.truth) ? [...(last!.truth as unknown[])] : Array.from({ length: K }, () => 0.2) });
      structural();
    });
    const wrap = h("div", { class: "table-wrap", "data-field": "curves" }, table, h("div", { class: "error", id: "s-curves-err", "data-error-for": "curves" }));
    sec.append(
      h("div", { "data-field": "ladder" }, h("div", { class: "error", id: "s-ladder-err", "data-error-for": "ladder" })),
      h("div", { "data-field": "ladder.doses" }, h("div", { class: "error", id: "s-ladder-doses-err", "data-error-for": "ladder.doses" })),
      wrap,
      h("div", { class: "row" }, addDose, removeDose, addCurve),
    );
    // each curve's other fields: description, response rates (added or removed), association
    curves.forEach((raw, i) => {
      const c = raw as Json;
      const name = typeof c.name === "string" && c.name !== "" ? c.name : String(i + 1);
      const box = h("fieldset", { class: "curve", "data-field": `curves[${i}]` }, h("legend", {}, `Curve ${name}: description, response rates, association`));
      box.append(textField("s", c, "description", `curves[${i}].description`, `Description of curve ${name}`, true));
      const hasResponse = c.response !== undefined;
      const toggle = h("button", { type: "button", id: fieldId(`curves[${i}].response`, "s") + (hasResponse ? "-remove" : "-add") }, hasResponse ? `Remove the response rates of curve ${name}` : `Add response rates to curve ${name}`);
      toggle.addEventListener("click", () => {
        // added empty: the loader names each rate to give until all are
        if (hasResponse) delete c.response;
        else c.response = Array.from({ length: K }, () => "");
        structural();
      });
      box.append(h("div", { class: "row" }, toggle));
      box.append(optionalBlock("s", c, "association", `DLT-response association of curve ${name} (overrides the file's)`, ASSOCIATION_PARAMS, `curves[${i}].association`));
      sec.append(box);
    });
    sec.append(optionalBlock("s", s, "association", "DLT-response association of every curve with response rates and none of its own (association block; independent when absent)", ASSOCIATION_PARAMS));
    sec.append(optionalBlock("s", s, "timing", "Calendar time of the world (timing block)", TIMING_PARAMS));
  }

  function renderSettingsForm(): void {
    const sec = $("settings-form");
    sec.replaceChildren(h("h2", { id: "settings-h" }, "Run settings (the flags of doseladder run)"));
    const settings = state.settings as unknown as Record<string, string>;
    const method = h("select", {}, ...METHODS.map((m) => h("option", { value: m }, m)));
    method.value = settings.method;
    method.addEventListener("change", () => {
      settings.method = method.value;
      edit();
    });
    method.id = fieldId("--method", "r");
    sec.append(fieldBox("--method", "--method", method, "auto: exact enumeration when feasible, else Monte Carlo."));
    const flags: [keyof RunSettings, string, string][] = [
      ["trials", "--trials", "Monte Carlo: simulated trials per curve."],
      ["seed", "--seed", "Monte Carlo: seed of the random streams (any string)."],
      ["maxStates", "--max-states", "Exact: give up beyond this many distinct trial states."],
      ["maxCohorts", "--max-cohorts", "Safety cap on cohorts per trial."],
    ];
    for (const [key, flag, description] of flags) {
      const input = h("input", { type: "text", autocomplete: "off", spellcheck: "false" });
      input.value = settings[key];
      input.addEventListener("input", () => {
        settings[key] = input.value;
        edit();
      });
      input.id = fieldId(flag, "r");
      sec.append(fieldBox(flag, flag, input, description));
    }
  }

  function refreshCurveSelect(): void {
    const curves = Array.isArray(state.scenario.curves) ? (state.scenario.curves as Json[]) : [];
    curveSelect.replaceChildren(...curves.map((c, i) => h("option", { value: String(i) }, `${i + 1}. ${typeof c?.name === "string" ? c.name : ""}`)));
    if (state.curve >= curves.length) state.curve = 0;
    curveSelect.value = String(state.curve);
  }

  /** The compared designs, each with its colour and a Remove button. */
  function renderCompareList(): void {
    const list = state.compare ?? [];
    const colors = designColors(list.length + 1);
    const item = (k: number, name: string, file: string, rm?: () => void) => {
      const li = h("li", { "data-design": String(k) }, h("span", { class: "swatch", style: `background:${colors[k]}`, "aria-hidden": "true" }), `${name} (${file})`);
      if (rm) {
        const b = h("button", { type: "button", "aria-label": `Stop comparing ${name} (${file})` }, "Remove");
        b.addEventListener("click", rm);
        li.append(" ", b);
      }
      return li;
    };
    const nameOf = (d: Json) => (typeof d.name === "string" ? d.name : "(no name)");
    $("compare-list").replaceChildren(
      ...(list.length > 0 ? [item(0, nameOf(state.design), state.designFile)] : []),
      ...list.map((x, k) =>
        item(k + 1, nameOf(x.design), x.designFile, () => {
          list.splice(k, 1);
          if (list.length === 0) delete state.compare;
          structural();
        }),
      ),
    );
    compareExample.disabled = compareInput.disabled = list.length >= MAX_COMPARED;
  }

  function addCompared(design: Json, designFile: string): string {
    const list = (state.compare ??= []);
    if (list.length >= MAX_COMPARED) return `${designFile}: not added: at most ${MAX_COMPARED + 1} designs side by side`;
    list.push({ design, designFile });
    return `${designFile}: compared as design ${list.length + 1}`;
  }

  /** The compared designs' forms: design k + 2 in section #compare-form-k, its fields' ids starting "c<k+1>-". */
  function renderCompareForms(): void {
    const list = state.compare ?? [];
    const colors = designColors(list.length + 1);
    $("compare-forms").replaceChildren(
      ...list.map((x, k) => {
        const form: Form = `c${k + 1}`;
        const sec = h("section", { id: `compare-form-${k}`, class: "compared", "aria-labelledby": `compare-form-${k}-h`, "data-form": form });
        const heading = h("h2", { id: `compare-form-${k}-h` }, h("span", { class: "swatch", style: `background:${colors[k + 1]}`, "aria-hidden": "true" }), `Compared design ${k + 2}: ${baseName(x.designFile)}`);
        renderDesignForm(x.design, sec, form, heading);
        const save = h("button", { type: "button", id: `save-compare-${k}` }, `Save design ${k + 2} (${baseName(x.designFile)})`);
        save.addEventListener("click", () => download(baseName(x.designFile), fileText(x.design)));
        sec.insertBefore(h("div", { class: "row" }, save), heading.nextSibling);
        return sec;
      }),
    );
  }

  function renderForms(): void {
    renderCompareList();
    renderDesignForm(state.design, $("design-form"), "d", h("h2", { id: "design-h" }, `Design: ${baseName(state.designFile)}`));
    renderCompareForms();
    renderScenarioForm();
    renderSettingsForm();
    refreshCurveSelect();
  }

  // ---- validation messages next to their fields ----------------------------------------------
  function clearProblems(): void {
    for (const el of document.querySelectorAll<HTMLElement>(".error")) el.textContent = "";
    for (const el of document.querySelectorAll("[aria-invalid]")) el.removeAttribute("aria-invalid");
  }

  /** Show the loader's message next to its field: in the form of compared design `compared` + 2 when given, else in the form of the file it names. */
  function showProblem(p: Problem, compared?: number): void {
    // the form of the file the message names (both, when the design and scenario files share a name)
    const scopes =
      compared !== undefined
        ? [$(`compare-form-${compared}`), ...(p.file === state.scenarioFile ? [$("scenario-form")] : [])]
        : p.file === ""
          ? [$("settings-form")]
          : [...(p.file === state.designFile ? [$("design-form")] : []), ...(p.file === state.scenarioFile ? [$("scenario-form")] : [])];
    let slot: HTMLElement | null = null;
    let field = "";
    let scopeEl: HTMLElement | undefined;
    for (const scope of scopes) {
      scopeEl = scope;
      const has = (f: string) => scope.querySelector(`[data-error-for="${CSS.escape(f)}"]`) !== null;
      field = p.file === "" ? p.field : nearestField(p.field, has);
      slot = field !== "" ? scope.querySelector<HTMLElement>(`[data-error-for="${CSS.escape(field)}"]`) : null;
      if (slot) break;
    }
    (slot ?? $("top-err")).textContent = p.message;
    if (slot && scopeEl) document.getElementById(fieldId(field, (scopeEl.dataset.form ?? "r") as Form))?.setAttribute("aria-invalid", "true");
  }

  // ---- results -------------------------------------------------------------------------------
  function summaryTable(r: RunResult, full: boolean, prefix = "", tableId = "summary-table"): HTMLTableElement {
    const cols: [string, (c: CurveResult) => number | null | undefined, number, string][] = [
      ["P(correct selection)", (c) => c.correctSelection, 3, "correctSelection"],
      ["P(no MTD)", (c) => c.noMtd, 3, "noMtd"],
      ["P(select above MTD)", (c) => c.aboveMtd, 3, "aboveMtd"],
      ["mean N", (c) => c.sampleSize, 2, "sampleSize"],
      ["SD of N", (c) => c.sampleSizeSD, 2, "sampleSizeSD"],
      ["mean escalation N", (c) => c.escalationSize, 2, "escalationSize"],
      ["mean DLTs", (c) => c.totalDlts, 2, "totalDlts"],
      ["patients above MTD", (c) => c.patientsAboveMtd, 2, "patientsAboveMtd"],
    ];
    // calendar time (timed runs): the mean duration of the trial and of escalation, in days
    if (r.curves.some((c) => c.timing)) {
      cols.push(["mean duration (days)", (c) => c.timing?.duration.mean ?? null, 1, "timing.duration.mean"], ["mean escalation duration (days)", (c) => c.timing?.escalationDuration.mean ?? null, 1, "timing.escalationDuration.mean"]);
    }
    const t = h("table", { id: tableId }, h("caption", {}, `Operating characteristics of every truth curve${prefix ? `: ${r.design.name}` : ""}`));
    t.append(h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "curve"), h("th", { scope: "col" }, "true MTD"), ...cols.map(([n]) => h("th", { scope: "col" }, n)))));
    const body = h("tbody", {});
    r.curves.forEach((c, i) => {
      body.append(
        h("tr", {}, h("th", { scope: "row" }, c.name), h("td", {}, c.trueMtd === null ? "—" : c.trueMtd === 0 ? "none" : String(c.trueMtd)), ...cols.map(([, get, d, key]) => numberCell(get(c), d, `${prefix}curves[${i}].${key}`, full))),
      );
    });
    t.append(body);
    return t;
  }

  function selectionTable(r: RunResult, i: number, full: boolean, prefix = "", tableId = "selection-table"): HTMLTableElement {
    const c = r.curves[i];
    const exp = c.metrics.expansionStarted !== undefined;
    const mc = r.method === "monte-carlo";
    // backfilling designs in calendar time: the backfilled patients and their DLTs per dose (also counted in the patients per dose)
    const bf = c.timing?.backfill;
    const t = h("table", { id: tableId }, h("caption", {}, `Per dose, curve "${c.name}"${prefix ? `: ${r.design.name}` : ""}${bf ? " (backfilled patients are also counted in the mean patients)" : ""}`));
    const heads = ["dose", "true P(DLT)", "P(select)", ...(mc ? ["± SE"] : []), "mean patients", "mean DLTs", ...(exp ? ["expansion patients", "expansion DLTs"] : []), ...(bf ? ["backfilled patients", "their DLTs"] : [])];
    t.append(h("thead", {}, h("tr", {}, ...heads.map((x) => h("th", { scope: "col" }, x)))));
    const body = h("tbody", {});
    r.ladder.doses.forEach((d, j) => {
      const row = h("tr", c.trueMtd === j + 1 ? { class: "mtd" } : {}, h("th", { scope: "row" }, `${j + 1}. ${d.label}${c.trueMtd === j + 1 ? " (true MTD)" : ""}`));
      row.append(numberCell(c.truth[j], 3, `${prefix}curves[${i}].truth[${j}]`, full), numberCell(c.selection[j], 3, `${prefix}curves[${i}].selection[${j}]`, full));
      if (mc) row.append(numberCell(c.selectionSE[j], 3, `${prefix}curves[${i}].selectionSE[${j}]`, full));
      row.append(numberCell(c.patients[j], 2, `${prefix}curves[${i}].patients[${j}]`, full), numberCell(c.dlts[j], 2, `${prefix}curves[${i}].dlts[${j}]`, full));
      if (exp) row.append(numberCell(c.expansionPatients[j], 2, `${prefix}curves[${i}].expansionPatients[${j}]`, full), numberCell(c.expansionDlts[j], 2, `${prefix}curves[${i}].expansionDlts[${j}]`, full));
      if (bf) row.append(numberCell(bf.perDose[j], 2, `${prefix}curves[${i}].timing.backfill.perDose[${j}]`, full), numberCell(bf.dltsPerDose[j], 2, `${prefix}curves[${i}].timing.backfill.dltsPerDose[${j}]`, full));
      body.append(row);
    });
    const none = h("tr", c.trueMtd === 0 ? { class: "mtd" } : {}, h("th", { scope: "row" }, NO_MTD), h("td", {}, ""), numberCell(c.noMtd, 3, `${prefix}curves[${i}].noMtd`, full));
    if (mc) none.append(numberCell(c.noMtdSE, 3, `${prefix}curves[${i}].noMtdSE`, full));
    body.append(none);
    t.append(body);
    return t;
  }

  /**
   * The calendar-time statistics of curve i (a timed run: the `timing` object of the curve in
   * the JSON), every one of them: the durations in days (mean, its Monte Carlo SE, SD, median,
   * 10% and 90% points), then patients and days per trial (mean and SD), and backfilling. Null
   * for an untimed run.
   */
  function timingTable(r: RunResult, i: number, full: boolean, prefix = "", tableId = "timing-table"): HTMLTableElement | null {
    const t = r.curves[i]?.timing;
    if (!t) return null;
    const key = `${prefix}curves[${i}].timing.`;
    const table = h("table", { id: tableId }, h("caption", {}, `Calendar time, curve "${r.curves[i].name}"${prefix ? `: ${r.design.name}` : ""} (days from the first referred patient; patients and days per trial)`));
    const heads = ["measure", "mean", "± SE", "SD", "median", "10%", "90%"];
    table.append(h("thead", {}, h("tr", {}, ...heads.map((x) => h("th", { scope: "col" }, x)))));
    const body = h("tbody", {});
    const empty = () => h("td", {}, "");
    const durations: [keyof typeof t, string][] = [
      ["duration", "trial duration (to the last follow-up or final decision)"],
      ["escalationDuration", "dose escalation"],
      ["expansionDuration", "dose expansion"],
      ["mtdDecision", "time to the MTD decision"],
    ];
    for (const [name, label] of durations) {
      const d = t[name] as { mean: number; se: number; sd: number; median: number; p10: number; p90: number };
      body.append(h("tr", {}, h("th", { scope: "row" }, `${label} (days)`), ...(["mean", "se", "sd", "median", "p10", "p90"] as const).map((f) => numberCell(d[f], 1, `${key}${name}.${f}`, full))));
    }
    const counts: [string, string, { mean: number; sd: number } | undefined][] = [
      ["screened", "patients referred (screened)", t.screened],
      ["screenFailures", "screen failures", t.screenFailures],
      ["turnedAway", "turned away (no slot) or lost after the maximum wait", t.turnedAway],
      ["waited", "enrolled patients who waited for a slot", t.waited],
      ["manufacturingFailures", "manufacturing failures", t.manufacturingFailures],
      ["nonEvaluable", "non-evaluable patients", t.nonEvaluable],
      ["pausedDays", "days with no slot open (enrolment paused)", t.pausedDays],
      ["backfill.patients", "backfilled patients", t.backfill?.patients],
      ["backfill.dlts", "their DLTs", t.backfill?.dlts],
      ["backfill.pendingAtEnd", "backfilled patients pending at the final decision", t.backfill?.pendingAtEnd],
      ["backfill.turnedAway", "turned away (no slot, no dose open for backfill)", t.backfill?.turnedAway],
    ];
    for (const [name, label, m] of counts) {
      if (!m) continue;
      body.append(h("tr", {}, h("th", { scope: "row" }, label), numberCell(m.mean, 2, `${key}${name}.mean`, full), empty(), numberCell(m.sd, 2, `${key}${name}.sd`, full), empty(), empty(), empty()));
    }
    body.append(h("tr", {}, h("th", { scope: "row" }, "mean wait of those who waited (days)"), numberCell(t.meanWaitDays, 1, `${key}meanWaitDays`, full), empty(), empty(), empty(), empty(), empty()));
    table.append(body);
    return table;
  }

  function decisionTable(r: RunResult): HTMLElement | null {
    type Row = { n: number; escalateAtMost: number | null; deEscalateAtLeast: number | null; eliminateAtLeast: number | null };
    const rows = (r as { decisionTable?: Row[] }).decisionTable;
    if (!rows || rows.length === 0) return null;
    const t = h("table", { id: "decision-table-rows" }, h("caption", {}, "Decision table (DLT counts at the current dose)"));
    const line = (label: string, get: (x: Row) => number | null) =>
      h("tr", {}, h("th", { scope: "row" }, label), ...rows.map((x) => h("td", { class: "num" }, get(x) === null ? "—" : String(get(x)))));
    t.append(h("tbody", {}, line("Number of patients treated", (x) => x.n), line("Escalate if # of DLT <=", (x) => x.escalateAtMost), line("Deescalate if # of DLT >=", (x) => x.deEscalateAtLeast), line("Eliminate if # of DLT >=", (x) => x.eliminateAtLeast)));
    return h("div", { class: "table-wrap" }, t);
  }

  /**
   * Draw the report's charts of curve i. A chart whose vega-lite spec (data included) is the one
   * already drawn keeps its view; any other gets a new view. (Giving a kept view new data with
   * view.data left a stacked chart's axis at its old extent, so that is not done.)
   */
  /** Where the last redraw's time went: compiling and parsing new shapes, making the views, running them (all charts). */
  const chartTimes = { compile: 0, parse: 0, run: 0, count: 0, compiled: 0 };
  /** Parsed chart shapes (see splitData), by the shape's text: the last 64. */
  const runtimes = new Map<string, unknown>();
  async function drawCharts(r: RunResult, i: number): Promise<void> {
    chartTimes.compile = chartTimes.parse = chartTimes.run = chartTimes.count = chartTimes.compiled = 0;
    const box = $("charts");
    const charts = vega && r.curves[i] ? curveCharts([r, ...lastCompared.filter((x) => x.curves[i])], i) : [];
    const next: Drawn[] = [];
    const pending: Promise<unknown>[] = [];
    for (const c of charts) {
      const text = JSON.stringify(c.spec);
      const same = drawn.find((d) => d.text === text && !next.includes(d));
      if (same) {
        next.push(same);
        continue;
      }
      const div = h("div", { class: "chart", role: "img", "aria-label": c.title });
      const figure = h("figure", { "data-chart": c.kind }, h("figcaption", {}, c.title), div);
      const t0 = performance.now();
      const { shape, values } = splitData(c.spec);
      let runtime = runtimes.get(shape);
      if (runtime === undefined) {
        runtime = vega!.parse(compile(JSON.parse(shape) as TopLevelSpec).spec);
        runtimes.set(shape, runtime);
        if (runtimes.size > 64) runtimes.delete(runtimes.keys().next().value as string);
        chartTimes.compiled++;
      }
      const t1 = performance.now();
      const view = new vega!.View(runtime, { renderer: "svg", container: div, hover: true });
      values.forEach((rows, k) => view.data(`d${k}`, rows));
      const t2 = performance.now();
      chartTimes.compile += t1 - t0;
      chartTimes.parse += t2 - t1;
      chartTimes.count++;
      pending.push(view.runAsync());
      if (c.kind === "truth") figure.append(h("p", { class: "hint" }, "Drag a point up or down to change its true P(DLT) (or type it in the table)."));
      next.push({ text, view, figure, kind: c.kind });
    }
    for (const d of drawn) if (!next.includes(d)) d.view.finalize();
    drawn = next;
    box.replaceChildren(...next.map((d) => d.figure));
    const t3 = performance.now();
    await Promise.all(pending);
    chartTimes.run += performance.now() - t3;
  }

  // ---- dragging points of the truth chart: the dose nearest the pointer takes the P(DLT) under it
  let dragDose: number | undefined;
  function truthUnder(e: PointerEvent, dose?: number): { dose: number; value: number } | undefined {
    const d = drawn.find((x) => x.kind === "truth");
    const svg = d?.figure.querySelector("svg");
    if (!d || !svg || (dose === undefined && !svg.contains(e.target as Node))) return undefined;
    const xs = d.view.scale("x");
    const ys = d.view.scale("y");
    if (!xs || !ys?.invert) return undefined;
    const rect = svg.getBoundingClientRect();
    const [ox, oy] = d.view.origin();
    const px = e.clientX - rect.left - ox;
    const py = e.clientY - rect.top - oy;
    let j = dose ?? -1;
    if (j < 0) {
      const labels = xs.domain();
      let best = Infinity;
      labels.forEach((l, k) => {
        const dist = Math.abs(xs(l) - px);
        if (dist < best) [best, j] = [dist, k];
      });
      if (best > 30) return undefined;
    }
    // two decimals, inside (0, 1): what a statistician types
    const value = Math.min(0.99, Math.max(0.01, Math.round(ys.invert(py) * 100) / 100));
    return { dose: j, value };
  }
  function setTruth(dose: number, value: number): void {
    const curves = state.scenario.curves as Json[] | undefined;
    const c = curves?.[state.curve];
    if (!c || !Array.isArray(c.truth) || dose >= (c.truth as unknown[]).length || (c.truth as unknown[])[dose] === value) return;
    (c.truth as unknown[])[dose] = value;
    const input = document.getElementById(fieldId(`curves[${state.curve}].truth[${dose}]`, "s")) as HTMLInputElement | null;
    if (input) input.value = String(value);
    edit();
  }
  const chartsBox = $("charts");
  chartsBox.addEventListener("pointerdown", (e) => {
    const t = truthUnder(e);
    if (!t) return;
    e.preventDefault();
    dragDose = t.dose;
    chartsBox.setPointerCapture(e.pointerId);
    setTruth(t.dose, t.value);
  });
  chartsBox.addEventListener("pointermove", (e) => {
    if (dragDose === undefined) return;
    const t = truthUnder(e, dragDose);
    if (t) setTruth(t.dose, t.value);
  });
  const endDrag = (e: PointerEvent) => {
    if (dragDose === undefined) return;
    dragDose = undefined;
    if (chartsBox.hasPointerCapture(e.pointerId)) chartsBox.releasePointerCapture(e.pointerId);
  };
  chartsBox.addEventListener("pointerup", endDrag);
  chartsBox.addEventListener("pointercancel", endDrag);

  function cliLine(): string {
    const s = state.settings;
    const flags = [`--design ${state.designFile}`, `--scenario ${state.scenarioFile}`];
    if (s.method !== DEFAULT_SETTINGS.method) flags.push(`--method ${s.method}`);
    if (s.trials !== DEFAULT_SETTINGS.trials) flags.push(`--trials ${s.trials}`);
    if (s.seed !== DEFAULT_SETTINGS.seed) flags.push(`--seed ${JSON.stringify(s.seed)}`);
    if (s.maxStates !== DEFAULT_SETTINGS.maxStates) flags.push(`--max-states ${s.maxStates}`);
    if (s.maxCohorts !== DEFAULT_SETTINGS.maxCohorts) flags.push(`--max-cohorts ${s.maxCohorts}`);
    return `doseladder run ${flags.join(" ")} --format json`;
  }

  function renderTables(): void {
    const r = lastResult;
    if (!r) return;
    const full = fullPrecision.checked;
    $("summary").replaceChildren(summaryTable(r, full));
    const i = Math.min(state.curve, r.curves.length - 1);
    $("curve-h").textContent = `Curve ${i + 1}: ${r.curves[i].name}`;
    $("selection").replaceChildren(selectionTable(r, i, full));
    // the compared designs, each under its colour in the charts (the HTML report's palette)
    const colors = designColors(lastCompared.length + 1);
    const swatch = (k: number) => h("span", { class: "swatch", style: `background:${colors[k]}`, "aria-hidden": "true" });
    const heading = (k: number, name: string, what: string) => h("h4", { "data-design": String(k) }, swatch(k), `${what}: design ${k + 1}, ${name}`);
    const cs: HTMLElement[] = [];
    const cp: HTMLElement[] = [];
    if (lastCompared.length > 0) {
      cs.push(heading(0, r.design.name, "All curves"), h("p", { class: "hint" }, "(the edited design: the table above)"));
      lastCompared.forEach((x, k) => {
        cs.push(heading(k + 1, x.design.name, "All curves"), h("div", { class: "table-wrap" }, summaryTable(x, full, `compare[${k}].`, `compare-summary-${k}`)));
        if (x.curves[i]) cp.push(heading(k + 1, x.design.name, "Curve shown"), h("div", { class: "table-wrap" }, selectionTable(x, i, full, `compare[${k}].`, `compare-selection-${k}`)));
      });
    }
    $("compare-summary").replaceChildren(...cs);
    $("compare-selection").replaceChildren(...cp);
    // calendar time (timed runs): the edited design's table, then each compared design's
    const tt = timingTable(r, i, full);
    $("timing").replaceChildren(...(tt ? [h("h3", {}, "Calendar time (curve shown)"), h("div", { class: "table-wrap" }, tt)] : []));
    const ct: HTMLElement[] = [];
    lastCompared.forEach((x, k) => {
      const table = timingTable(x, i, full, `compare[${k}].`, `compare-timing-${k}`);
      if (table) ct.push(heading(k + 1, x.design.name, "Calendar time"), h("div", { class: "table-wrap" }, table));
    });
    $("compare-timing").replaceChildren(...ct);
    const dt = decisionTable(r);
    $("decision-table").replaceChildren(...(dt ? [h("h3", {}, "Decision table"), dt] : []));
    renderPaths();
  }

  /** The pathways of the design now shown under the shown curve's truth, as `doseladder paths --truth` gives them. */
  function renderPaths(): void {
    const box = $("paths");
    const r = lastResult;
    if (!r) return box.replaceChildren();
    const errorFor = (text: string) => h("p", { class: "error", id: "paths-error", role: "alert" }, text);
    try {
      const v = validate(currentRequest());
      const cohorts = positiveInt("--cohorts", pathCohorts.value);
      if (cohorts > 8) throw new UsageError("--cohorts: at most 8 cohorts here (use doseladder paths for more)");
      const design = designOf(v.config, r.ladder.doses.length);
      const curve = r.curves[Math.min(state.curve, r.curves.length - 1)];
      const paths = dosePaths(design, { cohorts, from: pathFrom.value.trim(), truth: curve.truth, maxNodes: 20_000 });
      const t = h("table", { id: "paths-table" }, h("caption", {}, `Every outcome of the next ${cohorts} cohort${cohorts === 1 ? "" : "s"} and what the design does (probabilities under "${curve.name}")`));
      t.append(h("thead", {}, h("tr", {}, ...["path", "probability", "leaf", "next", "MTD if stopped"].map((x) => h("th", { scope: "col" }, x)))));
      const body = h("tbody", {});
      for (const n of paths.nodes) {
        const last = n.branch ? `{${n.branch}}` : n.path.split(" ").pop() || "";
        const label = n.depth === 0 && !n.branch ? pathFrom.value.trim() || "(start)" : "\u00a0\u00a0".repeat(n.depth) + last;
        body.append(h("tr", { "data-path": n.path }, h("th", { scope: "row" }, label), numberCell(n.probability, 6, `paths.${n.path}`, fullPrecision.checked), h("td", {}, n.leaf ?? ""), h("td", {}, n.next), h("td", {}, n.mtd >= 0 ? `dose ${n.mtd + 1}` : "none")));
      }
      t.append(body);
      box.replaceChildren(t);
    } catch (e) {
      if (e instanceof UsageError || e instanceof ConfigError) box.replaceChildren(errorFor(e.message));
      else throw e;
    }
  }

  async function showResult(id: number, r: RunResult, compared: readonly RunResult[], notes: readonly string[], engineMs: number): Promise<void> {
    const tReply = performance.now();
    lastResult = r;
    lastCompared = compared;
    exportReport.disabled = exportProtocol.disabled = exportWord.disabled = false;
    renderTables();
    const tTables = performance.now();
    await drawCharts(r, Math.min(state.curve, r.curves.length - 1));
    const tCharts = performance.now();
    $("notes").replaceChildren(...notes.map((n) => h("li", {}, n)));
    const t0 = editTimes.get(id);
    const redraw = t0 === undefined ? NaN : performance.now() - t0;
    editTimes.delete(id);
    const status = $("status");
    const how = r.method === "exact" ? `exact (${(r.exactStates ?? 0).toLocaleString("en-US")} distinct states enumerated)` : `Monte Carlo, ${r.trials?.toLocaleString("en-US")} trials per curve, seed ${JSON.stringify(r.seed)}`;
    status.textContent = `${how}; engine ${engineMs.toFixed(0)} ms; redrawn ${redraw.toFixed(0)} ms after the edit`;
    status.dataset.state = "done";
    status.dataset.doneId = String(id);
    status.dataset.method = r.method;
    status.dataset.engineMs = engineMs.toFixed(1);
    status.dataset.redrawMs = redraw.toFixed(1);
    // where the time went: edit -> reply from the worker (validation, engine, messages), tables, charts
    status.dataset.replyMs = t0 === undefined ? "" : (tReply - t0).toFixed(1);
    status.dataset.tablesMs = (tTables - tReply).toFixed(1);
    status.dataset.chartsMs = (tCharts - tTables).toFixed(1);
    status.dataset.chartsDetail = `${chartTimes.count} drawn (${chartTimes.compiled} new shapes): compile and parse ${chartTimes.compile.toFixed(0)}, views ${chartTimes.parse.toFixed(0)}, run ${chartTimes.run.toFixed(0)}`;
    $("cli").textContent = cliLine();
  }

  const engineUrl = URL.createObjectURL(new Blob([$("studio-engine").textContent ?? ""], { type: "text/javascript" }));
  const engine = new Engine(engineUrl, (m) => {
    if (m.id !== -1 && m.id !== seq) return; // a reply to an edit since replaced
    const status = $("status");
    if (m.kind === "progress") {
      const p = $<HTMLProgressElement>("progress");
      p.value = m.total > 0 ? m.done / m.total : 0;
      status.textContent = `Monte Carlo: ${m.done.toLocaleString("en-US")} of ${m.total.toLocaleString("en-US")} trials`;
      status.dataset.state = "running";
    } else if (m.kind === "partial") {
      // the numbers of the trials run so far: redrawn after every block, replaced by the final ones
      lastResult = m.result;
      lastCompared = [];
      renderTables();
      const shown = Math.min(state.curve, m.result.curves.length - 1);
      drawCharts(m.result, shown).catch(() => undefined);
      const n = Number(document.body.dataset.partials ?? "0") + 1;
      document.body.dataset.partials = String(n);
      document.body.dataset.partialTrials = String(m.result.trials);
      $("notes").replaceChildren(h("li", {}, `The numbers shown are those of the first ${m.result.trials?.toLocaleString("en-US")} trials per curve; they refine as the trials run.`));
    } else if (m.kind === "result") {
      $<HTMLProgressElement>("progress").value = 1;
      showResult(m.id, m.result, m.compared ?? [], m.notes, m.ms).catch((e: unknown) => {
        $("top-err").textContent = `internal error while drawing: ${(e as Error)?.message ?? String(e)}`;
        status.dataset.state = "error";
        status.dataset.doneId = String(m.id);
      });
    } else {
      clearProblems();
      if (m.problem) showProblem(m.problem);
      else $("top-err").textContent = m.message;
      status.textContent = "Not computed: see the message above.";
      status.dataset.state = "error";
      status.dataset.doneId = String(m.id);
    }
  });

  function onEdit(structuralChange: boolean): void {
    if (structuralChange) renderForms();
    const id = ++seq;
    document.body.dataset.seq = String(id);
    document.body.dataset.partials = "0";
    document.body.dataset.designFile = state.designFile;
    document.body.dataset.scenarioFile = state.scenarioFile;
    editTimes.clear();
    editTimes.set(id, performance.now());
    history.replaceState(null, "", "#" + encodeState(state));
    saveDesign.textContent = `Save design (${baseName(state.designFile)})`;
    saveScenario.textContent = `Save scenario (${baseName(state.scenarioFile)})`;
    clearProblems();
    exportReport.disabled = exportProtocol.disabled = exportWord.disabled = true; // until the edited files' results are in
    const req: ComputeRequest = { id, design: state.design, designFile: state.designFile, scenario: state.scenario, scenarioFile: state.scenarioFile, settings: { ...state.settings }, compare: (state.compare ?? []).map((x) => ({ design: x.design, designFile: x.designFile })), ...(state.files ? { files: state.files } : {}) };
    // which design a problem is in: undefined for the edited design (or the scenario), k for compared design k + 2
    let compared: number | undefined;
    try {
      validate(req);
      // a compared design is checked as doseladder run checks it with this scenario; its message goes next to its field
      (req.compare ?? []).forEach((x, k) => {
        compared = k;
        validate({ ...req, design: x.design, designFile: x.designFile });
      });
    } catch (e) {
      // the loader's own message for the user's input; anything else is an internal error, said as the CLI says it
      const p = problemOf(e) ?? { message: `internal error: ${(e as Error)?.message ?? String(e)}`, file: "", field: "" };
      showProblem(p, compared);
      const status = $("status");
      status.textContent = `Not computed: ${p.field ? `${p.field} ` : ""}needs fixing (the message is next to it).`;
      status.dataset.state = "invalid";
      status.dataset.doneId = String(id);
      return;
    }
    const status = $("status");
    status.textContent = "Computing...";
    status.dataset.state = "running";
    $<HTMLProgressElement>("progress").value = 0;
    engine.post(req);
  }

  // ---- files in and out ----------------------------------------------------------------------
  async function openFiles(files: FileList | File[]): Promise<void> {
    const said: string[] = [];
    const opened: { name: string; value: unknown }[] = [];
    for (const f of Array.from(files)) {
      if (isSideFile(f.name)) {
        // a table design's CSV: kept by name for the designs that name it (sent with every request)
        state.files = { ...state.files, [f.name]: await f.text() };
        said.push(`${f.name}: kept for the table designs that name it (design.file)`);
        continue;
      }
      try {
        opened.push({ name: f.name, value: parseJsonText(await f.text(), f.name) });
      } catch (e) {
        const p = problemOf(e);
        said.push(p ? p.message : `${f.name}: ${(e as Error).message}`);
      }
    }
    for (const { name, value } of opened) {
      const kind = fileKind(value);
      if (kind === "design") {
        state.design = value as Json;
        state.designFile = name;
        said.push(`${name}: opened as the design`);
      } else if (kind === "scenario") {
        state.scenario = value as Json;
        state.scenarioFile = name;
        state.curve = 0;
        said.push(`${name}: opened as the scenario`);
      } else if (kind === "sweep") {
        // the files it names: those opened with it (by name), else the page's examples
        const find = (path: string, want: "design" | "scenario") => {
          const base = baseName(path);
          const withIt = opened.find((o) => o.name === base && fileKind(o.value) === want);
          if (withIt) return { value: withIt.value as Json, file: withIt.name };
          const examples = want === "design" ? data.designs : data.scenarios;
          const key = sweepPath(path) in examples ? sweepPath(path) : Object.keys(examples).find((k) => baseName(k) === base);
          return key === undefined ? undefined : { value: parseExample(key, examples[key]), file: key };
        };
        const cells = sweepCells(value as Json, name, find);
        if (typeof cells === "string") said.push(cells);
        else {
          sweepOpen = cells;
          sweepCell.replaceChildren(...cells.map((c) => h("option", { value: String(c.index) }, c.label)));
          sweepCell.value = "0";
          sweepRow.hidden = false;
          said.push(openCell(cells[0]) + (cells.length > 1 ? ` (${cells.length} cells: choose another under Sweep cell)` : ""));
        }
      } else said.push(`${name}: neither a design file (no "design" field) nor a scenario file (no "ladder" or "curves")`);
    }
    $("file-message").textContent = said.join("; ");
    structural();
  }

  /** Make `cell` of the open sweep the edited design, scenario and run settings; returns what it says. */
  function openCell(cell: SweepCell): string {
    // copies: edits of the opened cell leave the sweep's cell as the sweep has it
    state.design = JSON.parse(JSON.stringify(cell.design)) as Json;
    state.designFile = cell.designFile;
    state.scenario = JSON.parse(JSON.stringify(cell.scenario)) as Json;
    state.scenarioFile = cell.scenarioFile;
    state.curve = 0;
    state.settings = { ...DEFAULT_SETTINGS, ...cell.settings };
    return cell.said;
  }

  sweepCell.addEventListener("change", () => {
    const cell = sweepOpen[Number(sweepCell.value)];
    if (!cell) return;
    $("file-message").textContent = openCell(cell);
    structural();
  });

  fileInput.addEventListener("change", () => {
    if (fileInput.files && fileInput.files.length > 0) void openFiles(fileInput.files);
  });
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    document.body.classList.add("dragging");
  });
  document.addEventListener("dragleave", () => document.body.classList.remove("dragging"));
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    document.body.classList.remove("dragging");
    if (e.dataTransfer && e.dataTransfer.files.length > 0) void openFiles(e.dataTransfer.files);
  });
  exampleDesign.addEventListener("change", () => {
    const f = exampleDesign.value;
    if (!f) return;
    state.design = parseExample(f, data.designs[f]);
    state.designFile = f;
    $("file-message").textContent = `${f}: opened as the design`;
    structural();
  });
  exampleScenario.addEventListener("change", () => {
    const f = exampleScenario.value;
    if (!f) return;
    state.scenario = parseExample(f, data.scenarios[f]);
    state.scenarioFile = f;
    state.curve = 0;
    $("file-message").textContent = `${f}: opened as the scenario`;
    structural();
  });
  compareExample.addEventListener("change", () => {
    const f = compareExample.value;
    if (!f) return;
    $("compare-message").textContent = addCompared(parseExample(f, data.designs[f]), f);
    compareExample.value = "";
    structural();
  });
  compareInput.addEventListener("change", async () => {
    const said: string[] = [];
    for (const f of Array.from(compareInput.files ?? [])) {
      try {
        const value = parseJsonText(await f.text(), f.name);
        said.push(fileKind(value) === "design" ? addCompared(value as Json, f.name) : `${f.name}: not a design file (no "design" field)`);
      } catch (e) {
        const p = problemOf(e);
        said.push(p ? p.message : `${f.name}: ${(e as Error).message}`);
      }
    }
    compareInput.value = "";
    $("compare-message").textContent = said.join("; ");
    structural();
  });
  saveDesign.addEventListener("click", () => download(baseName(state.designFile), fileText(state.design)));
  saveScenario.addEventListener("click", () => download(baseName(state.scenarioFile), fileText(state.scenario)));
  copyLink.addEventListener("click", () => {
    const say = (t: string) => ($("file-message").textContent = t);
    navigator.clipboard?.writeText(location.href).then(
      () => say("Link copied: it holds the whole design and scenario."),
      () => say("The page's address (in the address bar) holds the whole design and scenario: copy it from there."),
    ) ?? say("The page's address (in the address bar) holds the whole design and scenario: copy it from there.");
  });
  fullPrecision.addEventListener("change", renderTables);
  pathCohorts.addEventListener("input", renderPaths);
  pathFrom.addEventListener("input", renderPaths);
  const currentRequest = (): ComputeRequest => ({ id: seq, design: state.design, designFile: state.designFile, scenario: state.scenario, scenarioFile: state.scenarioFile, settings: { ...state.settings } });
  exportReport.addEventListener("click", async () => {
    if (!lastResult || !vega) return;
    const html = await reportHtml(lastResult, vega as never, $("vega-library").textContent ?? "", new Date().toISOString().slice(0, 10));
    download(`${exportStem(state.designFile, state.scenarioFile)}.html`, html, "text/html");
  });
  exportProtocol.addEventListener("click", () => {
    if (!lastResult) return;
    download(`${exportStem(state.designFile, state.scenarioFile)}-protocol.md`, protocolText(lastResult, validate(currentRequest())), "text/markdown");
  });
  exportWord.addEventListener("click", async () => {
    if (!lastResult) return;
    const bytes = await protocolWord(lastResult, validate(currentRequest()));
    download(`${exportStem(state.designFile, state.scenarioFile)}-protocol.docx`, bytes, "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  });
  curveSelect.addEventListener("change", () => {
    state.curve = Number(curveSelect.value);
    history.replaceState(null, "", "#" + encodeState(state));
    renderTables();
    if (lastResult) void drawCharts(lastResult, Math.min(state.curve, lastResult.curves.length - 1));
  });

  renderForms();
  onEdit(false);
}
