import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { createGeneratedImage } from "../generated-image";
import { createImagesClient, type ImagesClientOptions } from "../images-client";
import {
  apiErrorBody,
  byteStream,
  drain,
  errorResponse,
  fakeFetch,
  jsonResponse,
  MODERATION_ERROR_EVENT,
  networkFailure,
  never,
  partialImageEvent,
  type Responder,
  rejectionOf,
  SECRET_KEY,
  type StreamEnd,
  sseEvent,
  sseResponse,
  sseText,
} from "../test-support";
import { AbortError } from "./abort-error";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createApiError,
  InternalServerError,
  ModerationBlockedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  readApiError,
  UnprocessableEntityError,
} from "./api-error";
import { ConnectionError } from "./connection-error";
import { EaselError } from "./easel-error";
import { ImageRequestValidationError } from "./image-request-validation-error";
import { InvalidSizeError } from "./invalid-size-error";
import {
  InvalidResponseError,
  StreamIdleTimeoutError,
  StreamProtocolError,
  StreamTruncatedError,
} from "./stream-errors";
import { TimeoutError } from "./timeout-error";

/** What the tests need of an error class: its stable name and the marker check. */
type ErrorClass = { readonly kind: string; isInstance(error: unknown): boolean };

const apiInit = (status: number | undefined, extra: Record<string, unknown> = {}) => ({
  status,
  message: "Something happened.",
  ...extra,
});

// One instance of every class, and the classes each must count as.
const CASES: [string, EaselError, ErrorClass[]][] = [
  ["EaselError", new EaselError("x"), [EaselError]],
  ["ApiError", new ApiError(apiInit(418)), [ApiError, EaselError]],
  ["BadRequestError", new BadRequestError(apiInit(400)), [BadRequestError, ApiError, EaselError]],
  [
    "AuthenticationError",
    new AuthenticationError(apiInit(401)),
    [AuthenticationError, ApiError, EaselError],
  ],
  [
    "PermissionDeniedError",
    new PermissionDeniedError(apiInit(403)),
    [PermissionDeniedError, ApiError, EaselError],
  ],
  ["NotFoundError", new NotFoundError(apiInit(404)), [NotFoundError, ApiError, EaselError]],
  ["ConflictError", new ConflictError(apiInit(409)), [ConflictError, ApiError, EaselError]],
  [
    "UnprocessableEntityError",
    new UnprocessableEntityError(apiInit(422)),
    [UnprocessableEntityError, ApiError, EaselError],
  ],
  ["RateLimitError", new RateLimitError(apiInit(429)), [RateLimitError, ApiError, EaselError]],
  [
    "InternalServerError",
    new InternalServerError(apiInit(500)),
    [InternalServerError, ApiError, EaselError],
  ],
  [
    "ModerationBlockedError",
    new ModerationBlockedError(apiInit(400, { code: "moderation_blocked" })),
    [ModerationBlockedError, BadRequestError, ApiError, EaselError],
  ],
  [
    "ConnectionError",
    new ConnectionError("down", { requestSent: false }),
    [ConnectionError, EaselError],
  ],
  ["TimeoutError", new TimeoutError(10), [TimeoutError, EaselError]],
  ["AbortError", new AbortError(), [AbortError, EaselError]],
  ["StreamProtocolError", new StreamProtocolError("bad", "{"), [StreamProtocolError, EaselError]],
  [
    "StreamTruncatedError",
    new StreamTruncatedError({ partialImages: [], completedImages: [], expectedImages: 1 }),
    [StreamTruncatedError, EaselError],
  ],
  ["StreamIdleTimeoutError", new StreamIdleTimeoutError(10), [StreamIdleTimeoutError, EaselError]],
  [
    "InvalidResponseError",
    new InvalidResponseError("bad", 200, "<html>"),
    [InvalidResponseError, EaselError],
  ],
  [
    "ImageRequestValidationError",
    new ImageRequestValidationError([
      { param: "n", code: "invalid_value", type: "invalid_request_error", message: "bad n" },
    ]),
    [ImageRequestValidationError, EaselError],
  ],
  [
    "InvalidSizeError",
    new InvalidSizeError({ size: "1x1", rule: "min_pixels", message: "too small" }),
    [InvalidSizeError, EaselError],
  ],
];

const ALL_CLASSES: ErrorClass[] = [...new Set(CASES.flatMap(([, , chain]) => chain))];

describe("the error hierarchy", () => {
  it.each(CASES)("%s counts as exactly its own chain", (name, error, chain) => {
    expect(error.name).toBe(name);
    expect(error).toBeInstanceOf(Error);
    for (const Class of ALL_CLASSES) {
      expect(Class.isInstance(error), `${Class.kind}.isInstance(${name})`).toBe(
        chain.includes(Class),
      );
    }
    expect(String(error).startsWith(`${name}: `)).toBe(true);
  });

  it("ModerationBlockedError is a BadRequestError is an ApiError is an EaselError", () => {
    const error = createApiError({
      status: 400,
      message: "Your request was rejected by the safety system.",
      code: "moderation_blocked",
    });
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(EaselError.isInstance(error)).toBe(true);
    expect(RateLimitError.isInstance(error)).toBe(false);
  });

  it("isInstance works across a second installed copy (the Symbol.for marker)", () => {
    // What an error from another copy of @easel/core looks like: other classes, same markers.
    const foreign = Object.assign(new Error("from the other copy"), {
      [Symbol.for("easel.error.EaselError")]: true,
      [Symbol.for("easel.error.ApiError")]: true,
      [Symbol.for("easel.error.BadRequestError")]: true,
      [Symbol.for("easel.error.ModerationBlockedError")]: true,
    });
    expect(foreign).not.toBeInstanceOf(EaselError);
    expect(EaselError.isInstance(foreign)).toBe(true);
    expect(ApiError.isInstance(foreign)).toBe(true);
    expect(BadRequestError.isInstance(foreign)).toBe(true);
    expect(ModerationBlockedError.isInstance(foreign)).toBe(true);
    expect(RateLimitError.isInstance(foreign)).toBe(false);
    expect(ConnectionError.isInstance(foreign)).toBe(false);
  });

  it("a subclass defined by a user inherits the markers of its chain", () => {
    class MyError extends RateLimitError {}
    const error = new MyError(apiInit(429));
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error.name).toBe("RateLimitError");
  });

  it("rejects non-errors and look-alikes without the marker", () => {
    for (const value of [undefined, null, 0, "EaselError", {}, new Error("x")]) {
      expect(EaselError.isInstance(value)).toBe(false);
    }
    expect(EaselError.isInstance({ [Symbol.for("easel.error.EaselError")]: "yes" })).toBe(false);
  });

  it("markers are not enumerable, so they stay out of logs", () => {
    const error = new RateLimitError(apiInit(429));
    expect(Object.keys(error).some((k) => k.includes("easel"))).toBe(false);
    expect(JSON.stringify(error)).not.toContain("easel.error");
  });
});

describe("createApiError", () => {
  it.each<[number, ErrorClass]>([
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [502, InternalServerError],
    [503, InternalServerError],
    [504, InternalServerError],
  ])("maps %i to %o", (status, Class) => {
    const error = createApiError({ status, message: "x" });
    expect(Class.isInstance(error)).toBe(true);
    expect(error.name).toBe(Class.kind);
    expect(error.status).toBe(status);
  });

  it("maps other statuses and stream errors (no status) to ApiError", () => {
    for (const status of [402, 418, undefined]) {
      const error = createApiError({ status, message: "x" });
      expect(error.name).toBe("ApiError");
    }
  });

  it("makes moderation_blocked a ModerationBlockedError whatever the status", () => {
    for (const status of [400, undefined, 500]) {
      const error = createApiError({ status, message: "x", code: "moderation_blocked" });
      expect(ModerationBlockedError.isInstance(error)).toBe(true);
    }
  });

  it("keeps every field the API sent, and requestId from the headers", () => {
    const headers = new Headers({ "x-request-id": "req_9", "retry-after": "3" });
    const error = createApiError({
      status: 429,
      message: "Rate limit reached for images per minute.",
      type: "requests",
      code: "rate_limit_exceeded",
      param: null,
      headers,
      error: { message: "Rate limit reached", extra: 1 },
      isRetryable: true,
    }) as RateLimitError;
    expect(error).toMatchObject({
      status: 429,
      type: "requests",
      code: "rate_limit_exceeded",
      param: null,
      requestId: "req_9",
      isRetryable: true,
    });
    expect(error.headers).toBe(headers);
    expect(error.error).toEqual({ message: "Rate limit reached", extra: 1 });
    expect(error.retryAfterMs).toBe(3000);
  });

  it("RateLimitError.retryAfterMs reads retry-after-ms, seconds and dates", () => {
    const make = (h: Record<string, string>) =>
      createApiError({ status: 429, message: "x", headers: new Headers(h) }) as RateLimitError;
    expect(make({ "retry-after-ms": "1500", "retry-after": "9" }).retryAfterMs).toBe(1500);
    expect(make({ "retry-after": "2" }).retryAfterMs).toBe(2000);
    const date = make({ "retry-after": new Date(Date.now() + 5000).toUTCString() }).retryAfterMs;
    expect(date).toBeGreaterThan(3000);
    expect(date).toBeLessThanOrEqual(5000);
    expect(make({}).retryAfterMs).toBeUndefined();
    expect(make({ "retry-after": "soon" }).retryAfterMs).toBeUndefined();
    // Read as the retry policy reads it: unusable values count as absent, and no cap.
    expect(make({ "retry-after": "-5" }).retryAfterMs).toBeUndefined();
    expect(make({ "retry-after-ms": "abc", "retry-after": "1" }).retryAfterMs).toBe(1000);
    expect(make({ "retry-after": "120" }).retryAfterMs).toBe(120_000);
  });
});

describe("messages say what happened and what to do", () => {
  it.each<[number, RegExp]>([
    [400, /Fix the request\./],
    [401, /Check the API key/],
    [403, /Check the API key's access\./],
    [404, /Check the model and baseURL\./],
    [409, /Retry later\./],
    [422, /Fix the request\./],
    [429, /Retry later or raise your quota\./],
    [500, /Retry later\./],
    [503, /Retry later\./],
  ])("%i", (status, advice) => {
    const error = createApiError({
      status,
      message: "What the API said.",
      code: "some_code",
      headers: new Headers({ "x-request-id": "req_42" }),
    });
    expect(error.message).toContain(`${status}: What the API said.`);
    expect(error.message).toContain("(code some_code)");
    expect(error.message).toContain("[request req_42]");
    expect(error.message).toMatch(advice);
  });

  it("a moderation refusal says to rephrase, and a stream error says it came in the stream", () => {
    const error = createApiError({
      status: undefined,
      message: "Rejected.",
      code: "moderation_blocked",
    });
    expect(error.message).toMatch(/^Stream error: Rejected\./);
    expect(error.message).toMatch(/Rephrase the prompt\./);
  });

  it.each<[string, EaselError, RegExp[]]>([
    [
      "TimeoutError",
      new TimeoutError(600_000, "it may be billed"),
      [
        /^The request timed out after 600000 ms, not retried: it may be billed\. /,
        /Raise the timeout option \(generation can take minutes\)\.$/,
      ],
    ],
    [
      "StreamIdleTimeoutError",
      new StreamIdleTimeoutError(120_000),
      [/idle for 120000 ms and was aborted/, /Raise the idleTimeout option\./],
    ],
    [
      "StreamTruncatedError",
      new StreamTruncatedError({ partialImages: [], completedImages: [], expectedImages: 2 }),
      [
        /ended after 0 of 2 images \(0 partial\)/,
        /not retried: it may already be billed/,
        /error\.partialImages/,
      ],
    ],
    [
      "StreamProtocolError",
      new StreamProtocolError("Bad event", '{"a":'),
      [/^Bad event; check baseURL\. The event began: "\{\\"a\\":"$/],
    ],
    [
      "InvalidResponseError",
      new InvalidResponseError("Not JSON", 200, "<html>"),
      [/^Not JSON \(HTTP 200\); check baseURL\. The body began: "<html>"$/],
    ],
    ["AbortError", new AbortError(), [/^The caller aborted the request\.$/]],
    [
      "ImageRequestValidationError",
      new ImageRequestValidationError([
        {
          param: "size",
          code: "invalid_value",
          type: "invalid_request_error",
          message: "Invalid size '1x1'.",
          hint: "Use 1024x1024.",
        },
      ]),
      [/^The request is invalid and was not sent:\n- size: Invalid size '1x1'\. Use 1024x1024\.$/],
    ],
  ])("%s", (_, error, patterns) => {
    for (const pattern of patterns) expect(error.message).toMatch(pattern);
  });
});

// One reader for both places an API error body arrives: an HTTP error answer and a stream's
// error event. They agree on the API's body and differ on anything else.
describe("readApiError", () => {
  const BODY = JSON.stringify({
    error: {
      message: "Invalid value: 'x'.",
      type: "invalid_request_error",
      param: "size",
      code: "invalid_value",
    },
  });
  const http = (body: string, status = 400, statusText = "Bad Request") =>
    readApiError(
      body,
      new Response(body, { status, statusText, headers: { "x-request-id": "req_7" } }),
    );

  it("reads the API's body the same way from an answer and from an event", () => {
    const fromHttp = http(BODY);
    const fromEvent = readApiError(BODY);
    for (const error of [fromHttp, fromEvent]) {
      expect(BadRequestError.isInstance(error) || ApiError.isInstance(error)).toBe(true);
      expect(error.type).toBe("invalid_request_error");
      expect(error.param).toBe("size");
      expect(error.code).toBe("invalid_value");
      expect(error.error).toEqual(JSON.parse(BODY).error);
      expect(error.message).toContain("Invalid value: 'x'. (code invalid_value)");
    }
    expect(fromHttp.status).toBe(400);
    expect(fromHttp.requestId).toBe("req_7");
    expect(fromHttp.message).toMatch(/^400: /);
    expect(fromEvent.status).toBeUndefined();
    expect(fromEvent.headers).toBeUndefined();
    expect(fromEvent.message).toMatch(/^Stream error: /);
  });

  it("an answer whose body is not the API's: status text and the body's start, no fields", () => {
    for (const body of [
      "<html>Bad gateway</html>",
      '{"error":{"code":"x","type":"y"}}',
      '{"error":"x"}',
      "null",
    ]) {
      const error = http(body, 502, "Bad Gateway");
      expect(InternalServerError.isInstance(error)).toBe(true);
      expect(error.message).toContain(`502: Bad Gateway: ${body}`);
      expect(error.error).toBeUndefined();
      expect([error.type, error.code, error.param]).toEqual([null, null, null]);
      expect(error.isRetryable).toBe(true);
    }
    expect(http("x".repeat(500)).message).toContain(`Bad Request: ${"x".repeat(200)} `);
    expect(http("x".repeat(500)).message).not.toContain("x".repeat(201));
    expect(http("  ").message).toBe("400: Bad Request [request req_7] Fix the request.");
    expect(http("", 400, "").message).toBe("400: Error [request req_7] Fix the request.");
  });

  it("an event without a message: its own fallback, and whatever error object it has", () => {
    const bare = readApiError("{}");
    expect(bare.message).toBe("Stream error: The error event has no message.");
    expect(bare.error).toEqual({});
    expect(bare.isRetryable).toBe(false);
    const partial = readApiError('{"error":{"code":"server_busy","type":"server_error","n":1}}');
    expect(partial.message).toContain("The error event has no message. (code server_busy)");
    expect(partial.code).toBe("server_busy");
    expect(partial.type).toBe("server_error");
    expect(partial.error).toEqual({ code: "server_busy", type: "server_error", n: 1 });
    for (const text of ["not json", "null", '{"error":"x"}']) {
      expect(readApiError(text).error).toEqual({});
    }
  });

  it("reads only string fields, and no retry verdict for an event", () => {
    const error = readApiError('{"error":{"message":"m","code":5,"param":null,"type":["t"]}}');
    expect([error.code, error.param, error.type]).toEqual([null, null, null]);
    expect(
      http(BODY.replace("invalid_request_error", "image_generation_user_error"), 429).isRetryable,
    ).toBe(false);
    expect(http(BODY, 429).isRetryable).toBe(true);
  });
});

describe("toJSON", () => {
  it("gives name, message and public fields, with headers as entries", () => {
    const error = createApiError({
      status: 404,
      message: "Model not found.",
      code: "model_not_found",
      headers: new Headers({ "x-request-id": "req_1" }),
    });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({
      name: "NotFoundError",
      status: 404,
      code: "model_not_found",
      requestId: "req_1",
      headers: { "x-request-id": "req_1" },
      isRetryable: false,
    });
    expect(json.message).toContain("Model not found.");
  });

  it("ConnectionError shows requestSent and notRetriedReason", () => {
    const json = JSON.parse(
      JSON.stringify(
        new ConnectionError("lost", { requestSent: true, notRetriedReason: "billed" }),
      ),
    );
    expect(json).toMatchObject({
      name: "ConnectionError",
      requestSent: true,
      notRetriedReason: "billed",
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The API key never appears in any error the client produces.

/** Every string a person or a logger could see of an error and its causes. */
function exposures(error: unknown): string[] {
  const out: string[] = [inspect(error, { depth: 20, showHidden: true })];
  const seen = new Set<unknown>();
  for (let e = error; e !== undefined && e !== null && !seen.has(e); ) {
    seen.add(e);
    out.push(String(e));
    try {
      out.push(JSON.stringify(e) ?? "");
    } catch {
      // Cyclic: inspect above covers it.
    }
    if (typeof e === "object") {
      const o = e as { message?: unknown; stack?: unknown; cause?: unknown };
      out.push(String(o.message), String(o.stack));
      e = o.cause;
    } else break;
  }
  return out;
}

function client(responders: Responder | Responder[], options: ImagesClientOptions = {}) {
  const fake = fakeFetch(responders);
  return createImagesClient({
    apiKey: SECRET_KEY,
    organization: "org_secretless",
    baseURL: "https://api.test/v1",
    fetch: fake.fetch,
    maxRetries: 0,
    ...options,
  });
}

const PARAMS = { model: "gpt-image-1.5", prompt: "a lighthouse at dusk" } as const;
const STREAM = { ...PARAMS, stream: true } as const;

async function streamError(
  chunks: string[],
  end: StreamEnd = "close",
  options: ImagesClientOptions = {},
) {
  const c = client(() => sseResponse(byteStream(chunks, end)), options);
  return rejectionOf((await c.images.generate(STREAM)).final());
}

// A server that echoes the key it rejected (some proxies and old API versions do).
const echoed = `Incorrect API key provided: ${SECRET_KEY}. You can find your API key at https://platform.openai.com/account/api-keys.`;

const ERROR_PATHS: [string, () => Promise<unknown>][] = [
  [
    "ImageRequestValidationError",
    () => rejectionOf(client(never).images.generate({ model: "dall-e-3", prompt: "x", n: 5 })),
  ],
  [
    "an invalid header value",
    () => rejectionOf(client(never, { apiKey: `${SECRET_KEY}\nX` }).images.generate(PARAMS)),
  ],
  ...[400, 403, 404, 409, 422, 429, 500, 503].map((status): [string, () => Promise<unknown>] => [
    `HTTP ${status}`,
    () =>
      rejectionOf(
        client(() => errorResponse(status, apiErrorBody(`failed ${status}`))).images.generate(
          PARAMS,
        ),
      ),
  ]),
  [
    "HTTP 401 whose message echoes the key",
    () =>
      rejectionOf(
        client(() =>
          errorResponse(401, apiErrorBody(echoed, { code: "invalid_api_key" })),
        ).images.generate(PARAMS),
      ),
  ],
  [
    "HTTP 401 with a non-JSON body that echoes the key",
    () =>
      rejectionOf(
        client(() => new Response(`bad key ${SECRET_KEY}`, { status: 401 })).images.generate(
          PARAMS,
        ),
      ),
  ],
  [
    "HTTP moderation refusal",
    () =>
      rejectionOf(
        client(() =>
          errorResponse(400, apiErrorBody("Rejected.", { code: "moderation_blocked" })),
        ).images.generate(PARAMS),
      ),
  ],
  [
    "ConnectionError before sending",
    () => rejectionOf(client(networkFailure("ECONNREFUSED")).images.generate(PARAMS)),
  ],
  [
    "ConnectionError after sending",
    () => rejectionOf(client(networkFailure("UND_ERR_SOCKET")).images.generate(PARAMS)),
  ],
  ["TimeoutError", () => rejectionOf(client(never, { timeout: 20 }).images.generate(PARAMS))],
  [
    "AbortError",
    () => {
      const controller = new AbortController();
      const pending = client(never).images.generate(PARAMS, { signal: controller.signal });
      controller.abort();
      return rejectionOf(pending);
    },
  ],
  [
    "InvalidResponseError (not JSON, echoing the key)",
    () =>
      rejectionOf(
        client(() => new Response(`oops ${SECRET_KEY}`, { status: 200 })).images.generate(PARAMS),
      ),
  ],
  [
    "InvalidResponseError (wrong shape, echoing the key)",
    () => rejectionOf(client(() => jsonResponse({ created: SECRET_KEY })).images.generate(PARAMS)),
  ],
  ["stream moderation error", () => streamError([sseText([MODERATION_ERROR_EVENT])])],
  [
    "stream `event: error`",
    () =>
      streamError([
        sseEvent({ error: { message: "boom", type: "server_error" } }, { event: "error" }),
      ]),
  ],
  ["StreamProtocolError", () => streamError(["data: {nope\n\n"])],
  ["StreamTruncatedError", () => streamError([sseText([partialImageEvent()])])],
  [
    "StreamTruncatedError after a dropped connection",
    () =>
      streamError([sseText([partialImageEvent()])], {
        error: new TypeError("terminated", { cause: { code: "UND_ERR_SOCKET" } }),
      }),
  ],
  ["StreamIdleTimeoutError", () => streamError([], "stall", { idleTimeout: 20 })],
  [
    "a stream aborted with abort()",
    async () => {
      const c = client(() => sseResponse(byteStream([], "stall")));
      const stream = await c.images.generate(STREAM);
      const final = stream.final();
      stream.abort();
      return rejectionOf(final);
    },
  ],
  [
    "a stream consumed twice",
    async () => {
      const c = client(() => sseResponse(sseText([partialImageEvent()])));
      const stream = await c.images.generate(STREAM);
      stream.toReadableStream();
      return (await drain(stream)).error;
    },
  ],
  [
    "bytes() of a URL image",
    async () => {
      try {
        createGeneratedImage({ url: "https://files.test/a.png" }).bytes();
      } catch (error) {
        return error;
      }
      return undefined;
    },
  ],
];

describe(`the API key never appears in an error (planted: ${SECRET_KEY})`, () => {
  it.each(ERROR_PATHS)("%s", async (_, trigger) => {
    const error = await trigger();
    expect(EaselError.isInstance(error)).toBe(true);
    for (const text of exposures(error)) expect(text).not.toContain(SECRET_KEY);
  });

  it("still says what the server said, with the key redacted", async () => {
    const error = await rejectionOf(
      client(() =>
        errorResponse(401, apiErrorBody(echoed, { code: "invalid_api_key" })),
      ).images.generate(PARAMS),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Incorrect API key provided: [redacted].");
    expect((error as AuthenticationError).code).toBe("invalid_api_key");
    expect(JSON.stringify((error as AuthenticationError).error)).toContain("[redacted]");
  });
});
