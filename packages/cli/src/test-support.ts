// Test helpers: the built CLI as a child process, and in-process runs with collected output.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { onTestFinished } from "vitest";
import { type RunOptions, run } from "./run";

export const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
export const SECRET = "sk-test-SECRET-cli";

/** A fresh directory, removed when the current test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "easel-cli-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Files in `dir`, recursively relative, temporary files included; [] when it does not exist. */
export async function filesIn(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir, { recursive: true })).map(String).sort();
  } catch {
    return [];
  }
}

/** The environment of a child: no OPENAI_* from the machine running the tests. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v !== undefined && !k.startsWith("OPENAI_") && k !== "NO_COLOR" && k !== "FORCE_COLOR") {
      env[k] = v;
    }
  }
  return { ...env, ...extra };
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/bin.js ...args`. `onStderr` sees stderr as it grows (to send a signal at
 * the right moment).
 */
export function runCli(
  args: string[],
  options: {
    cwd: string;
    env: Record<string, string>;
    onStderr?: (text: string, child: ChildProcess) => void;
  },
): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
      options.onStderr?.(stderr, child);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

/** A stream that records what is written, as a terminal or not. */
export function collector(isTTY = false) {
  let text = "";
  return {
    isTTY,
    write(chunk: string) {
      text += chunk;
      return true;
    },
    get text() {
      return text;
    },
  };
}

/** `run` in-process with collected output. */
export async function runInProcess(
  argv: string[],
  options: Partial<RunOptions> & { tty?: boolean } = {},
) {
  const stdout = collector(options.tty);
  const stderr = collector(options.tty);
  const code = await run(argv, { env: {}, ...options, stdout, stderr });
  return { code, stdout: stdout.text, stderr: stderr.text };
}
