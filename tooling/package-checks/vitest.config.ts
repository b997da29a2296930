import { defineTestConfig } from "@easel/vitest-config";

export default defineTestConfig({
  test: {
    // wrangler (unstable_startWorker, for the Worker examples) stays offline and quiet.
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
    // Bundling and running examples in Chromium and workerd take seconds each; one file at a
    // time keeps the load (and the other packages' timings under turbo) reasonable.
    fileParallelism: false,
    testTimeout: 120_000,
  },
});
