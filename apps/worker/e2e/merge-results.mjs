#!/usr/bin/env node
// Adds the e2e run's counts (test-output/e2e-results.json) to the Worker tests' report
// (test-results.json), the file the root `pnpm test` sums. Two vitest runs, one report: the
// second run would otherwise overwrite the first. An e2e run that wrote no report counts as
// one failed test, so a crash cannot pass for silence.
import { existsSync, readFileSync, writeFileSync } from "node:fs";

const app = new URL("..", import.meta.url);
const mainReport = new URL("test-results.json", app);
const e2eReport = new URL("test-output/e2e-results.json", app);
const COUNTS = [
  "numTotalTests",
  "numPassedTests",
  "numFailedTests",
  "numPendingTests",
  "numTodoTests",
];

const read = (url) => (existsSync(url) ? JSON.parse(readFileSync(url, "utf8")) : undefined);
const main = read(mainReport) ?? { success: true, testResults: [] };
const e2e = read(e2eReport) ?? {
  success: false,
  numTotalTests: 1,
  numFailedTests: 1,
  testResults: [{ name: "e2e", status: "failed", message: "The e2e run wrote no report." }],
};
for (const key of COUNTS) main[key] = (main[key] ?? 0) + (e2e[key] ?? 0);
main.success = main.success !== false && e2e.success !== false;
main.testResults = [...(main.testResults ?? []), ...(e2e.testResults ?? [])];
writeFileSync(mainReport, JSON.stringify(main));
console.log(
  `e2e: ${e2e.numPassedTests ?? 0} passed, ${e2e.numFailedTests ?? 0} failed (added to test-results.json)`,
);
