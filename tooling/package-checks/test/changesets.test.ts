// The changesets setup releases the six published packages together and nothing else:
// the config is checked against the workspace, and `changeset version` is run for real on a
// scratch copy of the manifests and changesets (never on the repository) to check the
// versions and changelogs it would write.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type Manifest,
  publishedPackages,
  ROOT,
  readJson,
  workspacePackages,
} from "./support/workspace";

interface ChangesetConfig {
  fixed: string[][];
  linked: string[][];
  access: string;
  baseBranch: string;
  ignore: string[];
  privatePackages?: { version?: boolean; tag?: boolean };
  changelog: string | [string, unknown];
}

const config = readJson<ChangesetConfig>(join(ROOT, ".changeset/config.json"));
const publishedNames = publishedPackages().map((p) => p.manifest.name);
const allNames = workspacePackages().map((p) => p.manifest.name);

/** The `.changeset/*.md` files: which package gets which bump, and the summary. */
function readChangesets(dir: string) {
  return readdirSync(dir)
    .filter((file) => file.endsWith(".md") && file !== "README.md")
    .map((file) => {
      const text = readFileSync(join(dir, file), "utf8");
      const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
      if (!match) throw new Error(`${file} has no front matter`);
      const releases = match[1]!
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => {
          const release = /^["']?([^"':]+)["']?:\s*(major|minor|patch)\s*$/.exec(line);
          if (!release) throw new Error(`${file}: cannot read "${line}"`);
          return { name: release[1]!, type: release[2]! };
        });
      return { file, releases, summary: match[2]!.trim() };
    });
}

describe(".changeset/config.json", () => {
  it("fixes exactly the published packages into one group", () => {
    expect(config.fixed).toHaveLength(1);
    expect([...config.fixed[0]!].sort()).toEqual([...publishedNames].sort());
    expect(config.linked).toEqual([]);
  });

  it("publishes publicly, from main, and never versions or tags private packages", () => {
    expect(config.access).toBe("public");
    expect(config.baseBranch).toBe("main");
    expect(config.privatePackages).toEqual({ version: false, tag: false });
    expect(config.ignore.filter((name) => !allNames.includes(name))).toEqual([]);
  });

  it("every changeset names only published packages", () => {
    const changesets = readChangesets(join(ROOT, ".changeset"));
    for (const { file, releases, summary } of changesets) {
      expect(releases.length, file).toBeGreaterThan(0);
      for (const { name } of releases) expect(publishedNames, file).toContain(name);
      expect(summary.length, file).toBeGreaterThan(20);
    }
  });
});

describe("changeset version, on a scratch copy", () => {
  let scratch: string;
  let run: ReturnType<typeof spawnSync>;
  const pending = readChangesets(join(ROOT, ".changeset"));
  const manifest = (path: string) => readJson<Manifest>(join(scratch, path, "package.json"));

  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), "easel-changesets-"));
    const copy = (path: string) => {
      mkdirSync(dirname(join(scratch, path)), { recursive: true });
      cpSync(join(ROOT, path), join(scratch, path), { recursive: true });
    };
    for (const path of ["package.json", "pnpm-workspace.yaml", ".changeset"]) copy(path);
    for (const pkg of workspacePackages()) copy(join(pkg.path, "package.json"));
    // The changelog generator (`@changesets/cli/changelog`) resolves from the copy.
    symlinkSync(join(ROOT, "node_modules"), join(scratch, "node_modules"), "dir");
    run = spawnSync(
      process.execPath,
      [join(ROOT, "node_modules/@changesets/cli/bin.js"), "version"],
      { cwd: scratch, encoding: "utf8" },
    );
  });

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it("succeeds and consumes every pending changeset", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(pending.length).toBeGreaterThan(0);
    expect(readChangesets(join(scratch, ".changeset"))).toEqual([]);
  });

  it("gives every published package the same next version, the highest bump applied", () => {
    const current = publishedPackages()[0]!.manifest.version;
    const order = ["patch", "minor", "major"];
    const bump = pending
      .flatMap((c) => c.releases.map((r) => r.type))
      .reduce((a, b) => (order.indexOf(b) > order.indexOf(a) ? b : a), "patch");
    const [major, minor, patch] = current.split(".").map(Number) as [number, number, number];
    const expected =
      // Below 1.0.0 changesets still bumps as asked: a minor of 0.0.0 is 0.1.0.
      bump === "major"
        ? `${major + 1}.0.0`
        : bump === "minor"
          ? `${major}.${minor + 1}.0`
          : `${major}.${minor}.${patch + 1}`;
    for (const pkg of publishedPackages()) {
      expect(manifest(pkg.path).version, pkg.path).toBe(expected);
    }
  });

  it("a package never released (no CHANGELOG.md yet) starts from 0.0.0, so a minor makes 0.1.0", () => {
    for (const pkg of publishedPackages()) {
      if (existsSync(join(pkg.dir, "CHANGELOG.md"))) continue;
      expect(pkg.manifest.version, pkg.path).toBe("0.0.0");
    }
  });

  it("writes each published package a changelog with its own changesets", () => {
    for (const pkg of publishedPackages()) {
      const name = pkg.manifest.name;
      const changelog = readFileSync(join(scratch, pkg.path, "CHANGELOG.md"), "utf8");
      const version = manifest(pkg.path).version;
      expect(changelog.startsWith(`# ${name}\n\n## ${version}\n`), name).toBe(true);
      for (const changeset of pending) {
        const mine = changeset.releases.some((r) => r.name === name);
        const first = changeset.summary.split("\n")[0]!;
        if (mine) expect(changelog, `${name} ${changeset.file}`).toContain(first);
        else expect(changelog, `${name} ${changeset.file}`).not.toContain(first);
      }
    }
  });

  it("leaves private packages alone: same version, no changelog", () => {
    for (const pkg of workspacePackages().filter((p) => p.manifest.private)) {
      expect(manifest(pkg.path).version, pkg.path).toBe(pkg.manifest.version);
      expect(existsSync(join(scratch, pkg.path, "CHANGELOG.md")), pkg.path).toBe(false);
    }
  });

  it("keeps workspace dependencies as workspace:* (pnpm publish pins them)", () => {
    for (const pkg of publishedPackages()) {
      const deps = manifest(pkg.path).dependencies ?? {};
      for (const [name, range] of Object.entries(deps)) {
        if (name.startsWith("@easel/")) expect(range, `${pkg.path} ${name}`).toBe("workspace:*");
      }
    }
  });
});
