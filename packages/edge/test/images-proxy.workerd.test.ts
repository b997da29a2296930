// createImagesProxy inside workerd (wrangler's unstable_startWorker), talking over real HTTP on
// loopback to the emulator (Node) and to a recording upstream. Every upstream call is counted
// by the emulator's stats or the recorder, so "refused with no upstream call" is checked, not
// assumed.
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  defaultAnswer,
  type Recorder,
  readFirstEvent,
  type StartedWorker,
  startRecorder,
  startWorker,
  waitFor,
} from "./harness";

const KEY = "sk-test-SECRET-edge";
const TOKEN = "proxy-token-8c2f1e";

let emulator: RunningEmulator;
let slowEmulator: RunningEmulator;
let recorder: Recorder;
let worker: StartedWorker;

beforeAll(async () => {
  // apiKeys: the emulator refuses any other key, so a success proves the proxy added ours.
  emulator = await startEmulator({ apiKeys: [KEY], streamIntervalMs: 1_000 });
  slowEmulator = await startEmulator({ apiKeys: [KEY], latencyMs: 60_000 });
  recorder = await startRecorder();
  worker = await startWorker("./fixtures/proxy-worker.ts", {
    OPENAI_API_KEY: KEY,
    PROXY_TOKEN: TOKEN,
    EMULATOR_URL: emulator.url,
    SLOW_EMULATOR_URL: slowEmulator.url,
    RECORDER_URL: recorder.url,
  });
});

afterAll(async () => {
  await worker?.dispose();
  await Promise.all([emulator?.close(), slowEmulator?.close(), recorder?.close()]);
});

beforeEach(() => {
  emulator.emulator.resetStats();
  emulator.emulator.setFault(undefined);
  recorder.requests.length = 0;
  recorder.answer = defaultAnswer();
});

/** The fields the tests read from proxy answers: API errors, validation issues, results. */
interface Answer {
  error: { message: string; type: string; param: string | null; code: string | null };
  issues: { param: string | null; code: string; message: string }[];
  data: { b64_json?: string }[];
  usage: { output_tokens: number };
}

interface EmulatorCounts {
  active: number;
  completed: number;
  cancelled: number;
  images: number;
}

const body = (params: Record<string, unknown>) => JSON.stringify(params);
const valid = { model: "gpt-image-1.5", prompt: "a red kite", size: "1024x1024", quality: "low" };

/** Sends a request to the Worker and reads the whole answer, checking the key is not in it. */
async function send(path: string, init: RequestInit & { headers?: Record<string, string> } = {}) {
  const response = await fetch(new URL(path, worker.url), {
    method: "POST",
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  });
  const text = await response.text();
  expectNoKey(response.headers, text);
  return { response, text, json: () => JSON.parse(text) as Answer };
}

function expectNoKey(headers: Headers, text: string) {
  expect(text).not.toContain(KEY);
  expect(text).not.toContain("SECRET");
  for (const [name, value] of headers) expect(`${name}: ${value}`).not.toContain("SECRET");
}

const authorized = { authorization: `Bearer ${TOKEN}` };

describe("streaming through the proxy", () => {
  it("delivers the first partial image while the upstream is still streaming", async () => {
    const response = await fetch(new URL("/strict/api/images/generations", worker.url), {
      method: "POST",
      headers: { ...authorized, "content-type": "application/json" },
      body: body({ ...valid, stream: true, partial_images: 2 }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const { event, reader } = await readFirstEvent(response.body!);
    expect(event).toContain("event: image_generation.partial_image");
    expect(event).toContain('"partial_image_index":0');
    expectNoKey(response.headers, event);
    // The emulator waits 1 s before each event: it has sent one event of three and is still
    // producing the rest, so the proxy did not wait for the upstream to finish.
    expect(emulator.emulator.stats.active).toBe(1);
    expect(emulator.emulator.stats.completed).toBe(0);
    await reader.cancel();
    await waitFor(() => emulator.emulator.stats.cancelled === 1, "the emulator to see the cancel");
  });

  it("cancels the upstream stream when the client goes away mid-stream", async () => {
    const controller = new AbortController();
    const response = await fetch(new URL("/strict/api/images/generations", worker.url), {
      method: "POST",
      headers: { ...authorized, "content-type": "application/json" },
      body: body({ ...valid, stream: true, partial_images: 3 }),
      signal: controller.signal,
    });
    await readFirstEvent(response.body!);
    expect(emulator.emulator.stats.cancelled).toBe(0);
    controller.abort();
    await waitFor(() => emulator.emulator.stats.cancelled === 1, "the emulator to see the cancel");
    expect(emulator.emulator.stats.completed).toBe(0);
    expect(emulator.emulator.stats.active).toBe(0);
  });

  it("cancels the upstream request when the request is aborted before the headers", async () => {
    const stats = slowEmulator.emulator.stats;
    const before = stats.cancelled;
    const pending = fetch(new URL("/controlled/api/images/generations", worker.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: body(valid),
    });
    // The upstream holds the request for 60 s before answering.
    await waitFor(() => stats.active === 1, "the request to reach the upstream");
    const aborted = await (await fetch(new URL("/abort-pending", worker.url))).json();
    expect(aborted).toEqual({ ok: true });
    await waitFor(() => stats.cancelled === before + 1, "the upstream to see the abort");
    expect(stats.active).toBe(0);
    const response = await pending;
    expect(response.status).toBe(499);
    expect((await response.json()).error.code).toBe("client_closed_request");
  });

  it("cancels the emulator inside the Worker when the body is cancelled (dev mode)", async () => {
    const response = await fetch(new URL("/in-worker/cancel-after-first-event", worker.url), {
      method: "POST",
      body: body({ ...valid, stream: true, partial_images: 2 }),
    });
    const report = (await response.json()) as {
      status: number;
      firstEvent: string;
      before: EmulatorCounts;
      during: EmulatorCounts;
      after: EmulatorCounts;
    };
    expect(report.status).toBe(200);
    expect(report.firstEvent).toContain("event: image_generation.partial_image");
    expect(report.during.active).toBe(report.before.active + 1);
    expect(report.during.completed).toBe(report.before.completed);
    expect(report.after.cancelled).toBe(report.before.cancelled + 1);
    expect(report.after.active).toBe(report.before.active);
    expect(report.after.images).toBe(report.before.images);
  });

  it("passes a non-streamed success through untouched", async () => {
    const { response, json } = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body(valid),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    const result = json();
    expect(result.data).toHaveLength(1);
    expect(typeof result.data[0]!.b64_json).toBe("string");
    expect(result.usage.output_tokens).toBeGreaterThan(0);
    expect(emulator.emulator.stats.completed).toBe(1);
  });
});

describe("auth", () => {
  it("refuses a request without a token with 401 and no upstream call", async () => {
    const { response, json } = await send("/strict/api/images/generations", { body: body(valid) });
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(json().error).toMatchObject({
      type: "invalid_request_error",
      code: "invalid_proxy_token",
    });
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("refuses a wrong token with 401 and no upstream call", async () => {
    for (const authorization of [
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      "Bearer ",
      `Basic ${TOKEN}`,
      TOKEN,
      `Bearer ${KEY}`,
    ]) {
      const { response, json } = await send("/strict/api/images/generations", {
        headers: { authorization },
        body: body(valid),
      });
      expect(response.status, authorization).toBe(401);
      expect(json().error.code).toBe("invalid_proxy_token");
    }
    expect(emulator.emulator.stats.requests).toBe(0);
  });
});

describe("CORS", () => {
  it("answers a preflight from an allowed origin", async () => {
    const response = await fetch(new URL("/strict/api/images/generations", worker.url), {
      method: "OPTIONS",
      headers: {
        origin: "https://allowed.example",
        "access-control-request-method": "POST",
        "access-control-request-headers": "authorization, content-type",
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://allowed.example");
    expect(response.headers.get("access-control-allow-methods")).toContain("POST");
    expect(response.headers.get("access-control-allow-headers")).toBe(
      "authorization, content-type",
    );
    expect(response.headers.get("vary")).toContain("Origin");
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("refuses a preflight and a request from a foreign origin with no upstream call", async () => {
    const preflight = await fetch(new URL("/strict/api/images/generations", worker.url), {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get("access-control-allow-origin")).toBeNull();
    const { response, json } = await send("/strict/api/images/generations", {
      headers: { ...authorized, origin: "https://evil.example" },
      body: body(valid),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
    expect(json().error.code).toBe("origin_not_allowed");
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("lets the Worker's own origin and allowed origins through, exposing x-request-id", async () => {
    const own = await send("/strict/api/images/generations", {
      headers: { ...authorized, origin: worker.url.origin },
      body: body(valid),
    });
    expect(own.response.status).toBe(200);
    const allowed = await send("/strict/api/images/generations", {
      headers: { ...authorized, origin: "https://allowed.example" },
      body: body(valid),
    });
    expect(allowed.response.status).toBe(200);
    expect(allowed.response.headers.get("access-control-allow-origin")).toBe(
      "https://allowed.example",
    );
    expect(allowed.response.headers.get("access-control-expose-headers")).toContain("x-request-id");
    expect(emulator.emulator.stats.generations).toBe(2);
  });
});

describe("request checks before any upstream call", () => {
  it("refuses a body over the limit with 413, with and without content-length", async () => {
    const big = body({ ...valid, prompt: "x".repeat(70 * 1024) });
    const declared = await send("/strict/api/images/generations", {
      headers: authorized,
      body: big,
    });
    expect(declared.response.status).toBe(413);
    expect(declared.json().error.code).toBe("request_too_large");
    // Chunked, no content-length: the bytes are counted as they arrive.
    const bytes = new TextEncoder().encode(big);
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.slice(i, i + 8192));
        controller.close();
      },
    });
    const chunked = await send("/strict/api/images/generations", {
      headers: authorized,
      body: stream,
      duplex: "half",
    } as RequestInit & { headers: Record<string, string> });
    expect(chunked.response.status).toBe(413);
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("refuses an invalid size with 400 listing every issue, and no upstream call", async () => {
    const { response, json } = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body({ model: "gpt-image-2", prompt: "a fox", size: "1792x936", quality: "best" }),
    });
    expect(response.status).toBe(400);
    const answer = json();
    expect(answer.error).toMatchObject({ param: "quality", code: "invalid_value" });
    expect(answer.issues.map((issue) => issue.param)).toEqual(["quality", "size"]);
    expect(answer.issues[1]!.message).toContain("divisible by 16");
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("refuses unknown fields, deep nesting, bad JSON and the wrong content type", async () => {
    const cases: [string, string, Record<string, string>, number, string][] = [
      ["unknown field", body({ ...valid, evil: true }), {}, 400, "unknown_parameter"],
      [
        "deep nesting",
        `{"prompt":${"[".repeat(5000)}${"]".repeat(5000)}}`,
        {},
        400,
        "json_too_deep",
      ],
      ["bad JSON", "{prompt: 'a'}", {}, 400, "invalid_json"],
      ["not an object", "[1,2]", {}, 400, "invalid_type"],
      ["text/plain", body(valid), { "content-type": "text/plain" }, 415, "unsupported_media_type"],
    ];
    for (const [name, payload, headers, status, code] of cases) {
      const { response, json } = await send("/strict/api/images/generations", {
        headers: { ...authorized, ...headers },
        body: payload,
      });
      expect(response.status, name).toBe(status);
      expect(json().error.code, name).toBe(code);
    }
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("applies the policy: allowed models, maximum n and maximum pixels", async () => {
    const model = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body({ model: "gpt-image-1", prompt: "a fox", n: 3 }),
    });
    expect(model.response.status).toBe(400);
    expect(model.json().issues.map((issue) => issue.code)).toEqual([
      "model_not_allowed",
      "integer_above_max_value",
    ]);
    // The default model counts as asked for: no model and a GPT-only parameter is gpt-image-1.
    const implicit = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body({ prompt: "a fox", output_format: "webp" }),
    });
    expect(implicit.json().error).toMatchObject({ param: "model", code: "model_not_allowed" });
    const pixels = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body({ model: "gpt-image-2", prompt: "a fox", size: "3840x2160" }),
    });
    expect(pixels.response.status).toBe(400);
    expect(pixels.json().error).toMatchObject({ param: "size", code: "size_above_proxy_limit" });
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("answers 405 to other methods and 404 to other paths", async () => {
    const get = await send("/strict/api/images/generations", {
      method: "GET",
      headers: authorized,
    });
    expect(get.response.status).toBe(405);
    expect(get.response.headers.get("allow")).toBe("POST, OPTIONS");
    const other = await send("/strict/api/images/edits", {
      headers: authorized,
      body: body(valid),
    });
    expect(other.response.status).toBe(404);
    expect(other.json().error.code).toBe("not_found");
    expect(emulator.emulator.stats.requests).toBe(0);
  });

  it("rate-limits one client with 429 and retry-after, without upstream calls", async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        send("/limited/api/images/generations", { body: body(valid) }),
      ),
    );
    for (const { response, json } of answers) {
      statuses.push(response.status);
      if (response.status === 429) {
        retryAfter = response.headers.get("retry-after");
        expect(json().error).toMatchObject({ type: "requests", code: "rate_limit_exceeded" });
      }
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect(emulator.emulator.stats.generations).toBe(3);
  });
});

describe("what reaches the upstream", () => {
  it("sends only the key and JSON headers: no cookie, client auth, forwarding or openai headers", async () => {
    const { response } = await send("/open/api/images/generations", {
      headers: {
        authorization: "Bearer client-secret",
        cookie: "session=abc",
        "x-forwarded-for": "10.0.0.1",
        "x-forwarded-host": "evil.example",
        "x-real-ip": "10.0.0.2",
        "openai-organization": "org-evil",
        "openai-project": "proj-evil",
        "x-request-id": "client-chosen",
        "x-emulator-fault": "server-error",
        "user-agent": "evil-agent",
        origin: "https://anywhere.example",
      },
      body: body(valid),
    });
    expect(response.status).toBe(200);
    expect(recorder.requests).toHaveLength(1);
    const seen = recorder.requests[0]!;
    expect(seen.method).toBe("POST");
    expect(seen.url).toBe("/v1/images/generations");
    expect(seen.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(seen.headers["content-type"]).toBe("application/json");
    expect(seen.headers.accept).toBe("application/json");
    expect(seen.headers.host).toBe(new URL(recorder.url).host);
    for (const name of [
      "cookie",
      "x-forwarded-for",
      "x-forwarded-host",
      "x-real-ip",
      "openai-organization",
      "openai-project",
      "x-request-id",
      "x-emulator-fault",
      "origin",
    ]) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    expect(JSON.stringify(seen.headers)).not.toContain("evil");
    expect(JSON.stringify(seen.headers)).not.toContain("client-secret");
  });

  it("sends the validated body: duplicate keys resolved, nulls dropped, moderation forced", async () => {
    await send("/open/api/images/generations", {
      body: '{"model":"gpt-image-1.5","prompt":"a","n":1,"n":2,"moderation":"auto","style":null}',
    });
    expect(JSON.parse(recorder.requests[0]!.body)).toEqual({
      model: "gpt-image-1.5",
      prompt: "a",
      n: 2,
      moderation: "low",
    });
  });

  it("asks for an event stream when the client streams", async () => {
    recorder.answer = {
      status: 200,
      headers: { "content-type": "text/event-stream" },
      body: 'event: image_generation.completed\ndata: {"type":"image_generation.completed"}\n\n',
    };
    const { response, text } = await send("/open/api/images/generations", {
      body: body({ ...valid, stream: true }),
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(text).toBe(recorder.answer.body);
    expect(recorder.requests[0]!.headers.accept).toBe("text/event-stream");
  });
});

describe("upstream errors", () => {
  it("passes a 5xx through in the API's error shape with its x-request-id", async () => {
    emulator.emulator.setFault({ type: "server-error", count: 1 });
    const { response, json } = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body(valid),
    });
    expect(response.status).toBe(500);
    expect(response.headers.get("x-request-id")).toMatch(/^req_/);
    expect(json().error).toMatchObject({ type: "server_error" });
    expect(typeof json().error.message).toBe("string");
    expect(emulator.emulator.stats.requests).toBe(1);
  });

  it("passes a 429 through with its retry-after", async () => {
    emulator.emulator.setFault({ type: "rate-limit", count: 1, retryAfter: 7 });
    const { response, json } = await send("/strict/api/images/generations", {
      headers: authorized,
      body: body(valid),
    });
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("7");
    expect(json().error.code).toBe("rate_limit_exceeded");
  });

  it("wraps a non-JSON upstream error in the API's error shape, status kept", async () => {
    recorder.answer = {
      status: 502,
      headers: { "content-type": "text/html", "x-request-id": "req_html", "set-cookie": "a=b" },
      body: "<html>Bad gateway</html>",
    };
    const { response, json } = await send("/open/api/images/generations", { body: body(valid) });
    expect(response.status).toBe(502);
    expect(response.headers.get("x-request-id")).toBe("req_html");
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(json().error).toMatchObject({ type: "server_error", code: "upstream_error" });
  });

  it("never echoes the key, even when the upstream quotes it", async () => {
    recorder.answer = {
      status: 401,
      headers: { "content-type": "application/json", "x-request-id": "req_401" },
      body: JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${KEY}. Also sk-test-****edge.`,
          type: "invalid_request_error",
          param: null,
          code: "invalid_api_key",
        },
      }),
    };
    const { response, json } = await send("/open/api/images/generations", { body: body(valid) });
    expect(response.status).toBe(401);
    expect(response.headers.get("x-request-id")).toBe("req_401");
    expect(json().error.code).toBe("invalid_api_key");
    expect(json().error.message).toContain("[redacted]");
    expect(json().error.message).not.toContain("edge");
  });
});
