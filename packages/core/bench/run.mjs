// Runs every *.bench.mjs beside this file, one after another, each in its own Node process
// with --expose-gc (so one benchmark's heap does not skew the next). Needs `pnpm build` first:
// the benchmarks import ../dist. `pnpm --filter @easel/core bench` runs this.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

if (!existsSync(join(here, "..", "dist", "index.js"))) {
  console.error("dist/index.js is missing: run `pnpm --filter @easel/core build` first.");
  process.exit(1);
}

const files = readdirSync(here)
  .filter((name) => name.endsWith(".bench.mjs"))
  .sort();
let failed = 0;
for (const file of files) {
  console.log(`\n## ${file}\n`);
  const run = spawnSync(process.execPath, ["--expose-gc", join(here, file)], {
    stdio: "inherit",
  });
  if (run.status !== 0) {
    failed++;
    console.error(`${file} failed (exit ${run.status ?? run.signal})`);
  }
}
process.exit(failed > 0 ? 1 : 0);
