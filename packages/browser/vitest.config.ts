import { defineTestConfig } from "@easel/vitest-config";

// The helpers run in a real Chromium (test/chromium.ts): one browser per file is enough,
// and files run one at a time so parallel browsers do not starve a small CI machine.
export default defineTestConfig({ test: { fileParallelism: false } });
