import type { Options } from "tsup";

type EsbuildPlugin = NonNullable<Options["esbuildPlugins"]>[number];

/** The `.web.ts` sibling of a relative import, if the folder has one (not from a variant). */
export function webVariantOf(
  specifier: string,
  fromDir: string,
  importer?: string,
): string | undefined;
/** The swap as an esbuild plugin, for a tsup config's `esbuildPlugins`. */
export const webVariantsEsbuildPlugin: EsbuildPlugin;
/** The swap as a vite plugin, for a vitest project that tests the web variants. */
export function webVariantsVitePlugin(): {
  name: string;
  enforce: "pre";
  resolveId(source: string, importer: string | undefined): string | undefined;
};
