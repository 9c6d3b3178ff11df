/** What `npm publish` would ship: the CLI and library, the design and scenario files, never the compiled tests. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";

describe("npm package contents", () => {
  it("holds dist/src, designs and scenarios, and no dist/test", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
    expect(files).toContain("dist/src/cli/main.js");
    expect(files).toContain("dist/src/index.d.ts");
    expect(files.some((f) => f.startsWith("designs/"))).toBe(true);
    expect(files.some((f) => f.startsWith("scenarios/"))).toBe(true);
    expect(files.filter((f) => f.startsWith("dist/test"))).toEqual([]);
  });
});
