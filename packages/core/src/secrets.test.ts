// Issue 9, secrets: a planted key travels every path of the client against a real HTTP server
// on 127.0.0.1 that echoes the key back wherever a hostile or careless server could (error
// bodies, plain-text bodies, stream events, malformed events). The key must not come back out
// in any error (message, String, JSON, stack, util.inspect, the cause chain) or debug line.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EaselError } from "./errors/easel-error";
import { createImagesClient, type ImagesClientOptions } from "./images-client";
import { partialImageEvent } from "./test-support";

const PLANTED = "sk-test-PLANTED-SECRET-0123456789";
// Pieces that would still give the key away if a masked or cut copy slipped through.
const FRAGMENTS = [PLANTED, "PLANTED-SECRET", "SECRET-0123456789"];

/** Every string a person or a logger could see of a value and its causes. */
function exposures(value: unknown): string[] {
  const out: string[] = [inspect(value, { depth: 20, showHidden: true, getters: true })];
  const seen = new Set<unknown>();
  for (let e = value; e !== undefined && e !== null && !seen.has(e); ) {
    seen.add(e);
    out.push(String(e));
    try {
      out.push(JSON.stringify(e) ?? "");
    } catch {
      // Cyclic: inspect covers it.
    }
    if (typeof e !== "object") break;
    const o = e as { message?: unknown; stack?: unknown; cause?: unknown };
    out.push(String(o.message), String(o.stack));
    for (const key of Object.keys(o)) {
      try {
        out.push(String((o as Record<string, unknown>)[key]));
      } catch {
        // A getter that throws shows nothing.
      }
    }
    e = o.cause;
  }
  return out;
}

function expectNoKey(value: unknown, where: string): void {
  for (const text of exposures(value)) {
    for (const fragment of FRAGMENTS) {
      if (text.includes(fragment)) {
        throw new Error(`${where}: the key (${fragment}) shows up in:\n${text.slice(0, 600)}`);
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A server that misbehaves on request: the scenario is named by the x-scenario header.

function keyOf(request: IncomingMessage): string {
  return (request.headers.authorization ?? "").replace(/^Bearer /, "");
}

const sse = (data: unknown, event?: string) =>
  `${event ? `event: ${event}\n` : ""}data: ${typeof data === "string" ? data : JSON.stringify(data)}\n\n`;

type Handler = (request: IncomingMessage, response: ServerResponse, key: string) => void;

const apiError = (status: number, fields: Record<string, unknown>): Handler => {
  return (_, response, key) => {
    response.writeHead(status, { "content-type": "application/json", "x-request-id": "req_1" });
    response.end(
      JSON.stringify({
        error: {
          message: `Incorrect API key provided: ${key}. Echoed on purpose.`,
          type: "invalid_request_error",
          param: key,
          code: null,
          ...fields,
          echoed: { key, authorization: `Bearer ${key}` },
        },
      }),
    );
  };
};

const streamOf =
  (body: (key: string) => string, end: "end" | "destroy" | "hold" = "end"): Handler =>
  (_, response, key) => {
    response.writeHead(200, { "content-type": "text/event-stream" });
    response.write(body(key));
    if (end === "end") response.end();
    else if (end === "destroy") setTimeout(() => response.socket?.destroy(), 10);
  };

const SCENARIOS: Record<string, Handler> = {
  ...Object.fromEntries(
    [400, 401, 403, 404, 409, 418, 422, 429, 500, 503].map((status) => [
      `status-${status}`,
      apiError(status, status === 401 ? { code: "invalid_api_key" } : {}),
    ]),
  ),
  moderation: apiError(400, { code: "moderation_blocked", type: "image_generation_user_error" }),
  "text-401": (_, response, key) => {
    response.writeHead(401, { "content-type": "text/plain" });
    response.end(`bad key ${key} (Bearer ${key})`);
  },
  "html-502": (_, response, key) => {
    response.writeHead(502, { "content-type": "text/html" });
    response.end(`<html><body>Bad gateway for ${key}</body></html>`);
  },
  "not-json-200": (_, response, key) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(`oops ${key}`);
  },
  "wrong-shape-200": (_, response, key) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ created: key, data: [{ b64_json: 5, key }] }));
  },
  "stream-error-event": streamOf((key) =>
    sse(
      {
        type: "error",
        error: { type: "server_error", code: "boom", message: `failed for ${key}`, param: key },
      },
      "error",
    ),
  ),
  "stream-moderation": streamOf((key) =>
    sse({
      type: "error",
      error: {
        type: "image_generation_user_error",
        code: "moderation_blocked",
        message: `Rejected (${key}).`,
        param: null,
      },
    }),
  ),
  "stream-malformed": streamOf((key) =>
    sse(`{"type":"image_generation.partial_image","k":"${key}`),
  ),
  "stream-bad-shape": streamOf((key) =>
    sse(partialImageEvent({ partial_image_index: key, size: key })),
  ),
  "stream-truncated": streamOf(() => sse(partialImageEvent())),
  "stream-dropped": streamOf(() => sse(partialImageEvent()), "destroy"),
  "stream-stall": streamOf(() => ": ping\n\n", "hold"),
  "drop-after-request": (_, response) => response.socket?.destroy(),
  hang: () => {},
  "rate-then-ok": (() => {
    let count = 0;
    return (_: IncomingMessage, response: ServerResponse, key: string) => {
      if (count++ % 2 === 0)
        return apiError(429, { code: "rate_limit_exceeded" })(_, response, key);
      response.writeHead(200, { "content-type": "application/json", "x-request-id": "req_ok" });
      response.end(
        JSON.stringify({ created: 1, data: [{ b64_json: partialImageEvent().b64_json }] }),
      );
    };
  })(),
};

let server: Server;
let baseURL: string;
let closedPort: string;
const keysSeen = new Set<string>();

beforeAll(async () => {
  server = createServer((request, response) => {
    const key = keyOf(request);
    keysSeen.add(key);
    request.resume();
    request.on("end", () => {
      const scenario = String(request.headers["x-scenario"]);
      const handler = SCENARIOS[scenario];
      if (!handler) {
        response.writeHead(500);
        response.end(`no scenario ${scenario}`);
        return;
      }
      handler(request, response, key);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  // A port that was just free: connecting to it is refused.
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  closedPort = String((probe.address() as AddressInfo).port);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const PARAMS = { model: "gpt-image-1.5", prompt: "a lighthouse", size: "1024x1024" } as const;

function clientWith(debugLines: unknown[], options: ImagesClientOptions = {}) {
  return createImagesClient({
    apiKey: PLANTED,
    baseURL,
    maxRetries: 0,
    debug: (message, details) => debugLines.push({ message, details }),
    ...options,
  });
}

/** Runs one path; returns the error it ended with and every debug line it logged. */
async function runPath(
  scenario: string,
  options: ImagesClientOptions & { stream?: boolean; abort?: boolean } = {},
): Promise<{ error: unknown; debug: unknown[] }> {
  const { stream, abort, ...clientOptions } = options;
  const debug: unknown[] = [];
  const client = clientWith(debug, clientOptions);
  const controller = new AbortController();
  const headers = { "x-scenario": scenario };
  try {
    if (stream) {
      const images = await client.images.generate(
        { ...PARAMS, stream: true, partial_images: 1 },
        { headers },
      );
      for await (const _ of images) {
        // Drained until it fails.
      }
      return { error: undefined, debug };
    }
    const pending = client.images.generate(PARAMS, { headers, signal: controller.signal });
    if (abort) setTimeout(() => controller.abort(new Error("user gave up")), 20);
    await pending;
    return { error: undefined, debug };
  } catch (error) {
    return { error, debug };
  }
}

const PATHS: [string, string, Parameters<typeof runPath>[1], string][] = [
  ...[400, 401, 403, 404, 409, 418, 422, 429, 500, 503].map(
    (status): [string, string, Parameters<typeof runPath>[1], string] => [
      `HTTP ${status} echoing the key`,
      `status-${status}`,
      {},
      (
        {
          400: "BadRequestError",
          401: "AuthenticationError",
          403: "PermissionDeniedError",
          404: "NotFoundError",
          409: "ConflictError",
          418: "ApiError",
          422: "UnprocessableEntityError",
          429: "RateLimitError",
        } as Record<number, string>
      )[status] ?? "InternalServerError",
    ],
  ),
  ["HTTP moderation refusal echoing the key", "moderation", {}, "ModerationBlockedError"],
  ["HTTP 401 in plain text echoing the key", "text-401", {}, "AuthenticationError"],
  ["HTTP 502 HTML page echoing the key", "html-502", {}, "InternalServerError"],
  ["a 200 that is not JSON", "not-json-200", {}, "InvalidResponseError"],
  ["a 200 of the wrong shape", "wrong-shape-200", {}, "InvalidResponseError"],
  ["a mid-stream error event", "stream-error-event", { stream: true }, "ApiError"],
  [
    "a mid-stream moderation event",
    "stream-moderation",
    { stream: true },
    "ModerationBlockedError",
  ],
  ["a malformed stream event", "stream-malformed", { stream: true }, "StreamProtocolError"],
  [
    "a stream event of the wrong shape",
    "stream-bad-shape",
    { stream: true },
    "StreamProtocolError",
  ],
  ["a stream that ends early", "stream-truncated", { stream: true }, "StreamTruncatedError"],
  ["a stream whose connection drops", "stream-dropped", { stream: true }, "StreamTruncatedError"],
  [
    "a stream that stalls",
    "stream-stall",
    { stream: true, idleTimeout: 100 },
    "StreamIdleTimeoutError",
  ],
  ["a connection dropped after the request", "drop-after-request", {}, "ConnectionError"],
  ["a server that never answers", "hang", { timeout: 100 }, "TimeoutError"],
  ["a caller's abort", "hang", { abort: true }, "AbortError"],
];

describe(`the planted key (${PLANTED}) never leaves the client`, () => {
  it.each(PATHS)("%s", async (_, scenario, options, expectedName) => {
    const { error, debug } = await runPath(scenario, options);
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as Error).name).toBe(expectedName);
    expectNoKey(error, `${expectedName} (${scenario})`);
    expect(debug.length).toBeGreaterThan(0);
    expectNoKey(debug, `debug lines (${scenario})`);
    // The server did receive it: the absence above is redaction, not a missing key.
    expect(keysSeen.has(PLANTED)).toBe(true);
  });

  it("still says what the server said, with the key replaced", async () => {
    const event = await runPath("stream-error-event", { stream: true });
    expect((event.error as Error).message).toContain("failed for [redacted]");
    expect((event.error as { param: unknown }).param).toBe("[redacted]");
    const malformed = await runPath("stream-malformed", { stream: true });
    expect((malformed.error as { excerpt: string }).excerpt).toBe(
      '{"type":"image_generation.partial_image","k":"[redacted]',
    );
    const http = await runPath("status-401");
    expect((http.error as Error).message).toContain("Incorrect API key provided: [redacted].");
  });

  it("a refused connection (ConnectionError before sending, retried)", async () => {
    const debug: unknown[] = [];
    const client = clientWith(debug, {
      baseURL: `http://127.0.0.1:${closedPort}/v1`,
      maxRetries: 1,
    });
    const error = await client.images.generate(PARAMS).catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConnectionError");
    expectNoKey(error, "ConnectionError (refused)");
    expect(debug.map((d) => (d as { message: string }).message)).toContain("retrying");
    expectNoKey(debug, "debug lines (refused)");
  });

  it("a retried 429 then a success: the debug lines of the whole exchange", async () => {
    const debug: unknown[] = [];
    const client = clientWith(debug, { maxRetries: 1 });
    const result = await client.images.generate(PARAMS, {
      headers: { "x-scenario": "rate-then-ok", "retry-after-ms": "0" },
    });
    expect(result.images).toHaveLength(1);
    expect(debug.map((d) => (d as { message: string }).message)).toEqual([
      "request",
      "response",
      "retrying",
      "request",
      "response",
    ]);
    expectNoKey(debug, "debug lines (429 then success)");
    expectNoKey(result.headers, "result headers");
  });

  it("a key that is not a legal header value (EaselError, no cause quoting it)", async () => {
    for (const apiKey of [`${PLANTED}\n`, `${PLANTED}\r\nx-injected: 1`, `${PLANTED}\u0000`]) {
      const debug: unknown[] = [];
      const error = await clientWith(debug, { apiKey })
        .images.generate(PARAMS)
        .catch((e: unknown) => e);
      expect(EaselError.isInstance(error)).toBe(true);
      expectNoKey(error, "invalid header value");
      expectNoKey(debug, "debug lines (invalid header value)");
    }
  });

  it("the key given as a base URL's credentials or query is not logged", async () => {
    const debug: unknown[] = [];
    const url = new URL(baseURL);
    const client = clientWith(debug, {
      baseURL: `http://user:${PLANTED}@${url.host}/v1?key=${PLANTED}`,
      fetch: () => Promise.reject(new TypeError("fetch failed", { cause: { code: "EPIPE" } })),
    });
    const error = await client.images.generate(PARAMS).catch((e: unknown) => e);
    expect((error as Error).name).toBe("ConnectionError");
    expectNoKey(debug, "debug lines (credentials in the base URL)");
    expectNoKey(error, "ConnectionError (credentials in the base URL)");
  });
});
