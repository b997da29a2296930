// The monorepo as the checks see it: every workspace package with its manifest, read from the
// globs in pnpm-workspace.yaml, so a package added later is checked without editing a list.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** The package.json fields the checks read. */
export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  type?: string;
  sideEffects?: boolean | string[];
  files?: string[];
  main?: string;
  module?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, unknown>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  publishConfig?: { access?: string };
}

export interface WorkspacePackage {
  /** Absolute directory. */
  dir: string;
  /** Directory relative to the root, `packages/core`. */
  path: string;
  manifest: Manifest;
}

export const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, "utf8")) as T;

/** The `packages:` globs of pnpm-workspace.yaml (only `dir/*` globs are used here). */
export function workspaceGlobs(): string[] {
  const yaml = readFileSync(join(ROOT, "pnpm-workspace.yaml"), "utf8");
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split("\n")) {
    if (/^\S/.test(line)) inPackages = line.startsWith("packages:");
    const item = inPackages ? /^\s+-\s+["']?([^"'#\s]+)/.exec(line) : null;
    if (item) globs.push(item[1]!);
  }
  return globs;
}

/** Every workspace package, sorted by path. */
export function workspacePackages(): WorkspacePackage[] {
  const packages: WorkspacePackage[] = [];
  for (const glob of workspaceGlobs()) {
    if (!glob.endsWith("/*")) throw new Error(`Unsupported workspace glob ${glob}`);
    const group = join(ROOT, glob.slice(0, -2));
    if (!existsSync(group)) continue;
    for (const name of readdirSync(group)) {
      const dir = join(group, name);
      const manifestPath = join(dir, "package.json");
      if (!existsSync(manifestPath)) continue;
      packages.push({ dir, path: relative(ROOT, dir), manifest: readJson<Manifest>(manifestPath) });
    }
  }
  return packages.sort((a, b) => a.path.localeCompare(b.path));
}

/** The packages `changeset publish` would publish: every workspace package not private. */
export function publishedPackages(): WorkspacePackage[] {
  return workspacePackages().filter((p) => p.manifest.private !== true);
}

/** Every entry point the published packages export (`@easel/core`, `@easel/core/schemas`, ...). */
export function publishedEntries(): string[] {
  return publishedPackages().flatMap(({ manifest }) =>
    Object.keys(manifest.exports ?? {})
      .filter((subpath) => subpath !== "./package.json")
      .map((subpath) => (subpath === "." ? manifest.name : `${manifest.name}/${subpath.slice(2)}`)),
  );
}

/** The entries whose code must never reach a browser or a Worker. */
export const NODE_ONLY_ENTRIES = ["@easel/node", "@easel/cli", "@easel/emulator/node"] as const;

/**
 * The entries meant for browsers and Workers (and any runtime with Web APIs): every other
 * published entry, so a new one is checked without editing a list.
 */
export const WEB_ENTRIES: string[] = publishedEntries().filter(
  (entry) => !(NODE_ONLY_ENTRIES as readonly string[]).includes(entry),
);
