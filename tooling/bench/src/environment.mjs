// What BENCHMARKS.md records about the run: the machine and the versions measured.
import { execFileSync } from "node:child_process";
import { readFileSync, realpathSync } from "node:fs";
import { cpus, release, totalmem, type } from "node:os";
import { pathToFileURL } from "node:url";

const here = new URL("..", import.meta.url);

/** CPU model, cores, memory, OS and Node version. */
export function machine() {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? "unknown",
    cores: cpu.length,
    memoryGB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    v8: process.versions.v8,
  };
}

function versionOf(name, from = here) {
  try {
    return JSON.parse(
      readFileSync(
        new URL(`${from === here ? "node_modules/" : ""}${name}/package.json`, from),
        "utf8",
      ),
    ).version;
  } catch {
    return "not installed";
  }
}

function git(args) {
  try {
    return execFileSync("git", args, { cwd: here, encoding: "utf8" }).trim();
  } catch {
    return "";
  }
}

/** The packages measured, and the easel commit (with "+ changes" when the tree is dirty). */
export function versions() {
  const commit = git(["rev-parse", "--short", "HEAD"]);
  const dirty = git(["status", "--porcelain", "--untracked-files=no"]) !== "";
  // workerd is miniflare's dependency, installed beside it (pnpm), not under this package.
  let miniflare = here;
  try {
    miniflare = pathToFileURL(`${realpathSync(new URL("node_modules/miniflare", here))}/../`);
  } catch {}
  return {
    easel: `${versionOf("@easel/core")} (commit ${commit || "unknown"}${dirty ? " + uncommitted changes" : ""})`,
    openai: versionOf("openai"),
    ai: versionOf("ai"),
    "@ai-sdk/openai": versionOf("@ai-sdk/openai"),
    "eventsource-parser": versionOf("eventsource-parser"),
    esbuild: versionOf("esbuild"),
    wrangler: versionOf("wrangler"),
    miniflare: versionOf("miniflare"),
    workerd: versionOf("workerd", miniflare).replace(/^not installed$/, "unknown"),
  };
}
