/**
 * `doseladder next --pending` for a live TITE-CRM trial (compiled CLI): the explanation lists
 * each pending patient's weight and the weighted posterior, a longer follow-up weighs more
 * (a larger posterior mean of a: lower DLT estimates), and nobody pending is the crm rule.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const CLI = join(import.meta.dirname, "../../dist/src/cli/main.js");
const run = (...args: string[]) =>
  spawnSync(process.execPath, [CLI, "next", "--design", "designs/cd19-bcma-tite-crm.json", ...args, "--format", "json"], { encoding: "utf8", cwd: join(import.meta.dirname, "../..") });
const meanOf = (text: string) => Number(/posterior mean of a = (-?[0-9.]+)/.exec(text)![1]);

describe("doseladder next --pending (tite-crm)", () => {
  it("explains the decision by the pending patients' weights and the weighted posterior", () => {
    const r = run("--outcomes", "1NNN 2NTN", "--pending", "2:7,2:21");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.decision.action).toBe("treat");
    expect(out.explain).toContain("2 pending patient(s), linear weights w = follow-up / window");
    expect(out.explain).toContain("dose 2 followed 0.250 of the window: w = 0.250; dose 2 followed 0.750 of the window: w = 0.750");
    expect(out.explain).toMatch(/estimated DLT rates [0-9.]+, [0-9.]+, [0-9.]+; closest to 0\.25: dose \d; Pr\(p1 > 0\.25\) = [0-9.]+/);
  });
  it("a longer follow-up without DLT weighs more: a larger posterior mean of a", () => {
    const short = JSON.parse(run("--outcomes", "1NNN 2NTN", "--pending", "2:2").stdout).explain;
    const long = JSON.parse(run("--outcomes", "1NNN 2NTN", "--pending", "2:27").stdout).explain;
    expect(meanOf(long)).toBeGreaterThan(meanOf(short));
  });
  it("with nobody pending, the crm rule", () => {
    const out = JSON.parse(run("--outcomes", "1NNN 2NTN").stdout);
    expect(out.explain).toContain("(no patient pending: the crm rule)");
  });
});
