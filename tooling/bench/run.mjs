#!/usr/bin/env node
// `pnpm bench` (root): every benchmark of issue 8, easel beside its peers measured in the same
// run, written to BENCHMARKS.md at the root. Needs the workspace packages built (the root
// script builds them first).
//
//   node tooling/bench/run.mjs                  full run, writes BENCHMARKS.md (about 5 min)
//   node tooling/bench/run.mjs --quick --check  CI: bundle + decode, fewer rounds; exits 1
//                                               when a budget (src/budgets.mjs) regresses
//   --only decode,base64,validate,bundle,proxy,e2e   a subset (BENCHMARKS.md is not written)
//   --out FILE                                  write the report elsewhere
//   --render                                    rewrite the report from the last full run's
//                                               results (.results/last-run.json), no measuring
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runBase64 } from "./src/base64.mjs";
import { BUDGETS, checkBudgets, QUICK, TARGETS } from "./src/budgets.mjs";
import { bundlePage, easelSourceContributors, runBundles } from "./src/bundle.mjs";
import { runDecode } from "./src/decode.mjs";
import { runEndToEnd } from "./src/end-to-end.mjs";
import { machine, versions } from "./src/environment.mjs";
import { renderReport } from "./src/report.mjs";
import { inChild, progress } from "./src/util.mjs";

const ALL = ["decode", "base64", "validate", "bundle", "proxy", "e2e"];
const KB = 1024;

/** What a full run measures, and how often. */
const FULL = {
  decodeCases: [
    { scenario: "3x8MB", chunkSize: 16 * KB },
    { scenario: "3x8MB", chunkSize: 64 * KB },
    { scenario: "1x30MB", chunkSize: 16 * KB },
    { scenario: "1x30MB", chunkSize: 64 * KB },
  ],
  decodeRounds: 9,
  memoryRuns: 5,
  base64Sizes: [8 * KB * KB, 30 * KB * KB],
  base64Rounds: 9,
  validateRuns: 7,
  validateCalls: 200_000,
  proxyRounds: { replay: 100, emulator: 30 },
  e2eRuns: 5,
};

const { values } = parseArgs({
  options: {
    quick: { type: "boolean", default: false },
    check: { type: "boolean", default: false },
    only: { type: "string" },
    out: { type: "string" },
    render: { type: "boolean", default: false },
  },
});
const resultsFile = fileURLToPath(new URL(".results/last-run.json", import.meta.url));
const reportFile = fileURLToPath(new URL("../../BENCHMARKS.md", import.meta.url));

if (values.render) {
  const saved = JSON.parse(readFileSync(resultsFile, "utf8"));
  saved.date = new Date(saved.date);
  writeFileSync(values.out ?? reportFile, renderReport(saved, { TARGETS, BUDGETS }));
  console.log(`Wrote ${values.out ?? reportFile} from ${resultsFile}.`);
  process.exit(0);
}
const only = values.only ? values.only.split(",") : values.quick ? ["decode", "bundle"] : ALL;
for (const name of only) if (!ALL.includes(name)) throw new Error(`unknown benchmark ${name}`);

const started = Date.now();
// After each benchmark, what was measured so far (a crash late in a 5-minute run keeps it).
const savePartial = () => {
  mkdirSync(fileURLToPath(new URL(".results/", import.meta.url)), { recursive: true });
  writeFileSync(
    fileURLToPath(new URL(".results/partial.json", import.meta.url)),
    JSON.stringify(results, null, 2),
  );
};
const results = { machine: machine(), versions: versions(), date: new Date(), quick: values.quick };
results.plan = values.quick
  ? { ...FULL, decodeCases: QUICK.decodeCases, decodeRounds: QUICK.decodeRounds, memoryRuns: 1 }
  : FULL;

// Order: the CPU-bound benchmarks first, the proxy (which needs @easel/edge) and the end to
// end run (which needs @easel/node) last.
if (only.includes("bundle")) {
  progress("bundle: esbuild + gzip -9 of the three apps");
  results.bundles = await runBundles();
  if (!values.quick) {
    results.contributors = await easelSourceContributors();
    results.page = await bundlePage();
  }
}
savePartial();
if (only.includes("decode")) {
  results.decode = await runDecode({
    cases: results.plan.decodeCases,
    rounds: results.plan.decodeRounds,
    memoryRuns: results.plan.memoryRuns,
    memoryFor: values.quick ? QUICK.memoryDecoders : undefined,
  });
}
savePartial();
if (only.includes("base64")) {
  results.base64 = await runBase64({ sizes: FULL.base64Sizes, rounds: FULL.base64Rounds });
}
savePartial();
if (only.includes("validate")) {
  progress(`validate: ${FULL.validateRuns} runs of ${FULL.validateCalls} calls`);
  results.validate = await inChild("validate", {
    runs: FULL.validateRuns,
    callsPerRun: FULL.validateCalls,
  });
}
savePartial();
// These two need other packages' builds and servers; a failure is reported, not fatal.
results.notMeasured = {};
if (only.includes("proxy")) {
  try {
    const { runProxy } = await import("./src/proxy.mjs");
    results.proxy = await runProxy({ rounds: FULL.proxyRounds });
    savePartial();
  } catch (error) {
    results.notMeasured.proxy = error instanceof Error ? error.message : String(error);
    progress(`proxy: not measured: ${results.notMeasured.proxy}`);
  }
}
if (only.includes("e2e")) {
  try {
    results.e2e = await runEndToEnd({ runs: FULL.e2eRuns });
    savePartial();
  } catch (error) {
    results.notMeasured.e2e = error instanceof Error ? error.message : String(error);
    progress(`end to end: not measured: ${results.notMeasured.e2e}`);
  }
}
results.seconds = (Date.now() - started) / 1000;

let failed = false;
if (values.check) {
  if (!results.decode || !results.bundles)
    throw new Error("--check needs the decode and bundle benchmarks");
  console.log("\nBudgets (ratios measured in this run; src/budgets.mjs):");
  for (const { ok, line } of checkBudgets({ decode: results.decode, bundles: results.bundles })) {
    console.log(`  ${line}`);
    if (!ok) failed = true;
  }
}

const report = renderReport(results, { TARGETS, BUDGETS });
const complete = only.length === ALL.length && !values.quick;
if (complete) {
  mkdirSync(fileURLToPath(new URL(".results/", import.meta.url)), { recursive: true });
  writeFileSync(resultsFile, JSON.stringify(results, null, 2));
}
if (complete || values.out) {
  const out = values.out ?? reportFile;
  writeFileSync(out, report);
  console.log(`\nWrote ${out} (${results.seconds.toFixed(0)} s).`);
} else {
  console.log(`\n${report}`);
}
process.exit(failed ? 1 : 0);
