// Benchmark 4: bundle size. Each app in ../apps is bundled by esbuild exactly as
// `esbuild --bundle --minify --format=esm --platform=browser` would, in memory, and the output
// compressed at gzip's level 9 (zlib's gzip, no file name in the header: `gzip -9n`).
import { gzipSync } from "node:zlib";
import { webVariantsEsbuildPlugin } from "@easel/tsup-config/web-variants";
import { build } from "esbuild";

export const APPS = [
  { name: "easel", file: "easel.ts", packages: "@easel/browser" },
  { name: "openai", file: "openai.ts", packages: "openai" },
  { name: "ai-sdk", file: "ai-sdk.ts", packages: "ai + @ai-sdk/openai" },
];

const appsDir = new URL("../apps/", import.meta.url);

// `esbuild --bundle --minify --format=esm --platform=browser`, in memory, with the metafile.
const BUILD_OPTIONS = {
  bundle: true,
  minify: true,
  format: "esm",
  platform: "browser",
  write: false,
  metafile: true,
  outfile: "out.js",
  logLevel: "silent",
};

/** Bundles one app; returns its minified and gzip -9 sizes and esbuild's metafile. */
export async function bundleApp(file) {
  const result = await build({ ...BUILD_OPTIONS, entryPoints: [new URL(file, appsDir).pathname] });
  const code = result.outputFiles[0].contents;
  return {
    minifiedBytes: code.length,
    gzipBytes: gzipSync(code, { level: 9 }).length,
    metafile: result.metafile,
  };
}

/**
 * Where a bundle's bytes come from: each package (or workspace source folder) with its
 * minified bytes in the output, largest first; workspace files are listed one by one.
 */
export function contributors(metafile) {
  const output = Object.values(metafile.outputs)[0];
  const files = Object.entries(output.inputs).map(([path, { bytesInOutput }]) => ({
    path: readablePath(path),
    bytes: bytesInOutput,
  }));
  return files.sort((a, b) => b.bytes - a.bytes);
}

function readablePath(path) {
  // node_modules/.pnpm/x@1/node_modules/x/dist/a.js -> x/dist/a.js; ../../packages/core/dist/...
  const inModules = path.lastIndexOf("node_modules/");
  if (inModules !== -1) return path.slice(inModules + "node_modules/".length);
  return path.replace(/^(\.\.\/)+/, "");
}

/**
 * The demo page's script (apps/worker/page/main.ts, issue 7), bundled with the same options
 * as the apps. The Worker's own build (page/build.mjs) prints the same size and enforces the
 * page's CI budget.
 */
export async function bundlePage() {
  const entry = new URL("../../../apps/worker/page/main.ts", import.meta.url).pathname;
  const result = await build({ ...BUILD_OPTIONS, entryPoints: [entry] });
  const code = result.outputFiles[0].contents;
  return { minifiedBytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/** Bundles every app. */
export async function runBundles() {
  const rows = [];
  for (const app of APPS) {
    const { metafile, ...sizes } = await bundleApp(app.file);
    rows.push({ ...app, ...sizes, contributors: contributors(metafile) });
  }
  return rows;
}

/** A workspace file's path, or an npm package's name (all its files together). */
function fileKey(path) {
  const inModules = path.lastIndexOf("node_modules/");
  if (inModules === -1) return readablePath(path);
  const rest = path.slice(inModules + "node_modules/".length).split("/");
  return `${rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]} (npm)`;
}

const BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** For each byte of generated line 0.., the source index it came from (source map v3). */
function sourceOfEachByte(code, mappings) {
  const owner = new Int32Array(code.length).fill(-1);
  const lineStarts = [0];
  for (let i = 0; i < code.length; i++) if (code[i] === "\n") lineStarts.push(i + 1);
  let source = 0;
  const lines = mappings.split(";");
  for (let line = 0; line < lines.length; line++) {
    let column = 0;
    let previous;
    for (const segment of lines[line].split(",")) {
      if (segment === "") continue;
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = BASE64_DIGITS.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      const at = lineStarts[line] + column;
      if (previous) owner.fill(previous.source, previous.at, at);
      previous = values.length > 1 ? { at, source } : undefined;
    }
    const end = line + 1 < lineStarts.length ? lineStarts[line + 1] : code.length;
    if (previous) owner.fill(previous.source, previous.at, end);
  }
  return owner;
}

/**
 * Where the easel app's bytes come from, file by file: the app bundled from the workspace
 * packages' TypeScript sources instead of their dist (tsup makes each package one dist file,
 * which esbuild's metafile cannot see into; the output is the same size). For each file: its
 * minified bytes (esbuild metafile) and its share of the gzip size, estimated as the gzip
 * size of the whole bundle minus that of the bundle without the file's bytes (found through
 * the source map).
 */
export async function easelSourceContributors(entry = new URL("easel.ts", appsDir).pathname) {
  const sourceOf = (pkg) =>
    new URL("src/index.ts", import.meta.resolve(`${pkg}/package.json`)).pathname;
  const result = await build({
    ...BUILD_OPTIONS,
    entryPoints: [entry],
    sourcemap: "external",
    alias: { "@easel/core": sourceOf("@easel/core"), "@easel/browser": sourceOf("@easel/browser") },
    // As core's web build does (its `browser` condition): each `x.web.ts` in place of `x.ts`.
    plugins: [webVariantsEsbuildPlugin],
  });
  const js = result.outputFiles.find((f) => f.path.endsWith(".js"));
  const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith(".map")).text);
  // Without the sourceMappingURL comment, which a real build would not ship either.
  const code = js.text.replace(/\n\/\/# sourceMappingURL=.*\n?$/, "");
  const bytes = Buffer.from(code, "utf8");
  const total = gzipSync(bytes, { level: 9 }).length;
  // The bundle is ASCII, so string offsets are byte offsets.
  const owner = sourceOfEachByte(code, map.mappings);
  const bySource = new Map();
  const output = Object.entries(result.metafile.outputs).find(([path]) => path.endsWith(".js"))[1];
  for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
    const key = fileKey(path);
    const entry = bySource.get(key) ?? { path: key, bytes: 0, gzipShare: 0 };
    entry.bytes += bytesInOutput;
    bySource.set(key, entry);
  }
  // Several sources can share a key (a package's files, through its own source map).
  const keyOf = map.sources.map((source) => fileKey(source));
  for (const [key, entry] of bySource) {
    const kept = [];
    let start = -1;
    for (let i = 0; i <= owner.length; i++) {
      const inFile = i < owner.length && owner[i] !== -1 && keyOf[owner[i]] === key;
      if (!inFile && start === -1) start = i;
      if ((inFile || i === owner.length) && start !== -1) {
        kept.push(bytes.subarray(start, i));
        start = -1;
      }
    }
    entry.gzipShare = total - gzipSync(Buffer.concat(kept), { level: 9 }).length;
  }
  return {
    minifiedBytes: bytes.length,
    gzipBytes: total,
    files: [...bySource.values()].sort((a, b) => b.gzipShare - a.gzipShare || b.bytes - a.bytes),
  };
}
