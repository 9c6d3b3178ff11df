/**
 * Form controls generated from parameter specifications (src/config/params.ts): the lists that
 * also give the loader its checks and `doseladder schema` its JSON Schemas. A design or
 * modifier registered with `registerDesign`/`registerModifier` gets its form with no studio code.
 * Every control has a label; its description is linked with aria-describedby; each field has a
 * slot where the loader's message for that field is shown.
 */
import type { ParamSpec } from "../config/params.js";
import { formatValue, parseListText, parseNumberText, type Json } from "./state.js";

type Child = Node | string | null | undefined | false;

/** A DOM element with attributes and children (strings become text: nothing is parsed as HTML). */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string | undefined> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** Which form a field is in: d (design file), s (scenario file), r (run settings), c1..c3 (the compared designs' files). */
export type Form = "d" | "s" | "r" | `c${number}`;

/** An element id from a field path and its form ("modifiers[0].q" in the design -> "d-modifiers-0-q"). */
export function fieldId(field: string, form: Form): string {
  return `${form}-` + field.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

/** The wrapper of one field: label, control, description and its message slot, found by `data-field`. */
export function fieldBox(field: string, label: string, control: HTMLElement, description?: string): HTMLElement {
  const id = control.id;
  control.id = id;
  const describedBy = [description ? `${id}-desc` : undefined, `${id}-err`].filter(Boolean).join(" ");
  control.setAttribute("aria-describedby", describedBy);
  return h(
    "div",
    { class: "field", "data-field": field },
    h("label", { for: id }, label),
    control,
    description ? h("small", { id: `${id}-desc` }, description) : null,
    h("div", { class: "error", id: `${id}-err`, "data-error-for": field }),
  );
}

function defaultText(spec: ParamSpec): string {
  return spec.default === undefined ? "" : formatValue(spec.default);
}

/** A select over `values`, with a first "default" option when the field may be left out. */
function selectOf(values: readonly string[], current: unknown, defaultLabel: string | undefined): HTMLSelectElement {
  const sel = h("select", {});
  if (defaultLabel !== undefined) sel.append(h("option", { value: "" }, defaultLabel));
  const all = [...values];
  if (current !== undefined && !all.includes(String(current))) all.push(String(current));
  for (const v of all) sel.append(h("option", { value: v }, v));
  sel.value = current === undefined ? "" : String(current);
  return sel;
}

/**
 * The control of one parameter of `obj` (a design, modifier, timing or conduct block), bound to
 * `obj[spec.name]`: an edit writes the value the text stands for (or removes the key, so the
 * default applies) and calls `onEdit`.
 */
export function paramField(spec: ParamSpec, obj: Json, path: string, onEdit: () => void, form: Form): HTMLElement {
  const field = `${path}.${spec.name}`;
  const value = obj[spec.name];
  const set = (v: unknown) => {
    if (v === undefined) delete obj[spec.name];
    else obj[spec.name] = v;
    onEdit();
  };
  const dflt = spec.default === undefined ? undefined : `default (${defaultText(spec) || "none"})`;
  let control: HTMLElement;
  switch (spec.kind) {
    case "integer":
    case "number":
    case "probability": {
      const input = h("input", { type: "text", inputmode: "decimal", autocomplete: "off", spellcheck: "false", placeholder: dflt });
      input.value = formatValue(value);
      input.addEventListener("input", () => set(parseNumberText(input.value)));
      control = input;
      break;
    }
    case "boolean": {
      const sel = selectOf(["true", "false"], value, dflt);
      sel.addEventListener("change", () => set(sel.value === "" ? undefined : sel.value === "true" ? true : sel.value === "false" ? false : sel.value));
      control = sel;
      break;
    }
    case "enum": {
      const sel = selectOf(spec.values, value, dflt);
      sel.addEventListener("change", () => set(sel.value === "" ? undefined : sel.value));
      control = sel;
      break;
    }
    case "string": {
      const input = h("input", { type: "text", autocomplete: "off", placeholder: dflt });
      input.value = typeof value === "string" ? value : formatValue(value);
      input.addEventListener("input", () => set(input.value === "" ? undefined : input.value));
      control = input;
      break;
    }
    case "probabilities":
    case "integers": {
      const input = h("input", { type: "text", autocomplete: "off", spellcheck: "false", placeholder: dflt });
      input.value = formatValue(value);
      input.addEventListener("input", () => set(parseListText(input.value)));
      control = input;
      break;
    }
    case "object": {
      const area = h("textarea", { rows: "2", spellcheck: "false", placeholder: dflt });
      area.value = value === undefined ? "" : JSON.stringify(value);
      area.addEventListener("input", () => {
        const t = area.value.trim();
        if (t === "") return set(undefined);
        try {
          set(JSON.parse(t));
        } catch {
          set(t);
        }
      });
      control = area;
      break;
    }
  }
  control.id = fieldId(field, form);
  return fieldBox(field, spec.name, control, spec.description);
}

/** Every parameter of a block, in its specification's order. */
export function paramFields(specs: readonly ParamSpec[], obj: Json, path: string, onEdit: () => void, form: Form): HTMLElement[] {
  return specs.map((s) => paramField(s, obj, path, onEdit, form));
}
