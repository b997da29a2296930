#!/usr/bin/env node
// `pnpm test`: build, typecheck, lint and test every package through turbo, then print one
// "N passed, N failed" line summing every package's vitest JSON report. The exit code is
// turbo's, so a failing package fails the run even when the summary line is printed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const groups = ["packages", "apps"];
const reports = [];
for (const group of groups) {
  const dir = join(root, group);
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    const report = join(dir, name, "test-results.json");
    // Stale reports from an earlier run must not be counted.
    rmSync(report, { force: true });
    reports.push(report);
  }
}

const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: "1",
  FORCE_COLOR: process.env.CI ? "0" : process.env.FORCE_COLOR,
};
const extra = process.argv.slice(2);
const lint = spawnSync("pnpm", ["run", "lint"], { cwd: root, stdio: "inherit", env });
const turbo = spawnSync(
  "pnpm",
  ["exec", "turbo", "run", "build", "typecheck", "test", "--continue", ...extra],
  { cwd: root, stdio: "inherit", env },
);

let passed = 0;
let failed = 0;
for (const report of reports) {
  if (!existsSync(report)) continue;
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed += json.numPassedTests ?? 0;
  failed += (json.numFailedTests ?? 0) + (json.numTodoTests ?? 0) + (json.numPendingTests ?? 0);
}
const code = lint.status || turbo.status || (failed > 0 ? 1 : 0);
if (passed + failed === 0) {
  console.error("No test results were found: every package must run its tests.");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(passed + failed === 0 ? 1 : code);
