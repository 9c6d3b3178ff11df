/** Reads a reference fixture from test/reference/fixtures (JSON with its provenance inside). */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function fixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(fileURLToPath(new URL(`../reference/fixtures/${name}`, import.meta.url)), "utf8")) as T;
}
