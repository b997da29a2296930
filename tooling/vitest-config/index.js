// Shared vitest preset. Each package writes a JSON report beside itself so the root test
// script can print one "N passed, N failed" line for the whole repo (CI reads it).
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import("vitest/config").UserConfig} [overrides] */
export function defineTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        // The Node 22/24 matrix names its own report so it adds to the count, not replaces it.
        reporters: [
          "default",
          ["json", { outputFile: process.env.EASEL_TEST_REPORT ?? "test-results.json" }],
        ],
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    }),
    overrides,
  );
}
