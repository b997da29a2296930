// Runs one README example in the runtime it was written for, against the emulator:
// Node (tsx), a shell (bash, with the packages' bins on PATH), a real Chromium page whose
// `/api` is `createImagesProxy` from @easel/edge, or a real workerd (wrangler) Worker that
// the test then calls like a browser would. Each returns whether it worked and what it said.
import { spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createImagesProxy } from "@easel/edge";
import { CHROMIUM_ARGS, findChromium } from "@easel/test-chromium";
import { build } from "esbuild";
import { type Browser, chromium } from "playwright-core";
import { unstable_startWorker } from "wrangler";

/** tooling/package-checks */
export const PACKAGE_DIR = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(PACKAGE_DIR, "node_modules", ".bin");
const WORKSPACE = join(PACKAGE_DIR, "..", "..");

// The published bins (`easel`, `easel-emulator`) as a user has them after `npm i`. pnpm links
// a workspace package's bin only if its file exists at install time, and on a fresh clone the
// dist/ it points into is built later, so the links would be missing: wrap the built files.
function workspaceBins(): string {
  const dir = join(PACKAGE_DIR, ".readme-tmp", "bin");
  mkdirSync(dir, { recursive: true });
  for (const pkg of ["cli", "emulator"]) {
    const root = join(WORKSPACE, "packages", pkg);
    const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      bin?: Record<string, string>;
    };
    for (const [name, file] of Object.entries(manifest.bin ?? {})) {
      const shim = join(dir, name);
      writeFileSync(shim, `#!/bin/sh\nexec node ${JSON.stringify(join(root, file))} "$@"\n`);
      chmodSync(shim, 0o755);
    }
  }
  return dir;
}

/** Where the examples find the API: what a user sets for the real one. */
export interface ApiEnv {
  OPENAI_API_KEY: string;
  OPENAI_BASE_URL: string;
}

export interface ExampleOutcome {
  ok: boolean;
  /** Everything the example printed, and why it failed. */
  output: string;
}

const CHILD_TIMEOUT_MS = 90_000;

/** The child's environment: the test's, minus any real OpenAI settings, plus the emulator's. */
function childEnv(api: ApiEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...api, NO_COLOR: "1" };
  delete env.OPENAI_ORG_ID;
  delete env.OPENAI_PROJECT_ID;
  env.PATH = `${workspaceBins()}:${BIN}:${process.env.PATH ?? ""}`;
  return env;
}

// Asynchronous on purpose: the emulator answering the example runs in this process.
function runChild(command: string, args: string[], cwd: string, api: ApiEnv) {
  return new Promise<ExampleOutcome>((resolve) => {
    const child = spawn(command, args, { cwd, env: childEnv(api) });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), CHILD_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ ok: code === 0, output: `${output}\n[exit ${code ?? signal}]` });
    });
  });
}

/** A TypeScript example run by tsx in Node, with `cwd` as its working directory. */
export function runNodeExample(file: string, cwd: string, api: ApiEnv): Promise<ExampleOutcome> {
  return runChild(join(BIN, "tsx"), [file], cwd, api);
}

/** A shell example run by bash, stopping at the first failing command. */
export function runShellExample(file: string, cwd: string, api: ApiEnv): Promise<ExampleOutcome> {
  return runChild("bash", ["-euo", "pipefail", file], cwd, api);
}

// --- Browser ----------------------------------------------------------------------------------

let browser: Promise<Browser> | undefined;

function launchChromium(): Promise<Browser> {
  // findChromium fails the test (never skips it), with the way to get a Chromium.
  const executablePath = findChromium();
  browser ??= chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true });
  return browser;
}

/** Closes the Chromium the browser examples shared. */
export async function closeChromium(): Promise<void> {
  const opened = browser;
  browser = undefined;
  await (await opened)?.close();
}

const PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>README example</title></head>
<body><img alt=""><script type="module" src="/example.js"></script></body></html>`;

/** Node's request as a Fetch `Request`, and a Fetch `Response` streamed back. */
async function toRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) {
      headers.append(name, v);
    }
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? Buffer.concat(chunks) : undefined,
  });
}

async function sendResponse(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    res.write(chunk.value);
  }
  res.end();
}

/**
 * A browser example bundled with esbuild for the browser (as an app would bundle it) and run
 * in Chromium on a loopback page with one `<img>`. `/api/images/generations` is the real
 * proxy from @easel/edge, holding the key and forwarding to the emulator: the example talks
 * to what it would talk to in production.
 */
export async function runBrowserExample(
  file: string,
  dir: string,
  api: ApiEnv,
): Promise<ExampleOutcome> {
  const chromiumReady = launchChromium();
  const bundle = await build({
    stdin: {
      // The marker runs only once the example's module (top-level awaits included) is done.
      contents: `import ${JSON.stringify(`./${file}`)};\n(globalThis as { __exampleDone?: boolean }).__exampleDone = true;\n`,
      resolveDir: dir,
      loader: "ts",
      sourcefile: "entry.ts",
    },
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  const proxy = createImagesProxy({ auth: "none" });
  const log: string[] = [];
  const server = createServer(async (req, res) => {
    const origin = `http://${req.headers.host}`;
    const path = new URL(req.url ?? "/", origin).pathname;
    log.push(`${req.method} ${path}`);
    try {
      if (path === "/") {
        res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(PAGE);
      } else if (path === "/example.js") {
        res.writeHead(200, { "content-type": "text/javascript" }).end(bundle.outputFiles[0]!.text);
      } else {
        await sendResponse(res, await proxy(await toRequest(req, origin), { ...api }));
      }
    } catch (error) {
      log.push(`server error: ${String(error)}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const context = await (await chromiumReady).newContext({ acceptDownloads: true });
  try {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
    page.on("console", (message) => log.push(`console.${message.type()}: ${message.text()}`));
    page.on("download", (download) => log.push(`download: ${download.suggestedFilename()}`));
    await page.goto(`http://127.0.0.1:${port}/`);
    const done = await page
      .waitForFunction(
        () => (globalThis as { __exampleDone?: boolean }).__exampleDone === true,
        null,
        {
          timeout: CHILD_TIMEOUT_MS,
        },
      )
      .then(
        () => true,
        (error: Error) => {
          errors.push(`not finished: ${error.message.split("\n")[0]}`);
          return false;
        },
      );
    return { ok: done && errors.length === 0, output: [...log, ...errors].join("\n") };
  } finally {
    await context.close();
    await new Promise((resolve) => server.close(resolve));
  }
}

// --- Worker -----------------------------------------------------------------------------------

const WORKER_START_TIMEOUT_MS = 30_000;

/** What the Worker examples' `env` holds besides the API settings. */
export const WORKER_BINDINGS = { PROXY_TOKEN: "readme-proxy-token" };

/**
 * A Worker example (a module whose default export handles `fetch`) bundled by wrangler and
 * run in workerd, with the API settings and `PROXY_TOKEN` as bindings and a `RATE_LIMITER`
 * Rate Limiting binding. The test then asks it for an image the way a browser client would:
 * `POST /api/images/generations` with the proxy token, and reads the whole answer.
 */
export async function runWorkerExample(
  file: string,
  dir: string,
  api: ApiEnv,
): Promise<ExampleOutcome> {
  const config = join(dir, "wrangler.json");
  writeFileSync(
    config,
    JSON.stringify({
      name: "readme-example",
      main: `./${file}`,
      compatibility_date: "2026-04-01",
      compatibility_flags: ["enable_request_signal"],
      ratelimits: [
        { name: "RATE_LIMITER", namespace_id: "1001", simple: { limit: 100, period: 60 } },
      ],
    }),
  );
  const vars = { ...api, ...WORKER_BINDINGS };
  const worker = await unstable_startWorker({
    config,
    envFiles: [],
    bindings: Object.fromEntries(
      Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }]),
    ),
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      liveReload: false,
      persist: false,
      logLevel: "warn",
    },
  });
  try {
    // A Worker that throws at startup leaves `ready` pending; its error is on stderr.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = await Promise.race([
      worker.ready.then(() => true),
      new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), WORKER_START_TIMEOUT_MS);
      }),
    ]);
    clearTimeout(timer);
    if (!started) {
      return { ok: false, output: "workerd did not start the example (its error is above)" };
    }
    const response = await fetch(new URL("/api/images/generations", await worker.url), {
      method: "POST",
      headers: {
        authorization: `Bearer ${WORKER_BINDINGS.PROXY_TOKEN}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({
        model: "gpt-image-2",
        prompt: "a paper kite over the sea",
        size: "1024x1024",
        quality: "low",
      }),
    });
    const text = await response.text();
    const delivered = text.includes("image_generation.completed") || text.includes('"b64_json"');
    return {
      ok: response.status === 200 && delivered,
      output: `HTTP ${response.status} ${response.headers.get("content-type")}\n${text.slice(0, 300)}`,
    };
  } finally {
    await worker.dispose();
  }
}
