// Issue 9, secrets: the planted key never leaves the Worker. Every status the proxy can answer
// (200 streamed and not, 400, 401, 403, 404, 405, 413, 415, 429, 500, 502, 503), with an
// upstream that echoes the key wherever it can in its errors; and the bundles: the page
// (public/app.js), @easel/browser's dist and the Worker's deploy bundle, each built here with
// the key in the environment and in .dev.vars and .env, then searched byte for byte.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appDir,
  type CannedAnswer,
  expectNoKey,
  type Forwarder,
  KEY_FRAGMENTS,
  PLANTED,
  responseText,
  type StartedWorker,
  startDemoWorker,
  startForwarder,
  TOKEN,
} from "./harness";

let api: RunningEmulator;
let upstream: Forwarder;
let worker: StartedWorker;
let unguarded: StartedWorker;

beforeAll(async () => {
  api = await startEmulator({ apiKeys: [PLANTED], streamIntervalMs: 1 });
  upstream = await startForwarder(api.url);
  const vars = { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: upstream.url };
  [worker, unguarded] = await Promise.all([
    startDemoWorker({ ...vars, PROXY_TOKEN: TOKEN }),
    // The key but no PROXY_TOKEN: the Worker must fail closed, and say nothing of the key.
    startDemoWorker(vars),
  ]);
});
afterAll(async () => {
  await Promise.all([worker?.dispose(), unguarded?.dispose()]);
  await upstream?.close();
  await api?.close();
});

const VALID = { model: "gpt-image-1.5", prompt: "a kite", size: "1024x1024", quality: "low" };
let clients = 0;

async function call(
  target: StartedWorker,
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
) {
  const response = await fetch(new URL(path, target.url), {
    method: init.method ?? "POST",
    headers: {
      "content-type": "application/json",
      "cf-connecting-ip": `192.0.2.${++clients}`,
      ...init.headers,
    },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await responseText(response);
  return { status: response.status, text };
}

const auth = { authorization: `Bearer ${TOKEN}` };
const generate = (body: unknown, headers: Record<string, string> = auth) =>
  call(worker, "/api/images/generations", { body: JSON.stringify(body), headers });

/** Upstream answers that quote the key every way a careless server could. */
function echoing(status: number, shape: "json" | "html" | "text"): () => CannedAnswer {
  const masked = `${PLANTED.slice(0, 8)}${"*".repeat(20)}${PLANTED.slice(-4)}`;
  const message = `Incorrect API key provided: ${PLANTED}. Also ${masked}. Bearer ${PLANTED}`;
  return () => ({
    status,
    headers: {
      "content-type": shape === "json" ? "application/json" : `text/${shape}`,
      "x-request-id": "req_echo",
      "x-echo-authorization": `Bearer ${PLANTED}`,
      "set-cookie": `session=${PLANTED}`,
      "openai-organization": PLANTED,
      ...(status === 429 ? { "retry-after": "3" } : {}),
    },
    body:
      shape === "json"
        ? JSON.stringify({
            error: {
              message,
              type: status === 429 ? "requests" : "invalid_request_error",
              param: PLANTED,
              code: status === 401 ? "invalid_api_key" : null,
              detail: { key: PLANTED, list: [PLANTED, masked] },
            },
          })
        : shape === "html"
          ? `<html><body><h1>${status}</h1><p>${message}</p></body></html>`
          : message,
  });
}

describe(`proxy answers never carry the key (${PLANTED})`, () => {
  it("every status the proxy makes itself", async () => {
    const answers = [
      await call(worker, "/api/config", { method: "GET" }),
      await call(worker, "/api/images/generations", {
        method: "OPTIONS",
        headers: { "access-control-request-method": "POST" },
      }),
      await generate({ ...VALID, size: "1792x936" }),
      await call(worker, "/api/images/generations", { body: "[".repeat(40), headers: auth }),
      await call(worker, "/api/images/generations", { body: "{", headers: auth }),
      await generate(VALID, {}),
      await generate(VALID, { authorization: `Bearer ${PLANTED}` }),
      await generate(VALID, { ...auth, origin: "https://evil.example" }),
      await call(worker, "/api/images/edits", { body: "{}", headers: auth }),
      await call(worker, "/api/images/generations", { method: "GET", headers: auth }),
      await generate({ ...VALID, prompt: "x".repeat(70_000) }),
      await call(worker, "/api/images/generations", {
        body: JSON.stringify(VALID),
        headers: { ...auth, "content-type": "text/plain" },
      }),
      await call(unguarded, "/api/images/generations", {
        body: JSON.stringify(VALID),
        headers: auth,
      }),
    ];
    expect(answers.map((a) => a.status)).toEqual([
      200, 204, 400, 400, 400, 401, 401, 403, 404, 405, 413, 415, 500,
    ]);
    // The proxy's own 429.
    const ip = "192.0.2.250";
    let limited: Awaited<ReturnType<typeof call>> | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const answer = await call(worker, "/api/images/generations", {
        body: JSON.stringify({ ...VALID, size: "1x1" }),
        headers: { ...auth, "cf-connecting-ip": ip },
      });
      if (answer.status === 429) limited = answer;
    }
    expect(limited?.status).toBe(429);
    for (const answer of [...answers, limited!]) expectNoKey(`HTTP ${answer.status}`, answer.text);
  });

  it("200, streamed and not, from the real emulator (which only accepts the key)", async () => {
    const plain = await generate(VALID);
    const streamed = await generate({ ...VALID, stream: true, partial_images: 1 });
    expect([plain.status, streamed.status]).toEqual([200, 200]);
    expect(streamed.text).toContain("image_generation.completed");
    expectNoKey("200 JSON", plain.text);
    expectNoKey("200 stream", streamed.text);
    // The key did go upstream: its absence above is the proxy's doing.
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PLANTED}`);
  });

  it("upstream errors of every status that quote the key in body and headers", async () => {
    const cases: [number, "json" | "html" | "text"][] = [
      [400, "json"],
      [401, "json"],
      [401, "text"],
      [403, "json"],
      [404, "json"],
      [429, "json"],
      [500, "json"],
      [502, "html"],
      [503, "json"],
      [503, "text"],
    ];
    try {
      for (const [status, shape] of cases) {
        upstream.canned = echoing(status, shape);
        const answer = await generate(VALID);
        expect(answer.status, `${status} ${shape}`).toBe(status);
        expectNoKey(`upstream ${status} ${shape}`, answer.text);
        // Still says what went wrong.
        expect(answer.text).toContain('"error"');
      }
    } finally {
      upstream.canned = undefined;
    }
  });

  it("an unreachable upstream (502)", async () => {
    const closed = await startDemoWorker({
      OPENAI_API_KEY: PLANTED,
      OPENAI_BASE_URL: `http://127.0.0.1:1/v1?key=${PLANTED}`,
      PROXY_TOKEN: TOKEN,
    });
    try {
      const answer = await call(closed, "/api/images/generations", {
        body: JSON.stringify(VALID),
        headers: auth,
      });
      expect(answer.status).toBe(502);
      expectNoKey("502 unreachable", answer.text);
    } finally {
      await closed.dispose();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Bundles, built with the key lying around: in the environment, in .dev.vars and in .env.

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Every file under `dirs`, searched as bytes for each piece of the key. */
async function expectNoKeyInFiles(dirs: string[]): Promise<number> {
  let count = 0;
  for (const dir of dirs) {
    for (const file of await filesUnder(dir)) {
      const bytes = await readFile(file);
      for (const fragment of KEY_FRAGMENTS) {
        expect(bytes.includes(Buffer.from(fragment)), `${fragment} in ${file}`).toBe(false);
      }
      count++;
    }
  }
  return count;
}

const keyEnv = {
  ...process.env,
  OPENAI_API_KEY: PLANTED,
  PROXY_TOKEN: TOKEN,
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  WRANGLER_SEND_METRICS: "false",
};
const secretsFile = `OPENAI_API_KEY=${PLANTED}\nPROXY_TOKEN=${TOKEN}\n`;

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, env: keyEnv, encoding: "utf8" });
  expect(result.status, `${command} ${args.join(" ")}\n${result.stdout}\n${result.stderr}`).toBe(0);
  // Build logs are output too.
  expectNoKey(`${command} output`, result.stdout, result.stderr);
}

describe("bundles built with the key in the environment and in .dev.vars", () => {
  let copy: string;
  beforeAll(async () => {
    // A copy of the app (sources, page, config) next to its own node_modules, so the real
    // build scripts run unchanged and write into the copy, not into the app.
    copy = await mkdtemp(join(tmpdir(), "easel-worker-secrets-"));
    for (const name of ["page", "src", "wrangler.jsonc", "package.json", "tsconfig.json"]) {
      await cp(join(appDir, name), join(copy, name), { recursive: true });
    }
    await symlink(join(appDir, "node_modules"), join(copy, "node_modules"), "dir");
    await writeFile(join(copy, ".dev.vars"), secretsFile);
    await writeFile(join(copy, ".env"), secretsFile);
  });
  afterAll(async () => {
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it("the page (public/app.js) and the Worker bundle (wrangler deploy --dry-run --outdir)", {
    timeout: 120_000,
  }, async () => {
    run(process.execPath, [join(copy, "page", "build.mjs")], copy);
    run(
      join(copy, "node_modules", ".bin", "wrangler"),
      ["deploy", "--dry-run", "--outdir", "dist"],
      copy,
    );
    const app = await readFile(join(copy, "public", "app.js"), "utf8");
    expect(app.length).toBeGreaterThan(1000);
    const bundle = await readFile(join(copy, "dist", "index.js"), "utf8");
    // The bundle is the real Worker: the proxy and the emulator are in it.
    expect(bundle).toContain("proxy_misconfigured");
    const searched = await expectNoKeyInFiles([join(copy, "public"), join(copy, "dist")]);
    expect(searched).toBeGreaterThanOrEqual(4);
    // And the builds the pipeline made before this test, where they exist.
    const built = ["public", "dist"].map((d) => join(appDir, d)).filter((d) => existsSync(d));
    await expectNoKeyInFiles(built);
  });

  it("@easel/browser's dist", { timeout: 120_000 }, async () => {
    const browserDir = join(appDir, "..", "..", "packages", "browser");
    const out = await mkdtemp(join(tmpdir(), "easel-browser-secrets-"));
    try {
      await mkdir(out, { recursive: true });
      run(join(browserDir, "node_modules", ".bin", "tsup"), ["--out-dir", out], browserDir);
      const files = await filesUnder(out);
      expect(files.some((f) => f.endsWith("index.js"))).toBe(true);
      await expectNoKeyInFiles([out]);
      if (existsSync(join(browserDir, "dist")))
        await expectNoKeyInFiles([join(browserDir, "dist")]);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("wrangler.jsonc holds no key-shaped var (a secret belongs in `wrangler secret put`)", async () => {
    const config = await readFile(join(appDir, "wrangler.jsonc"), "utf8");
    expect(config).not.toMatch(/sk-[A-Za-z0-9_-]{8,}/);
  });
});
