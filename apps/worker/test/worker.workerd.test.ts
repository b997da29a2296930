// The demo Worker as deployed (wrangler.jsonc), in workerd through wrangler's dev server:
// emulator mode (no key), and OpenAI mode pointed at an emulator on loopback standing in for
// the API, with and without the PROXY_TOKEN secret.
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedWorker as Started, startDemoWorker as start } from "./start-demo-worker";

const KEY = "sk-test-SECRET-edge";
const TOKEN = "demo-token-51d0";
interface Answer {
  error: { message: string; type: string; param: string | null; code: string | null };
  issues: { param: string | null; code: string }[];
}

async function call(worker: Started, path: string, init: RequestInit = {}) {
  const response = await fetch(new URL(path, worker.url), init);
  const text = await response.text();
  expect(text).not.toContain("SECRET");
  for (const [name, value] of response.headers) expect(`${name}: ${value}`).not.toContain("SECRET");
  return { response, text };
}

const post = (params: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", ...headers },
  body: JSON.stringify(params),
});

/** Parses an SSE body into its events' JSON data. */
function events(text: string): Record<string, unknown>[] {
  return text
    .split("\n\n")
    .map((block) => block.split("\n").find((line) => line.startsWith("data: ")))
    .filter((line): line is string => line !== undefined)
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

function pngSize(b64: string): { width: number; height: number } {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const view = new DataView(bytes.buffer);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe("emulator mode (no OPENAI_API_KEY)", () => {
  let worker: Started;
  beforeAll(async () => {
    worker = await start({});
  });
  afterAll(() => worker?.dispose());

  const stats = async () =>
    (await (await fetch(new URL("/api/emulator/stats", worker.url))).json()) as {
      generations: number;
      completed: number;
    };

  it("says so at /api/config", async () => {
    const { response, text } = await call(worker, "/api/config");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(text)).toEqual({
      upstream: "emulator",
      auth: "none",
      basePath: "/api",
      models: ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini"],
      maxN: 4,
      maxPixels: 3840 * 2160,
      maxBodyBytes: 65536,
      streaming: true,
      moderation: null,
    });
  });

  it("serves the page from static assets", async () => {
    const { response, text } = await call(worker, "/");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    expect(text).toContain("<html");
  });

  it("streams partial images then the final image from the emulator inside the Worker", async () => {
    const before = await stats();
    const { response, text } = await call(
      worker,
      "/api/images/generations",
      post({
        model: "gpt-image-2",
        prompt: "a lighthouse at dusk",
        size: "1536x864",
        quality: "low",
        stream: true,
        partial_images: 2,
      }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const received = events(text);
    expect(received.map((event) => event.type)).toEqual([
      "image_generation.partial_image",
      "image_generation.partial_image",
      "image_generation.completed",
    ]);
    const final = received[2]!;
    expect(pngSize(final.b64_json as string)).toEqual({ width: 1536, height: 864 });
    expect(final.usage).toBeDefined();
    expect((await stats()).completed).toBe(before.completed + 1);
  });

  it("refuses an invalid size before the emulator sees it", async () => {
    const before = await stats();
    const { response, text } = await call(
      worker,
      "/api/images/generations",
      post({ model: "gpt-image-2", prompt: "a fox", size: "1792x936" }),
    );
    expect(response.status).toBe(400);
    const answer = JSON.parse(text) as Answer;
    expect(answer.error).toMatchObject({ param: "size", code: "invalid_value" });
    expect(answer.issues).toHaveLength(1);
    expect((await stats()).generations).toBe(before.generations);
  });

  it("answers unknown API paths and foreign origins in the API's error shape", async () => {
    const missing = await call(worker, "/api/images/edits", post({ prompt: "a" }));
    expect(missing.response.status).toBe(404);
    expect((JSON.parse(missing.text) as Answer).error.code).toBe("not_found");
    const file = await call(worker, "/v1/images/files/img_missing");
    expect(file.response.status).toBe(404);
    const foreign = await call(
      worker,
      "/api/images/generations",
      post({ prompt: "a" }, { origin: "https://elsewhere.example" }),
    );
    expect(foreign.response.status).toBe(403);
  });
});

describe("OpenAI mode (OPENAI_API_KEY set)", () => {
  let api: RunningEmulator;
  let worker: Started;
  let unguarded: Started;
  beforeAll(async () => {
    // Stands in for api.openai.com: it accepts only the planted key.
    api = await startEmulator({ apiKeys: [KEY], streamIntervalMs: 0 });
    const vars = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: api.url };
    [worker, unguarded] = await Promise.all([start({ ...vars, PROXY_TOKEN: TOKEN }), start(vars)]);
  });
  afterAll(async () => {
    await Promise.all([worker?.dispose(), unguarded?.dispose()]);
    await api?.close();
  });

  it("says so at /api/config, asking for a token", async () => {
    const { text } = await call(worker, "/api/config");
    expect(JSON.parse(text)).toMatchObject({
      upstream: "openai",
      auth: "token",
      maxN: 1,
      maxPixels: 2560 * 1440,
    });
  });

  it("refuses a request without the token, with no upstream call", async () => {
    const before = api.emulator.stats.requests;
    const { response, text } = await call(
      worker,
      "/api/images/generations",
      post({ model: "gpt-image-1.5", prompt: "a kite" }),
    );
    expect(response.status).toBe(401);
    expect((JSON.parse(text) as Answer).error.code).toBe("invalid_proxy_token");
    expect(api.emulator.stats.requests).toBe(before);
  });

  it("forwards with the key when the token is right, and never shows the key", async () => {
    const { response, text } = await call(
      worker,
      "/api/images/generations",
      post(
        { model: "gpt-image-1.5", prompt: "a kite", quality: "low", stream: true },
        { authorization: `Bearer ${TOKEN}` },
      ),
    );
    expect(response.status).toBe(200);
    expect(events(text).at(-1)?.type).toBe("image_generation.completed");
    expect(api.emulator.stats.completed).toBeGreaterThanOrEqual(1);
  });

  it("applies the Rate Limiting binding per client", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 12; i++) {
      // Invalid on purpose: the limit is checked first, and nothing reaches the upstream.
      const { response } = await call(
        worker,
        "/api/images/generations",
        post(
          { model: "gpt-image-1.5", prompt: "a", size: "1x1" },
          { authorization: `Bearer ${TOKEN}` },
        ),
      );
      statuses.push(response.status);
      if (response.status === 429) retryAfter = response.headers.get("retry-after");
    }
    expect(statuses).toContain(429);
    expect(new Set(statuses)).toEqual(new Set([400, 429]));
    expect(Number(retryAfter)).toBeGreaterThan(0);
  });

  it("refuses every generation when PROXY_TOKEN is not set, rather than running open", async () => {
    const before = api.emulator.stats.requests;
    const { response, text } = await call(
      unguarded,
      "/api/images/generations",
      post({ model: "gpt-image-1.5", prompt: "a kite" }, { authorization: "Bearer anything" }),
    );
    expect(response.status).toBe(500);
    expect((JSON.parse(text) as Answer).error.code).toBe("proxy_misconfigured");
    expect(api.emulator.stats.requests).toBe(before);
  });
});
