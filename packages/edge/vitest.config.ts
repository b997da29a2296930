import { defineTestConfig } from "@easel/vitest-config";

export default defineTestConfig({
  test: {
    // wrangler (unstable_startWorker) stays offline and quiet.
    env: { CLOUDFLARE_CF_FETCH_ENABLED: "false", WRANGLER_SEND_METRICS: "false" },
  },
});
