// Print vitest's JSON report as the plain closing line CI reads: "N passed, N failed, N skipped".
import { readFileSync } from "node:fs";
const file = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(file, "utf8"));
} catch (e) {
  console.log(`tests: no report at ${file} (${e.message})`);
  process.exit(1);
}
const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${skipped} skipped`);
if (r.numTotalTests === 0) process.exit(1);
