// Shared tsup preset: every published @easel package ships ESM + CJS + .d.ts from the
// same entries, so consumers on either module system get identical code and types.
import { defineConfig } from "tsup";

/**
 * @param {{ entry?: Record<string, string> | string[], platform?: "neutral" | "node" | "browser", external?: string[], banner?: Record<string, string> }} [options]
 */
export function defineLibraryConfig(options = {}) {
  return defineConfig({
    entry: options.entry ?? { index: "src/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    clean: true,
    treeshake: true,
    splitting: false,
    target: "es2022",
    platform: options.platform ?? "neutral",
    external: options.external ?? [],
    banner: options.banner,
  });
}
