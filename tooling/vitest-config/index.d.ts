import type { UserConfig } from "vitest/config";
export function defineTestConfig(overrides?: UserConfig): UserConfig;
