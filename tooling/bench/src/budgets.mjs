// Targets (issue 8) and the CI budgets derived from them. Targets are what BENCHMARKS.md
// judges a full run against. Budgets are what `run.mjs --quick --check` and
// test/budgets.test.ts enforce on every CI run: ratios measured in the same run (never
// absolute times, which depend on the machine), loosened for the noise of a quick run on a
// busy machine, so they catch regressions rather than judge the targets.
import { pairedRatio } from "./util.mjs";

const TARGET_BUNDLE_GZIP_BYTES = 10 * 1024;

export const TARGETS = {
  /** easel decode MB/s >= this x openai 7.x's. */
  decodeVsOpenai: 3,
  /** easel decode MB/s >= this x the floor's. */
  decodeVsFloor: 0.7,
  /** easel decode peak memory <= this x openai 7.x's. */
  memoryVsOpenai: 0.6,
  /** The easel browser app, gzip -9 bytes (10 KB). */
  bundleGzipBytes: TARGET_BUNDLE_GZIP_BYTES,
  /** Added to the time to the first event by the Worker proxy, in ms. */
  proxyOverheadMs: 5,
};

export const BUDGETS = {
  decodeVsOpenai: 2,
  decodeVsFloor: 0.5,
  memoryVsOpenai: 0.8,
  // The target itself: the easel app is 10,212 B (BENCHMARKS.md), so any growth past
  // 10 KB fails CI. Find the bytes with `node tooling/bench/size-report.mjs`.
  bundleGzipBytes: TARGET_BUNDLE_GZIP_BYTES,
};

/** What the quick mode measures (CI): one decode case, fewer rounds, no other benchmark. */
export const QUICK = {
  decodeCases: [{ scenario: "3x8MB", chunkSize: 16 * 1024 }],
  decodeRounds: 5,
  memoryDecoders: ["easel", "openai"],
};

/**
 * Checks quick-mode results against BUDGETS; returns one line per budget with its verdict.
 * `decode` rows come from runDecode, `bundles` rows from runBundles.
 */
export function checkBudgets({ decode, bundles }) {
  const lines = [];
  const check = (name, ok, detail) =>
    lines.push({ name, ok, line: `${ok ? "ok  " : "FAIL"} ${name}: ${detail}` });
  for (const { scenario, chunkSize } of QUICK.decodeCases) {
    const rows = decode.filter((r) => r.scenario === scenario && r.chunkSize === chunkSize);
    const get = (name) => rows.find((r) => r.decoder === name);
    const easel = get("easel");
    const label = `${scenario} @ ${chunkSize / 1024} KB`;
    const vsOpenai = pairedRatio(easel.runs, get("openai").runs);
    check(
      `decode vs openai (${label})`,
      vsOpenai >= BUDGETS.decodeVsOpenai,
      `${vsOpenai.toFixed(2)}x (budget >= ${BUDGETS.decodeVsOpenai}x, target ${TARGETS.decodeVsOpenai}x)`,
    );
    const vsFloor = pairedRatio(easel.runs, get("floor").runs);
    check(
      `decode vs floor (${label})`,
      vsFloor >= BUDGETS.decodeVsFloor,
      `${(vsFloor * 100).toFixed(0)}% (budget >= ${BUDGETS.decodeVsFloor * 100}%, target ${TARGETS.decodeVsFloor * 100}%)`,
    );
    if (Number.isFinite(easel.peakRssMB) && Number.isFinite(get("openai").peakRssMB)) {
      const memory = easel.peakRssMB / get("openai").peakRssMB;
      check(
        `decode peak memory vs openai (${label})`,
        memory <= BUDGETS.memoryVsOpenai,
        `${memory.toFixed(2)}x (budget <= ${BUDGETS.memoryVsOpenai}x, target ${TARGETS.memoryVsOpenai}x)`,
      );
    }
  }
  const easelBundle = bundles.find((b) => b.name === "easel");
  check(
    "easel browser app gzip",
    easelBundle.gzipBytes <= BUDGETS.bundleGzipBytes,
    `${easelBundle.gzipBytes} B (budget <= ${BUDGETS.bundleGzipBytes} B, target ${TARGETS.bundleGzipBytes} B)`,
  );
  return lines;
}
