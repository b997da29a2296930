import { defineTestConfig } from "@easel/vitest-config";

export default defineTestConfig({
  // The decode measurements run in child processes and take a few seconds each, longer on a
  // machine busy with the rest of `pnpm test`.
  test: { testTimeout: 120_000, hookTimeout: 120_000 },
});
