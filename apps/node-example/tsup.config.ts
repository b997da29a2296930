import { defineConfig } from "tsup";

// An app, not a library: one ESM file to run with `node dist/main.js`.
export default defineConfig({
  entry: { main: "src/main.ts" },
  format: ["esm"],
  platform: "node",
  target: "node20",
  sourcemap: true,
  clean: true,
});
