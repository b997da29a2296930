// Bundles package entries the way a consumer's bundler would (esbuild, resolving the published
// `exports` of the built packages) and reports what Node-only code reached the bundle.
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";
import { build, type Metafile } from "esbuild";

/** Where the entries are resolved from: this package, which depends on every @easel package. */
const RESOLVE_DIR = fileURLToPath(new URL("../..", import.meta.url));

/** A consumer's runtime: esbuild's platform plus the export conditions its bundler sets. */
export interface Target {
  name: string;
  platform: "browser" | "neutral" | "node";
  conditions?: string[];
  mainFields?: string[];
}

/** `esbuild --platform=browser`, as Vite, webpack and the demo page's build resolve. */
export const BROWSER: Target = { name: "browser", platform: "browser" };
/** What wrangler sets when it bundles a Worker for workerd. */
export const WORKERD: Target = {
  name: "workerd",
  platform: "neutral",
  conditions: ["workerd", "worker", "browser"],
  mainFields: ["browser", "module", "main"],
};
/** Node, for the control cases. */
export const NODE: Target = { name: "node", platform: "node" };

/** What a bundle pulled in that only Node has. */
export interface NodeReach {
  /** Built-in modules imported (`node:fs`, `fs`, ...), `node:` prefix kept as written. */
  builtins: string[];
  /** Bundled files from Node-only packages (undici, @easel/node, @easel/cli, the emulator's Node server). */
  nodeOnlyFiles: string[];
  /** The bundled JavaScript. */
  code: string;
}

const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
const NODE_ONLY_FILE =
  /node_modules\/undici\/|packages\/node\/|packages\/cli\/|packages\/emulator\/(dist|src)\/(node|bin)\./;

/** Bundles `import * as entry from "<specifier>"` for `target` and reports its Node reach. */
export async function bundleEntry(specifier: string, target: Target): Promise<NodeReach> {
  const result = await build({
    stdin: {
      // Keeps every export alive, so tree-shaking cannot hide a Node import.
      contents: `export * from ${JSON.stringify(specifier)};`,
      resolveDir: RESOLVE_DIR,
      loader: "js",
    },
    bundle: true,
    write: false,
    format: "esm",
    target: "es2022",
    platform: target.platform,
    ...(target.conditions ? { conditions: target.conditions } : {}),
    ...(target.mainFields ? { mainFields: target.mainFields } : {}),
    // Built-ins stay as imports in the output instead of failing the build, so the test can
    // name each one that a bundle reaches.
    external: [...BUILTINS],
    metafile: true,
    logLevel: "silent",
  });
  return { ...nodeReach(result.metafile), code: result.outputFiles[0]!.text };
}

function nodeReach(metafile: Metafile): Omit<NodeReach, "code"> {
  const builtins = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) {
      if (imported.external && BUILTINS.has(imported.path)) builtins.add(imported.path);
    }
  }
  const nodeOnlyFiles = Object.keys(metafile.inputs).filter((file) => NODE_ONLY_FILE.test(file));
  return { builtins: [...builtins].sort(), nodeOnlyFiles };
}

/** The error esbuild reports when `specifier` cannot be bundled for `target`, or `undefined`. */
export async function bundleError(specifier: string, target: Target): Promise<string | undefined> {
  try {
    await bundleEntry(specifier, target);
    return undefined;
  } catch (error) {
    const errors = (error as { errors?: { text: string; notes: { text: string }[] }[] }).errors;
    if (!errors) throw error;
    return errors.map((e) => [e.text, ...e.notes.map((n) => n.text)].join("\n")).join("\n");
  }
}
