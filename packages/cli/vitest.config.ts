import { defineTestConfig } from "@easel/vitest-config";

export default defineTestConfig();
