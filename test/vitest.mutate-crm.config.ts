import { mutateSet } from "./mutate-set.js";

// A narrower test set for Stryker runs on src/designs/crm.ts and src/designs/tite-crm.ts, whose
// posterior code every engine, conformance and property test exercises (crm.ts: ~725 mutants, more
// than an hour per quarter of the file with test/vitest.mutate.config.ts on the shared 2-core
// machine): the mutation, design unit and CRM reference tests, the off-protocol conformance suite
// and the config validation. A mutant this set kills is killed by the full mutate set too, so a
// score measured with it is a lower bound on the full set's.
// test/unit/designs/tite-crm.test.ts is left out unless CRM_MUTATE_TITE=1 (for tite-crm.ts): its timed-engine
// test takes more than a minute instrumented on the loaded machine; the TITE reference test stays in.
// Run: npx stryker run test/stryker-crm.config.mjs --mutate src/designs/crm.ts --concurrency 1
//      CRM_MUTATE_TITE=1 npx stryker run test/stryker-crm.config.mjs --mutate src/designs/tite-crm.ts --concurrency 1
const tite = process.env.CRM_MUTATE_TITE === "1";
export default mutateSet(
  [
    "test/mutation/**/*.test.ts",
    "test/unit/designs/**/*.test.ts",
    "test/unit/crm.test.ts",
    "test/reference/crm.test.ts",
    "test/reference/tite-crm.test.ts",
    "test/conformance/off-protocol.test.ts",
    "test/config/validation.test.ts",
  ],
  { exclude: tite ? [] : ["test/unit/designs/tite-crm.test.ts"], testTimeout: tite ? 300_000 : 60_000 },
);
