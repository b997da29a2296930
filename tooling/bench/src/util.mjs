// Small shared pieces: medians, timing, and running a task in a fresh Node process.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const MB = 1024 * 1024;

/** The median (the lower middle for an even count). */
export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

/**
 * The median of per-round ratios a[i] / b[i]: contenders of one round ran back to back, so a
 * burst of load from other processes hits both sides of each ratio alike. More robust on a
 * busy machine than the ratio of the two medians.
 */
export function pairedRatio(a, b) {
  return median(a.map((value, i) => value / b[i]));
}

export const gc = globalThis.gc ?? (() => {});

/**
 * The order in which `count` contenders run in `round`: a shuffle seeded by the round, the
 * same in every run. A fixed rotation would keep each contender behind the same neighbour
 * every round, and a neighbour that leaves much garbage or freed memory behind slows the
 * next one alike every time.
 */
export function roundOrder(count, round) {
  const order = Array.from({ length: count }, (_, i) => i);
  let seed = (round + 1) * 0x9e3779b1;
  for (let i = count - 1; i > 0; i--) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const j = seed % (i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

/** Seconds since `started` (a `process.hrtime.bigint()`). */
export const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

const CHILD = fileURLToPath(new URL("./child.mjs", import.meta.url));

/**
 * Runs `task` (an export of child.mjs) in a fresh `node --expose-gc` process and returns the
 * JSON it prints. A fresh process per task: its memory high-water mark (maxRSS) belongs to
 * that task alone, and one benchmark's heap does not slow the next.
 */
export async function inChild(task, args = {}) {
  // Another process rebuilding a workspace package (tsup empties dist/ first) makes an import
  // fail for a moment: wait and try again rather than lose a five-minute run.
  for (let attempt = 1; ; attempt++) {
    try {
      return await childOnce(task, args);
    } catch (error) {
      if (attempt >= 4 || !/ERR_MODULE_NOT_FOUND|Cannot find module/.test(String(error)))
        throw error;
      progress(`${task}: a module was missing (a package being rebuilt?); retrying in 5 s`);
      await new Promise((resolve) => setTimeout(resolve, 5_000));
    }
  }
}

function childOnce(task, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--expose-gc", CHILD, task, JSON.stringify(args)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (text) => {
      stdout += text;
    });
    child.stderr.setEncoding("utf8").on("data", (text) => {
      stderr += text;
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (code !== 0) {
        reject(new Error(`${task} ${JSON.stringify(args)} failed (${code ?? signal}):\n${stderr}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout));
      } catch (error) {
        reject(
          new Error(`${task} printed no JSON: ${stdout.slice(0, 500)}\n${stderr}`, {
            cause: error,
          }),
        );
      }
    });
  });
}

/** `(a / b)x` with two decimals. */
export const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

/** Writes a progress line to stderr (stdout stays for results). */
export const progress = (line) => process.stderr.write(`  ${line}\n`);

/**
 * Starts the emulator (`easel-emulator`, the package's bin) in its own Node process on
 * 127.0.0.1, streaming with no pause between events. Its own process: rendering and encoding
 * images must not block the event loop of the client being timed.
 */
export function startEmulatorProcess() {
  const bin = fileURLToPath(
    new URL("dist/bin.js", import.meta.resolve("@easel/emulator/package.json")),
  );
  return startServerProcess(bin, ["--port", "0", "--interval", "0"]);
}

/**
 * Starts a server script in its own Node process; resolves with the first `http...` line it
 * prints as `url`, and `close()`. The process is killed when this one exits.
 */
export function startServerProcess(script, args = []) {
  const child = spawn(process.execPath, [script, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  // Never outlive the benchmark, even when it fails.
  const kill = () => child.kill("SIGTERM");
  process.once("exit", kill);
  let errors = "";
  child.stderr.setEncoding("utf8").on("data", (text) => {
    errors += text;
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.on("error", reject);
    child.on("exit", (code) =>
      reject(new Error(`${script} exited (${code}) before listening:\n${errors}`)),
    );
    child.stdout.setEncoding("utf8").on("data", (text) => {
      out += text;
      const line = out.split("\n").find((l) => l.startsWith("http"));
      if (!line) return;
      child.removeAllListeners("exit");
      resolve({
        url: line.trim(),
        close: () =>
          new Promise((done) => {
            process.off("exit", kill);
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
  });
}
