import type { Options } from "tsup";
export function defineLibraryConfig(options?: {
  entry?: Record<string, string> | string[];
  platform?: "neutral" | "node" | "browser";
  external?: string[];
  banner?: Record<string, string>;
}): Options | Options[];
