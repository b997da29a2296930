#!/usr/bin/env node
// `pnpm test`: lint, then build, typecheck, test and check:package (publint, attw) every
// package through turbo, then the Node 22/24 matrix, then one "N passed, N failed" line summing
// every vitest JSON report of this run (packages/*, apps/*, tooling/*). The exit code fails if
// any step failed, even though the summary is printed.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const isReport = (name) => /^test-results(\..+)?\.json$/.test(name);
const packageDirs = ["packages", "apps", "tooling"].flatMap((group) => {
  const dir = join(root, group);
  return existsSync(dir) ? readdirSync(dir).map((name) => join(dir, name)) : [];
});
// Stale reports from an earlier run must not be counted.
for (const dir of packageDirs) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) if (isReport(name)) rmSync(join(dir, name));
}

const env = { ...process.env, TURBO_TELEMETRY_DISABLED: "1" };
const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: "inherit", env }).status;
const extra = process.argv.slice(2);
const statuses = [
  run("pnpm", ["run", "lint"]),
  // --force: every test really runs; a cache replay would not write fresh reports.
  run("pnpm", [
    "exec",
    "turbo",
    "run",
    "build",
    "typecheck",
    "test",
    "check:package",
    "--continue",
    "--force",
    // Two cores: more parallel suites only starve each other's timers.
    "--concurrency=2",
    ...extra,
  ]),
];
if (process.env.EASEL_NODE_MATRIX !== "") {
  statuses.push(run("node", [join(root, "tooling/scripts/node-matrix.mjs")]));
}

let passed = 0;
let failed = 0;
for (const dir of packageDirs) {
  if (!existsSync(dir)) continue;
  for (const name of readdirSync(dir)) {
    if (!isReport(name)) continue;
    const json = JSON.parse(readFileSync(join(dir, name), "utf8"));
    passed += json.numPassedTests ?? 0;
    // Skipped and todo tests count as failures: a skipped test asserts nothing.
    failed += (json.numFailedTests ?? 0) + (json.numTodoTests ?? 0) + (json.numPendingTests ?? 0);
    // A file that failed to load has no tests but must still fail the run.
    if (
      (json.testResults ?? []).some(
        (file) => file.status === "failed" && file.assertionResults?.length === 0,
      )
    )
      failed += 1;
  }
}
if (passed + failed === 0)
  console.error("No test results were found: every package must run its tests.");
console.log(`${passed} passed, ${failed} failed`);
const code = statuses.find((s) => s !== 0) ?? (failed > 0 ? 1 : 0);
process.exit(passed + failed === 0 ? 1 : code);
