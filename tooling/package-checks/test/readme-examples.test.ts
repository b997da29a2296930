// Every ```ts and ```sh block of every published package's README runs, unless tagged
// `fragment`, against the emulator: OPENAI_API_KEY and OPENAI_BASE_URL point at it, so an
// example written for the real API runs unchanged. TypeScript blocks run where the package
// runs: Node (tsx), Chromium (@easel/browser, bundled as an app would and served with the
// @easel/edge proxy) or workerd (@easel/edge, called like a browser would call it). All of
// them also typecheck against the published type declarations.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Runtime, runnableBlocks } from "./support/markdown";
import {
  type ApiEnv,
  closeChromium,
  type ExampleOutcome,
  PACKAGE_DIR,
  runBrowserExample,
  runNodeExample,
  runShellExample,
  runWorkerExample,
} from "./support/run-examples";
import { publishedPackages } from "./support/workspace";

const TMP = join(PACKAGE_DIR, ".readme-tmp");

/** Where a package's TypeScript examples run unless a block says otherwise. */
const RUNTIME: Record<string, Exclude<Runtime, "shell">> = {
  "@easel/browser": "browser",
  "@easel/edge": "worker",
};

const examples = publishedPackages().flatMap((pkg) => {
  // A missing README has no example, which the first test of its package reports.
  const path = join(pkg.dir, "README.md");
  const readme = existsSync(path) ? readFileSync(path, "utf8") : "";
  const name = pkg.manifest.name;
  return runnableBlocks(readme, RUNTIME[name] ?? "node").map((block, index) => {
    const id = `${name.replace("@easel/", "")}-${index + 1}`;
    const file = block.runtime === "shell" ? "example.sh" : "example.ts";
    return { ...block, pkg: name, id, dir: join(TMP, id), file };
  });
});

const runners: Record<
  Runtime,
  (file: string, dir: string, api: ApiEnv) => Promise<ExampleOutcome>
> = {
  node: runNodeExample,
  shell: runShellExample,
  browser: runBrowserExample,
  worker: runWorkerExample,
};

let emulator: RunningEmulator;
let api: ApiEnv;

beforeAll(async () => {
  rmSync(TMP, { recursive: true, force: true });
  for (const example of examples) {
    mkdirSync(example.dir, { recursive: true });
    writeFileSync(join(example.dir, example.file), example.code);
  }
  emulator = await startEmulator({ streamIntervalMs: 0 });
  api = { OPENAI_API_KEY: "sk-readme-example-key", OPENAI_BASE_URL: emulator.url };
});

afterAll(async () => {
  await closeChromium();
  await emulator?.close();
  rmSync(TMP, { recursive: true, force: true });
});

describe.each(publishedPackages().map((p) => p.manifest.name))("%s README", (pkg) => {
  const mine = examples.filter((e) => e.pkg === pkg);
  let generated = 0;

  it("has a TypeScript or shell example that runs", () => {
    expect(mine.length).toBeGreaterThan(0);
  });

  for (const example of mine) {
    it(`example at line ${example.line} runs (${example.runtime})`, async () => {
      const before = emulator.emulator.stats.generations;
      const outcome = await runners[example.runtime](example.file, example.dir, api);
      generated += emulator.emulator.stats.generations - before;
      expect(outcome.ok, `${example.pkg} README line ${example.line}:\n${outcome.output}`).toBe(
        true,
      );
    });
  }

  // Reaching the API is the point: examples that generate nothing prove little. The
  // emulator's own README starts its emulators itself, so it is exempt.
  it("its examples generate images through OPENAI_BASE_URL", () => {
    const ownEmulator = mine.some((e) => /\b(startEmulator|createImagesEmulator)\(/.test(e.code));
    if (!ownEmulator) expect(generated).toBeGreaterThan(0);
  });
});

it("every TypeScript example typechecks against the published declarations", async () => {
  const files = examples.filter((e) => e.file === "example.ts").map((e) => `${e.id}/${e.file}`);
  writeFileSync(
    join(TMP, "tsconfig.json"),
    JSON.stringify({
      extends: "@easel/tsconfig/node.json",
      // Examples may name a value only to show it (`const { images, usage } = ...`).
      compilerOptions: { noUnusedLocals: false, noUnusedParameters: false },
      files,
    }),
  );
  const tsc = join(PACKAGE_DIR, "node_modules/typescript/bin/tsc");
  const outcome = await new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [tsc, "-p", join(TMP, "tsconfig.json")], { cwd: TMP });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on("close", (code) => resolve({ code, output }));
  });
  expect(outcome.output).toBe("");
  expect(outcome.code).toBe(0);
});
