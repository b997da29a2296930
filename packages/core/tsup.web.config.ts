// Core's web build, for the `browser` condition of its exports: the same entry as the library
// build with each `x.web.ts` in place of its `x.ts` (utf8-decoder, network-failure,
// node-buffer, parse-event-json), so a page does not download Node's workarounds or a server's
// throughput optimisation. ESM only (every bundler that reads that condition takes ESM), and
// the library build's types. Workers get the library build: `exports` maps `workerd` to it
// before `browser`, which wrangler also sets.
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
