// Core's web build, for the `browser` and `workerd` conditions of its exports: the same
// entry as the library build with each `x.web.ts` in place of its `x.ts` (utf8-decoder,
// network-failure), so browsers and Workers do not download Node's workarounds. ESM only
// (every bundler that reads those conditions takes ESM), and the library build's types.
// Runs after `tsup` (see the `build` script), so the two never clean each other's files.
import { webVariantsEsbuildPlugin } from "@easel/tsup-config/web-variants";
import { defineConfig } from "tsup";

export default defineConfig({
  entry: { "index.web": "src/index.ts" },
  format: ["esm"],
  dts: false,
  sourcemap: true,
  clean: false,
  treeshake: true,
  splitting: false,
  target: "es2022",
  platform: "neutral",
  esbuildPlugins: [webVariantsEsbuildPlugin],
});
