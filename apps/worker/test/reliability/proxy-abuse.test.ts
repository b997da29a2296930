// Issue 9, proxy abuse: the demo Worker as deployed (wrangler.jsonc, OpenAI mode with the
// PROXY_TOKEN secret) in workerd, in front of a recording upstream that forwards to the
// emulator. Every hostile request is refused with the right status and NO upstream call (the
// recorder counts them), and nothing a client sends in its headers reaches the upstream.
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  expectNoKey,
  type Forwarder,
  PLANTED,
  rawRequest,
  rawStatus,
  responseText,
  type StartedWorker,
  startDemoWorker,
  startForwarder,
  TOKEN,
} from "./harness";

let api: RunningEmulator;
let upstream: Forwarder;
let worker: StartedWorker;

beforeAll(async () => {
  // Accepts only the planted key: a 200 proves the proxy added it.
  api = await startEmulator({ apiKeys: [PLANTED], streamIntervalMs: 5 });
  upstream = await startForwarder(api.url);
  worker = await startDemoWorker({
    OPENAI_API_KEY: PLANTED,
    OPENAI_BASE_URL: upstream.url,
    PROXY_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await worker?.dispose();
  await upstream?.close();
  await api?.close();
});

const VALID = { model: "gpt-image-1.5", prompt: "a red kite", size: "1024x1024", quality: "low" };
const AUTH = { authorization: `Bearer ${TOKEN}` };

// The demo's Rate Limiting binding keys on CF-Connecting-IP (10 a minute). Cloudflare sets that
// header itself; wrangler's local server passes the client's, so each test names its own
// client and no test spends another's budget.
let clients = 0;
const newClient = () => `198.51.100.${++clients}`;

interface ErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** POSTs to the proxy; returns the status, headers and body, checked for the key. */
async function send(
  body: string | ReadableStream<Uint8Array> | Uint8Array,
  headers: Record<string, string> = {},
  path = "/api/images/generations",
) {
  const response = await fetch(new URL(path, worker.url), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
  } as RequestInit);
  const text = await responseText(response);
  expectNoKey(`${response.status} answer`, text);
  const json = () => JSON.parse(text.slice(text.indexOf("\n\n") + 2)) as ErrorBody;
  return { status: response.status, headers: response.headers, text, json };
}

/** Runs `work` and checks that no request reached the upstream meanwhile. */
async function noUpstreamCall<T>(work: () => Promise<T>): Promise<T> {
  const before = upstream.requests.length;
  const result = await work();
  expect(upstream.requests.length).toBe(before);
  return result;
}

describe("auth: a missing or wrong token", () => {
  it("is refused with 401, every variant, before any upstream call", async () => {
    const ip = newClient();
    const variants: Record<string, string>[] = [
      {},
      { authorization: "" },
      { authorization: "Bearer" },
      { authorization: "Bearer " },
      { authorization: "Bearer wrong" },
      { authorization: `Bearer ${TOKEN}x` },
      { authorization: `Bearer x${TOKEN}` },
      { authorization: `Bearer ${TOKEN.slice(0, -1)}` },
      { authorization: `Bearer ${TOKEN.toUpperCase()}` },
      { authorization: `Bearer ${TOKEN}, Bearer ${TOKEN}` },
      { authorization: `Basic ${btoa(`user:${TOKEN}`)}` },
      { authorization: `Token ${TOKEN}` },
      { authorization: `Bearer ${PLANTED}` },
      { cookie: `token=${TOKEN}` },
      { "x-api-key": TOKEN },
      { "proxy-authorization": `Bearer ${TOKEN}` },
    ];
    await noUpstreamCall(async () => {
      for (const headers of variants) {
        const answer = await send(JSON.stringify(VALID), { ...headers, "cf-connecting-ip": ip });
        expect(answer.status, JSON.stringify(headers)).toBe(401);
        expect(answer.json().error.code).toBe("invalid_proxy_token");
        expect(answer.headers.get("www-authenticate")).toMatch(/^Bearer/);
      }
      // The token in the query string is not a token either.
      const query = await send(
        JSON.stringify(VALID),
        { "cf-connecting-ip": ip },
        `/api/images/generations?token=${TOKEN}&authorization=Bearer%20${TOKEN}`,
      );
      expect(query.status).toBe(401);
    });
  });
});

describe("origins", () => {
  it("refuses disallowed origins with 403, preflights too, before any upstream call", async () => {
    const ip = newClient();
    const foreign = [
      "https://evil.example",
      "null",
      `https://${worker.url.host}`,
      `http://${worker.url.hostname}:1`,
      `http://${worker.url.host}.evil.example`,
      "https://xn--80ak6aa92e.com",
    ];
    await noUpstreamCall(async () => {
      for (const origin of foreign) {
        const answer = await send(JSON.stringify(VALID), {
          ...AUTH,
          origin,
          "cf-connecting-ip": ip,
        });
        expect(answer.status, origin).toBe(403);
        expect(answer.json().error.code).toBe("origin_not_allowed");
        expect(answer.headers.get("access-control-allow-origin")).toBeNull();
        const preflight = await fetch(new URL("/api/images/generations", worker.url), {
          method: "OPTIONS",
          headers: {
            origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
          },
        });
        await preflight.arrayBuffer();
        expect(preflight.status, `preflight ${origin}`).toBe(403);
      }
    });
  });
});

describe("bodies", () => {
  it("refuses an oversized body with 413, with or without content-length", async () => {
    const ip = newClient();
    const big = JSON.stringify({ ...VALID, prompt: "x".repeat(70_000) });
    await noUpstreamCall(async () => {
      const declared = await send(big, { ...AUTH, "cf-connecting-ip": ip });
      expect(declared.status).toBe(413);
      expect(declared.json().error.code).toBe("request_too_large");
      // Chunked: no content-length to trust, the proxy counts bytes as they come.
      const bytes = new TextEncoder().encode(big);
      const chunked = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8_192)
            controller.enqueue(bytes.subarray(i, i + 8_192));
          controller.close();
        },
      });
      const streamed = await send(chunked, { ...AUTH, "cf-connecting-ip": ip });
      expect(streamed.status).toBe(413);
      // Far over the limit (8 MiB): refused, or the connection cut; never forwarded (the
      // noUpstreamCall around this block is the assertion that matters).
      const huge = new Uint8Array(8 * 1024 * 1024).fill(0x20);
      const outcome = await send(huge, { ...AUTH, "cf-connecting-ip": ip }).then(
        (answer) => answer.status,
        () => "connection closed",
      );
      // wrangler's local dev server (not the Worker) answers 503 when the Worker closes the
      // connection in the middle of the upload; on Cloudflare the client sees the 413 or the cut.
      expect([413, 503, "connection closed"]).toContain(outcome);
    });
  });

  it("refuses deeply nested JSON with 400 json_too_deep, at any depth, without crashing", async () => {
    const ip = newClient();
    const nest = (depth: number) => "[".repeat(depth) + "]".repeat(depth);
    await noUpstreamCall(async () => {
      for (const body of [
        nest(17),
        nest(30_000),
        JSON.stringify({ ...VALID, user: JSON.parse(nest(20)) }),
        `{"prompt":"a","model":"gpt-image-1.5","x":${'{"a":'.repeat(5_000)}1${"}".repeat(5_000)}}`,
      ]) {
        const answer = await send(body, { ...AUTH, "cf-connecting-ip": ip });
        expect(answer.status, body.slice(0, 40)).toBe(400);
        expect(answer.json().error.code).toBe("json_too_deep");
      }
    });
    // The Worker is still up and answering.
    const after = await send(JSON.stringify({ prompt: "" }), { ...AUTH, "cf-connecting-ip": ip });
    expect(after.status).toBe(400);
  });

  it("refuses unknown fields, prototype keys, bad JSON and other content types with no upstream call", async () => {
    const cases: [string, Record<string, string>, number][] = [
      [JSON.stringify({ ...VALID, hack: true }), {}, 400],
      [JSON.stringify({ ...VALID, stream_options: { include_usage: true } }), {}, 400],
      [`{"__proto__":{"n":10},${JSON.stringify(VALID).slice(1)}`, {}, 400],
      [`{"constructor":{"prototype":{}},${JSON.stringify(VALID).slice(1)}`, {}, 400],
      [JSON.stringify({ ...VALID, n: 4 }), {}, 400],
      [JSON.stringify({ ...VALID, model: "gpt-image-1\r\nx-injected: 1" }), {}, 400],
      [JSON.stringify({ ...VALID, size: "3840x2160" }), {}, 400],
      [JSON.stringify([VALID]), {}, 400],
      ["", {}, 400],
      ["{", {}, 400],
      ['{"prompt":"a"}garbage', {}, 400],
      ["\u0000\u0001\u00ff", {}, 400],
      [JSON.stringify(VALID), { "content-type": "text/plain" }, 415],
      [JSON.stringify(VALID), { "content-type": "application/x-www-form-urlencoded" }, 415],
      [JSON.stringify(VALID), { "content-type": "application/jsonx" }, 415],
    ];
    await noUpstreamCall(async () => {
      for (const [body, headers, status] of cases) {
        // One client each: every case passes the rate limit, so the body check answers.
        const answer = await send(body, { ...AUTH, "cf-connecting-ip": newClient(), ...headers });
        expect(answer.status, body.slice(0, 60)).toBe(status);
        expect(answer.json().error.message.length).toBeGreaterThan(0);
      }
    });
  });
});

describe("header injection", () => {
  const MARK = "INJECTED";

  it("forwards none of the client's headers: only the key and the JSON headers reach the upstream", async () => {
    const body = Buffer.from(JSON.stringify(VALID));
    const unicode = Buffer.from(`${MARK}-ünïcødé-😀-\u202e`, "utf8").toString("latin1");
    const head = [
      "POST /api/images/generations HTTP/1.1",
      "Host: evil.example",
      `Authorization: Bearer ${TOKEN}`,
      "Content-Type: application/json",
      `Content-Length: ${body.length}`,
      `Cf-Connecting-Ip: ${newClient()}`,
      `X-Request-Id: ${MARK}-request-id`,
      `OpenAI-Organization: ${MARK}-org`,
      `OpenAI-Project: ${MARK}-project`,
      `OpenAI-Beta: ${MARK}-beta`,
      `Cookie: session=${MARK}-cookie`,
      `X-Forwarded-For: ${MARK}-xff`,
      `X-Forwarded-Host: ${MARK}.example`,
      `Forwarded: for=${MARK};host=${MARK}.example`,
      `X-Real-Ip: ${MARK}-ip`,
      // The emulator's test hooks: forwarded, a client could make the "API" fail at will.
      "X-Emulator-Fault: rate-limit",
      "X-Emulator-Latency-Ms: 60000",
      `User-Agent: ${MARK}-agent`,
      `Referer: https://${MARK}.example/`,
      `X-Unicode: ${unicode}`,
      `X-Split: a`,
      `X-Injected-Split: ${MARK}-split`,
      "Connection: close",
      "",
      "",
    ].join("\r\n");
    const before = upstream.requests.length;
    const answer = await rawRequest(worker.url, head, body);
    expect(rawStatus(answer)).toBe(200);
    expectNoKey("injection answer", answer);
    // The answer's request id is the API's, not the one the client sent.
    expect(answer).toMatch(/\r\nx-request-id: req_[0-9a-f]+\r\n/i);
    expect(answer).not.toContain(MARK);
    expect(upstream.requests.length).toBe(before + 1);
    const seen = upstream.requests.at(-1)!;
    expect(seen.headers.authorization).toBe(`Bearer ${PLANTED}`);
    expect(seen.rawHeaders.filter((h) => h.toLowerCase() === "authorization")).toHaveLength(1);
    expect(seen.headers["content-type"]).toBe("application/json");
    for (const [i, value] of seen.rawHeaders.entries()) {
      expect(value, `upstream header ${seen.rawHeaders[i - (i % 2)]}`).not.toContain(MARK);
    }
    for (const name of [
      "cookie",
      "openai-organization",
      "openai-project",
      "openai-beta",
      "x-request-id",
      "x-forwarded-host",
      "forwarded",
      "x-real-ip",
      "x-emulator-fault",
      "x-emulator-latency-ms",
      "x-unicode",
      "x-split",
      "referer",
    ]) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    // The body forwarded is the validated request, nothing more.
    expect(JSON.parse(seen.body)).toEqual(VALID);
  });

  it("refuses or strips malformed header tricks (bare LF, folding, NUL, CL+TE), never forwarding them", async () => {
    const json = JSON.stringify(VALID);
    const chunked = `${Buffer.byteLength(json).toString(16)}\r\n${json}\r\n0\r\n\r\n`;
    const tricks: [string, string][] = [
      [`X-Bare-Lf: a\nX-Smuggled: ${MARK}`, json],
      [`X-Folded: a\r\n  ${MARK}-folded`, json],
      [`X-Nul: a\u0000${MARK}`, json],
      // Both framings at once, the classic smuggling set-up: one of them must win, or neither.
      ["Transfer-Encoding: chunked", chunked],
    ];
    for (const [trick, payload] of tricks) {
      const body = Buffer.from(payload, "latin1");
      const head = [
        "POST /api/images/generations HTTP/1.1",
        `Host: ${worker.url.host}`,
        `Authorization: Bearer ${TOKEN}`,
        "Content-Type: application/json",
        `Content-Length: ${body.length}`,
        `Cf-Connecting-Ip: ${newClient()}`,
        trick,
        "Connection: close",
        "",
        "",
      ].join("\r\n");
      const before = upstream.requests.length;
      const answer = await rawRequest(worker.url, head, body);
      const status = rawStatus(answer);
      expectNoKey("malformed header answer", answer);
      const forwarded = upstream.requests.slice(before);
      if (status === 200) {
        // Accepted: then as one clean request, with none of the trick's text.
        expect(forwarded).toHaveLength(1);
        expect(forwarded[0]!.rawHeaders.join("\n")).not.toContain(MARK);
        expect(JSON.parse(forwarded[0]!.body)).toEqual(VALID);
      } else {
        // Refused (or the connection closed): nothing reached the upstream.
        expect(forwarded, `${JSON.stringify(trick)} -> ${status}`).toHaveLength(0);
      }
    }
  });
});

describe("rate limit: many concurrent requests from one client", () => {
  it("lets at most the limit through; the rest get 429 with retry-after and never reach the upstream", async () => {
    const ip = newClient();
    const before = upstream.requests.length;
    const answers = await Promise.all(
      Array.from({ length: 40 }, () =>
        send(JSON.stringify({ ...VALID, model: "gpt-image-1-mini" }), {
          ...AUTH,
          "cf-connecting-ip": ip,
        }),
      ),
    );
    const statuses = answers.map((a) => a.status);
    const passed = statuses.filter((s) => s === 200).length;
    const limited = answers.filter((a) => a.status === 429);
    expect(new Set(statuses)).toEqual(new Set([200, 429]));
    // The binding allows 10 a minute for this client.
    expect(passed).toBeGreaterThan(0);
    expect(passed).toBeLessThanOrEqual(10);
    expect(limited.length).toBe(40 - passed);
    for (const answer of limited) {
      expect(answer.json().error.code).toBe("rate_limit_exceeded");
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    // Exactly the requests that passed reached the upstream.
    expect(upstream.requests.length - before).toBe(passed);
    console.log(
      `reliability rate-limit figures: ${JSON.stringify({ concurrent: 40, passed, refused: limited.length, upstreamCalls: upstream.requests.length - before })}`,
    );
    // Another client is not affected.
    const other = await send(JSON.stringify({ ...VALID, model: "gpt-image-1-mini" }), {
      ...AUTH,
      "cf-connecting-ip": newClient(),
    });
    expect(other.status).toBe(200);
  });
});
