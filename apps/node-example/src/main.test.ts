import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { expect, it, onTestFinished } from "vitest";

const MAIN = fileURLToPath(new URL("../dist/main.js", import.meta.url));

function runExample(env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN], { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

it("without OPENAI_API_KEY says it uses the emulator first, then saves images that decode", async () => {
  const outDir = await mkdtemp(join(tmpdir(), "node-example-"));
  onTestFinished(() => rm(outDir, { recursive: true, force: true }));
  const env: Record<string, string> = { EXAMPLE_OUTPUT_DIR: outDir };
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("OPENAI_")) env[k] = v;
  }
  const { code, stdout, stderr } = await runExample(env);
  expect(stderr).toBe("");
  expect(code).toBe(0);
  const lines = stdout.trim().split("\n");
  expect(lines[0]).toMatch(/emulator at http:\/\/127\.0\.0\.1:\d+\/v1/);
  const paths = lines.flatMap((line) => /saved to (.+)$/.exec(line)?.[1] ?? []);
  expect(paths).toEqual(
    ["kite-partial-1.png", "kite-partial-2.png", "kite-1.png"].map((name) => join(outDir, name)),
  );
  for (const path of paths) {
    expect(existsSync(path)).toBe(true);
    const meta = await sharp(path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
  }
  expect(lines.at(-1)).toMatch(
    /^usage: \d+ input \+ \d+ output tokens, estimated cost \$\d+\.\d{4}$/,
  );
});
