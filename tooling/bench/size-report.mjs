#!/usr/bin/env node
// Where the bytes of the easel browser app (benchmark 4) and of the demo page's app.js come
// from, file by file, bundled from the workspace sources: minified bytes and share of gzip -9.
//   node tooling/bench/size-report.mjs [--page]
import { fileURLToPath } from "node:url";
import { easelSourceContributors } from "./src/bundle.mjs";

const page = process.argv.includes("--page");
const entry = page
  ? fileURLToPath(new URL("../../apps/worker/page/main.ts", import.meta.url))
  : undefined;
const report = await easelSourceContributors(entry);
console.log(
  `${page ? "demo page" : "easel app"}: ${report.minifiedBytes} B minified, ${report.gzipBytes} B gzip -9`,
);
console.log("  gzip share  minified  file");
for (const file of report.files) {
  console.log(
    `${String(file.gzipShare).padStart(12)}  ${String(file.bytes).padStart(8)}  ${file.path}`,
  );
}
