/**
 * The protocol section's words and tables: each design's and modifier's text is written from
 * its describe() parameters (so changing a parameter changes the words), wide decision tables
 * wrap into blocks, modifiers appear in the order they apply, and every registered design and
 * modifier has words of its own.
 */
import { describe, expect, it } from "vitest";
import { parseDesignConfig } from "../../../src/config/load.js";
import { DESIGNS, MODIFIERS } from "../../../src/designs/index.js";
import { runExact } from "../../../src/engine/run.js";
import { buildProtocol, MAX_TABLE_COLUMNS, protocolMarkdown, type ProtocolTable } from "../../../src/report/protocol.js";
import { conductText, designText, hasDesignText, hasModifierText, modifierKey, modifierTexts, registerDesignText } from "../../../src/report/protocol-text.js";
import { blockValues, parseConduct, parseTiming } from "../../../src/config/timing.js";
import { designOf } from "../../helpers/build.js";

const ctx = { labels: ["D1", "D2", "D3", "D4", "D5"], target: 0.25 };
const words = (t: ReturnType<typeof designText>) => [...t.escalation, ...t.stopping, ...t.selection].join("\n");

function runOf(design: Record<string, unknown>, modifiers: Record<string, unknown>[], truths: number[][], target = 0.25) {
  const config = parseDesignConfig({ name: "test design", design, modifiers }, "(test)");
  const scenario = {
    name: "test scenarios",
    file: "(test)",
    trial: "",
    ladder: { unit: "mg", doses: truths[0].map((_, i) => ({ label: `D${i + 1}`, amount: undefined })) },
    target,
    curves: truths.map((truth, i) => ({ name: `c${i + 1}`, truth })),
  };
  return runExact({ config, scenario });
}

describe("design words from describe()", () => {
  it("a general A+B design names A to E and writes each rule with its own counts", () => {
    const t = designText(designOf({ type: "a-plus-b", a: 3, b: 3, c: 1, d: 2, e: 2 }, 5).describe(), ctx);
    expect(t.name).toBe("an A+B design with A = 3, B = 3, C = 1, D = 2 and E = 2");
    const w = words(t);
    expect(w).toContain("If no DLT occurs among the 3 patients");
    expect(w).toContain("If 3 or more of the 3 patients have a DLT, the dose is considered too toxic.");
    expect(w).toContain("If 1 to 2 DLTs occur, 3 more patients are treated");
    expect(w).toContain("if at most 2 DLTs occur among the 6 patients");
    expect(w).toContain("Escalation stops at the first dose that is too toxic");
  });

  it("the classic 3+3 with de-escalation and a maximum sample size says so", () => {
    const t = designText(designOf({ type: "a-plus-b", deEscalation: true, maxPatients: 18 }, 5).describe(), ctx);
    expect(t.name).toBe("a 3+3 design");
    const w = words(t);
    expect(w).toContain("The dose below must have 6 patients before it can be declared the MTD");
    expect(w).toContain("At most 18 patients are enrolled in dose escalation");
  });

  it("interval designs give their intervals from the parameters", () => {
    const kb = words(designText(designOf({ type: "keyboard", target: 0.3, marginL: 0.05, marginR: 0.1 }, 5).describe(), ctx));
    expect(kb).toContain("target key [0.25, 0.4]");
    const m2 = words(designText(designOf({ type: "mtpi2", target: 0.2, epsilon1: 0.03, epsilon2: 0.05 }, 5).describe(), ctx));
    expect(m2).toContain("equivalence interval [0.17, 0.25]");
    const i3 = words(designText(designOf({ type: "i3plus3", target: 0.3 }, 5).describe(), ctx));
    expect(i3).toContain("when (y − 1)/n is below the interval");
    expect(i3).toContain("[0.25, 0.35]");
  });

  it("BOIN's elimination, extra-safety and early-stop rules follow the parameters", () => {
    const off = words(designText(designOf({ type: "boin", target: 0.3, nCohorts: 12 }, 5).describe(), ctx));
    expect(off).toContain("Pr(p > 0.3 | data) > 0.95");
    expect(off).not.toContain("Extra safety");
    expect(off).not.toContain("stops early");
    expect(off).toContain("maximum sample size of 36 patients (12 cohorts of 3)");
    const on = words(designText(designOf({ type: "boin", target: 0.3, extraSafe: true, offset: 0.1, nEarlyStop: 9, cutoffEli: 0.9 }, 5).describe(), ctx));
    expect(on).toContain("Pr(p > 0.3 | data) > 0.8 there (the elimination cutoff 0.9 minus 0.1)");
    expect(on).toContain("stops early when 9 patients have been treated at the current dose and the rule says to stay");
  });

  it("the CRM's model, prior, start and safety stop come from its parameters", () => {
    const t = words(designText(designOf({ type: "crm", target: 0.2, maxPatients: 21, skeleton: [0.1, 0.2, 0.3], model: "logistic", intercept: 2, safetyStop: false }, 3).describe(), ctx));
    expect(t).toContain("up to 21 patients");
    expect(t).toContain("exp(−2 − exp(a)·x_k)");
    expect(t).toContain("(0.1, 0.2, 0.3)");
    expect(t).not.toContain("Safety stop");
    const s = words(designText(designOf({ type: "crm", target: 0.2, maxPatients: 21, skeleton: [0.1, 0.2, 0.3], safetyCutoff: 0.85, safetyMinPatients: 6 }, 3).describe(), ctx));
    expect(s).toContain("once at least 6 patients have been treated");
    expect(s).toContain("greater than 0.85");
  });

  it("every registered design type and modifier has words of its own", () => {
    for (const type of DESIGNS.keys()) expect(hasDesignText(type), type).toBe(true);
    for (const type of MODIFIERS.keys()) expect(hasModifierText(modifierKey(type)), type).toBe(true);
  });

  it("an unknown design type gets its parameters listed, and registered words replace them", () => {
    const t = designText({ type: "mine", alpha: 0.5, steps: [1, 2] }, ctx);
    expect(t.escalation).toEqual(["The design's parameters are: alpha = 0.5; steps = 1, 2."]);
    registerDesignText("mine", (p) => ({ name: "my design", reference: "", escalation: [`alpha is ${String(p.alpha)}`], stopping: [], selection: [] }));
    expect(designText({ type: "mine", alpha: 0.5 }, ctx).escalation).toEqual(["alpha is 0.5"]);
  });

  it("modifiers are described in the order they apply", () => {
    const d = designOf({ type: "boin", target: 0.25 }, 5, [
      { type: "stop-at-n", n: 15, truncate: true },
      { type: "expansion", patients: 10, split: "mtd" },
    ]);
    const m = modifierTexts(d.type, d.describe(), ctx);
    expect(m.map((x) => x.title)).toEqual(["Maximum sample size", "Dose expansion"]);
    expect(m[0].paragraphs[0]).toContain("once 15 patients have been treated; a cohort that would exceed this number is reduced");
    expect(m[1].paragraphs[0]).toContain("enrols 10 patients at the MTD in cohorts of 3");
    expect(m[1].table).toBeUndefined(); // no monitoring
  });
});

describe("the protocol document", () => {
  it("a decision table wider than the page wraps into blocks that together are the whole table", () => {
    const r = runOf({ type: "boin", target: 0.25, cohortSize: 1, nCohorts: 20 }, [], [[0.1, 0.25, 0.5]]);
    const doc = buildProtocol(r);
    const blocks = doc.blocks.filter((b) => b.kind === "table" && b.table.id === "decision-table").map((b) => (b as { table: ProtocolTable }).table);
    expect(r.decisionTable!.length).toBe(20);
    expect(blocks.length).toBe(Math.ceil(20 / MAX_TABLE_COLUMNS));
    for (const b of blocks) expect(b.header.length).toBeLessThanOrEqual(MAX_TABLE_COLUMNS + 1);
    expect(blocks.flatMap((b) => b.header.slice(1).map((x) => Number(x.text)))).toEqual(r.decisionTable!.map((x) => x.n));
    expect(blocks.flatMap((b) => b.rows[2].slice(1).map((x) => x.text))).toEqual(r.decisionTable!.map((x) => (x.eliminateAtLeast === null ? "-" : String(x.eliminateAtLeast))));
    expect(blocks[1].caption).toMatch(/\(continued\)$/);
  });

  it("without expansion the table has one patients row per scenario and the Markdown rows have one cell per column", () => {
    const r = runOf({ type: "a-plus-b" }, [], [[0.05, 0.1, 0.3], [0.5, 0.6, 0.7]]);
    const md = protocolMarkdown(buildProtocol(r));
    const rows = md.split("\n").filter((l) => l.startsWith("| "));
    const oc = rows.slice(rows.findIndex((l) => l.startsWith("| Dose level")));
    for (const l of oc) expect(l.split(" | ").length, l).toBe(3 + 3);
    expect(oc.filter((l) => l.startsWith("| Patients treated"))).toHaveLength(2);
    expect(md).not.toContain("Patients, expansion");
    expect(md).toContain("**Scenario 2: c2 (no acceptable dose)**");
  });
});

describe("conductText: the conduct and timing paragraphs follow the blocks' values", () => {
  const blocks = (timing: Record<string, unknown>, conduct: Record<string, unknown>) => ({
    scenario: blockValues(parseTiming(timing, "(t)")) as Record<string, unknown>,
    conduct: blockValues(parseConduct(conduct, "(t)")) as Record<string, unknown>,
  });
  const all = (t: ReturnType<typeof conductText>) => [...t.conduct, ...t.assumptions].join("\n");

  it("defaults: one infusion, a 28-day window from it, decisions after the window, a waiting list of 90 days, Poisson referrals, uniform DLT times", () => {
    const t = all(conductText(blocks({}, {})));
    expect(t).toContain("a window of 28 days after the first infusion.");
    expect(t).not.toContain("infusions, on days");
    expect(t).not.toContain("sentinel");
    expect(t).not.toContain("Safety Monitoring Committee");
    expect(t).toContain("only when every patient of the cohort has completed the DLT window");
    expect(t).toContain("a patient still waiting after 90 days is lost to the trial");
    expect(t).toContain("referred as a Poisson process of 1 a month and a DLT, when it occurs, occurs at a uniform time within the window.".replace(" and a DLT", "; and a DLT"));
  });

  it("the other branches: turn-away, early decisions, a fixed review, staggering, fixed and uniform referrals, Weibull DLT times, manufacturing in fixed time", () => {
    const t = all(
      conductText(
        blocks(
          { process: "fixed", rate: 2, dltTiming: "weibull", lateShare: 0.3, manufacturing: "fixed", manufacturingDays: 10 },
          { whilePaused: "turn-away", earlyDecision: true, reviewDays: 7, minIntervalDays: 5, sentinel: "cohort", sentinelDays: 3, windowDays: 21 },
        ),
      ),
    );
    expect(t).toContain("Patients referred while no place is open are not enrolled.");
    expect(t).toContain("as soon as the DLTs already observed settle it");
    expect(t).toContain("which is assumed to take 7 days.");
    expect(t).toContain("at least 5 days apart");
    expect(t).toContain("The first patient of each cohort is a sentinel");
    expect(t).toContain("no earlier than 3 days after");
    // fixed gaps of 1/rate months: 365.25 / 12 / 2 = 15.21875 days, printed 15.2
    expect(t).toContain("one every 15.2 days (2 a month)");
    expect(t).toContain("a Weibull-distributed time within the window, 30% of DLTs in its second half");
    expect(t).toContain("manufactured in 10 days from enrolment");
    // uniform gaps U(0, 2/rate): 2 × 30.4375 / 1 = 60.875 days, printed 60.9
    expect(all(conductText(blocks({ process: "uniform", rate: 1 }, {})))).toContain("uniformly between 0 and 60.9 days (1 a month on average)");
  });

  it("a design that decides with pending patients, and one that backfills", () => {
    const b = blocks({}, {});
    expect(all(conductText(b, { decidesWithPending: true }))).toContain("Dose decisions are taken with patients still inside their DLT window");
    expect(all(conductText(b, { decidesWithPending: true }))).not.toContain("only when every patient");
    expect(all(conductText(b, { backfill: true }))).toContain("backfilled at lower doses");
  });
});
