import { rmSync } from "node:fs";
import { defineConfig } from "vitest/config";

const report = new URL("../test-output/e2e-results.json", import.meta.url).pathname;
// A report left by an earlier run must not be merged as this run's (e2e/merge-results.mjs).
rmSync(report, { force: true });

// The browser e2e: the Worker in workerd (wrangler's dev server) and the page in Chromium.
// Not the shared preset: its include and reporters would be merged into these, not replaced.
// Forks, because wrangler and Playwright start child processes of their own.
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    // The page's own logic has unit tests beside it (page/*.test.ts); the Worker's config
    // runs src/ and test/ only.
    include: ["e2e/**/*.e2e.test.ts", "page/**/*.test.ts"],
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    reporters: ["default", ["json", { outputFile: report }]],
    // wrangler stays offline and quiet.
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
  },
});
