// The CI side of the benchmarks: the quick mode of the bundle and decode benchmarks, failing
// when a budget regresses. Budgets are ratios measured in this same run (easel against openai
// 7.x and the floor on the same bytes), never absolute times, so a slow or busy machine slows
// every contender alike. `node tooling/bench/run.mjs --quick --check` runs the same checks.
import { beforeAll, describe, expect, it } from "vitest";
import { BUDGETS, QUICK } from "../src/budgets.mjs";
import { runBundles } from "../src/bundle.mjs";
import { runDecode } from "../src/decode.mjs";
import { pairedRatio } from "../src/util.mjs";

type DecodeRow = Awaited<ReturnType<typeof runDecode>>[number];

describe("easel browser app (esbuild --bundle --minify, gzip -9)", () => {
  it(`stays within ${BUDGETS.bundleGzipBytes} B gzipped and far below the peers`, async () => {
    const bundles = await runBundles();
    const size = (name: string) => bundles.find((b) => b.name === name)!.gzipBytes;
    expect(size("easel")).toBeLessThanOrEqual(BUDGETS.bundleGzipBytes);
    // A sanity check on the measurement itself: the peers' apps bundle their SDKs.
    expect(size("openai")).toBeGreaterThan(5 * size("easel"));
    expect(size("ai-sdk")).toBeGreaterThan(5 * size("easel"));
  });
});

for (const { scenario, chunkSize } of QUICK.decodeCases) {
  describe(`decodeImageStream, ${scenario} in ${chunkSize / 1024} KB chunks (quick mode)`, () => {
    let rows: DecodeRow[] = [];
    const row = (decoder: string) => rows.find((r) => r.decoder === decoder)!;

    beforeAll(async () => {
      rows = await runDecode({
        cases: [{ scenario, chunkSize }],
        rounds: QUICK.decodeRounds,
        memoryRuns: 1,
        memoryFor: QUICK.memoryDecoders,
      });
    });

    it(`decodes at least ${BUDGETS.decodeVsOpenai}x as fast as openai 7.x`, () => {
      expect(pairedRatio(row("easel").runs, row("openai").runs)).toBeGreaterThanOrEqual(
        BUDGETS.decodeVsOpenai,
      );
    });

    it(`decodes at no less than ${BUDGETS.decodeVsFloor * 100}% of the floor's speed`, () => {
      expect(pairedRatio(row("easel").runs, row("floor").runs)).toBeGreaterThanOrEqual(
        BUDGETS.decodeVsFloor,
      );
    });

    it(`holds at most ${BUDGETS.memoryVsOpenai}x openai 7.x's peak memory`, () => {
      expect(row("easel").peakRssMB / row("openai").peakRssMB).toBeLessThanOrEqual(
        BUDGETS.memoryVsOpenai,
      );
    });
  });
}
