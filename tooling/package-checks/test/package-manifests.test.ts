// What `changeset publish` would put on npm, checked from the manifests: which packages are
// published, how their `exports` maps are shaped (types first, runtime conditions where the
// code differs) and that every published package runs the publint/attw check.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type Manifest,
  NODE_ONLY_ENTRIES,
  publishedPackages,
  ROOT,
  readJson,
  workspacePackages,
} from "./support/workspace";

const PUBLISHED = [
  "@easel/browser",
  "@easel/cli",
  "@easel/core",
  "@easel/edge",
  "@easel/emulator",
  "@easel/node",
];
/** Entries with a web build of their own, for the `browser` condition. */
const WEB_BUILDS = new Set(["@easel/core"]);

/** Conditions that mean "a browser or a Worker": Node-only entries map each to null. */
const WEB_CONDITIONS = ["workerd", "worker", "browser"];

const published = publishedPackages();

/** Every (subpath, condition path, target) of an exports map. */
function exportTargets(
  exports: unknown,
  path: string[] = [],
): { path: string[]; keys: string[]; value: unknown }[] {
  if (typeof exports !== "object" || exports === null) return [];
  const keys = Object.keys(exports);
  const here = { path, keys, value: exports };
  return [
    here,
    ...keys.flatMap((key) =>
      exportTargets((exports as Record<string, unknown>)[key], [...path, key]),
    ),
  ];
}

const entryName = (name: string, subpath: string) =>
  subpath === "." ? name : `${name}/${subpath.slice(2)}`;

describe("published packages", () => {
  it("are exactly the six @easel libraries; apps and tooling are private", () => {
    expect(published.map((p) => p.manifest.name).sort()).toEqual(PUBLISHED);
    for (const pkg of workspacePackages()) {
      if (pkg.path.startsWith("apps/") || pkg.path.startsWith("tooling/")) {
        expect(pkg.manifest.private, pkg.path).toBe(true);
      }
    }
  });

  it.each(published.map((p) => [p.manifest.name, p] as const))(
    "%s has the release fields and runs check:package",
    (_name, pkg) => {
      const m: Manifest = pkg.manifest;
      expect(m.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
      expect(m.license).toBe("MIT");
      expect(m.type).toBe("module");
      expect(m.sideEffects).toBe(false);
      expect(m.description?.length).toBeGreaterThan(20);
      expect(m.files).toContain("dist");
      expect(m.publishConfig?.access ?? "public").toBe("public");
      // A package with a web build (tsup.web.config.ts) runs it after the library build.
      expect(m.scripts?.build).toBe(
        existsSync(join(pkg.dir, "tsup.web.config.ts"))
          ? "tsup && tsup --config tsup.web.config.ts"
          : "tsup",
      );
      expect(m.scripts?.["check:package"]).toMatch(
        /^publint --strict && attw --pack \. --quiet( --profile \S+)?$/,
      );
      expect(readFileSync(join(pkg.dir, "README.md"), "utf8")).toMatch(/^# @easel\//);
    },
  );

  it("share one version (the changesets fixed group keeps them together)", () => {
    expect(new Set(published.map((p) => p.manifest.version)).size).toBe(1);
  });
});

describe("exports maps", () => {
  it.each(published.map((p) => [p.manifest.name, p.manifest] as const))(
    "%s: types come first in every branch, import and require each have their own",
    (_name, manifest) => {
      const targets = exportTargets(manifest.exports);
      for (const { path, keys } of targets) {
        if (keys.includes("types")) expect(keys[0], path.join(" > ")).toBe("types");
      }
      for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
        if (subpath === "./package.json") continue;
        const branches = entry as Record<string, { types?: string; default?: string } | null>;
        expect(branches.import?.types, subpath).toMatch(/\.d\.ts$/);
        expect(branches.import?.default, subpath).toMatch(/\.js$/);
        expect(branches.require?.types, subpath).toMatch(/\.d\.cts$/);
        expect(branches.require?.default, subpath).toMatch(/\.cjs$/);
      }
    },
  );

  it("Node-only entries map every browser and Worker condition to null, before import/require", () => {
    const nodeOnly = new Set<string>(NODE_ONLY_ENTRIES);
    for (const { manifest } of published) {
      for (const [subpath, entry] of Object.entries(manifest.exports ?? {})) {
        if (subpath === "./package.json") continue;
        const keys = Object.keys(entry as object);
        const name = entryName(manifest.name, subpath);
        if (nodeOnly.has(name)) {
          expect(keys.slice(0, WEB_CONDITIONS.length), name).toEqual(WEB_CONDITIONS);
          for (const condition of WEB_CONDITIONS) {
            expect((entry as Record<string, unknown>)[condition], name).toBeNull();
          }
        } else if (WEB_BUILDS.has(name)) {
          // Workers get the library build, named ahead of `browser` (which wrangler also
          // sets); pages get the web build (core's: no server-only pieces). Both with the
          // library build's types, before import/require.
          expect(keys, name).toEqual(["workerd", "browser", "import", "require"]);
          const branches = entry as Record<string, { types?: string; default?: string }>;
          expect(branches.workerd, name).toEqual(branches.import);
          expect(branches.browser, name).toEqual({
            types: branches.import?.types,
            default: expect.stringMatching(/^\.\/dist\/[\w.]+\.web\.js$/),
          });
        } else {
          // Neutral code: the same build everywhere, so no runtime condition at all.
          expect(keys, name).toEqual(["import", "require"]);
        }
      }
    }
    const declared = published.flatMap(({ manifest }) =>
      Object.keys(manifest.exports ?? {})
        .filter((s) => s !== "./package.json")
        .map((s) => entryName(manifest.name, s)),
    );
    expect(declared).toEqual(expect.arrayContaining([...NODE_ONLY_ENTRIES]));
  });

  it("subpath entries resolve under TypeScript's node10 resolution through typesVersions", () => {
    for (const { manifest } of published) {
      const subpaths = Object.keys(manifest.exports ?? {}).filter(
        (s) => s !== "." && s !== "./package.json",
      );
      const typesVersions = (
        manifest as { typesVersions?: Record<string, Record<string, string[]>> }
      ).typesVersions?.["*"];
      for (const subpath of subpaths) {
        const entry = (manifest.exports as Record<string, { require: { types: string } }>)[
          subpath
        ]!;
        expect(typesVersions?.[subpath.slice(2)], `${manifest.name} ${subpath}`).toEqual([
          entry.require.types,
        ]);
      }
    }
  });
});

describe("release wiring", () => {
  const root = readJson<Manifest>(join(ROOT, "package.json"));
  const turbo = readJson<{ tasks: Record<string, { dependsOn?: string[] }> }>(
    join(ROOT, "turbo.json"),
  );

  it("pnpm release builds, checks the packages, then publishes with changesets", () => {
    expect(root.private).toBe(true);
    expect(root.scripts?.release).toBe("turbo run build check:package && changeset publish");
    expect(root.scripts?.["version-packages"]).toBe("changeset version");
    expect(root.scripts?.changeset).toBe("changeset");
  });

  it("check:package is a turbo task after build, and pnpm test runs it", () => {
    expect(turbo.tasks["check:package"]?.dependsOn).toEqual(["build"]);
    const testScript = readFileSync(join(ROOT, "tooling/scripts/test.mjs"), "utf8");
    expect(testScript).toMatch(/"build",\s*"typecheck",\s*"test",\s*"check:package"/);
  });
});
