// Shared vitest preset. Each package writes a JSON report beside itself so the root test
// script can print one "N passed, N failed" line for the whole repo (CI reads it).
import { defineConfig, mergeConfig } from "vitest/config";

/** @param {import("vitest/config").UserConfig} [overrides] */
export function defineTestConfig(overrides = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["src/**/*.test.ts", "test/**/*.test.ts"],
        reporters: ["default", ["json", { outputFile: "test-results.json" }]],
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    }),
    overrides,
  );
}
