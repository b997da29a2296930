#!/usr/bin/env node
// Runs the runtime-sensitive packages' tests on Node 22 and 24 as well (the machines have Node
// 20; the newer ones come from the npm registry's `node` package). Each run writes its own
// JSON report (test-results.node22.json, ...) so the root summary counts it.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../..", import.meta.url).pathname;
const versions = (process.env.EASEL_NODE_MATRIX ?? "22,24").split(",").filter(Boolean);
const packages = ["packages/core", "packages/emulator", "packages/node", "packages/cli"];
let failed = false;

for (const version of versions) {
  const probe = spawnSync("npx", ["-y", `node@${version}`, "--version"], { encoding: "utf8" });
  if (probe.status !== 0) {
    console.error(`Node ${version} could not be fetched from the npm registry:\n${probe.stderr}`);
    failed = true;
    continue;
  }
  for (const pkg of packages) {
    const dir = join(root, pkg);
    if (!existsSync(join(dir, "package.json"))) continue;
    const vitest = join(dir, "node_modules", "vitest", "vitest.mjs");
    console.log(`\n▶ Node ${probe.stdout.trim()}: ${pkg}`);
    const run = spawnSync("npx", ["-y", `node@${version}`, vitest, "run"], {
      cwd: dir,
      stdio: "inherit",
      env: {
        ...process.env,
        EASEL_NODE_VERSION: version,
        EASEL_TEST_REPORT: `test-results.node${version}.json`,
      },
    });
    if (run.status !== 0) failed = true;
  }
}
process.exit(failed ? 1 : 0);
