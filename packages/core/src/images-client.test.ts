import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { AbortError } from "./errors/abort-error";
import {
  type ApiError,
  BadRequestError,
  ConflictError,
  InternalServerError,
  ModerationBlockedError,
  RateLimitError,
} from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { ImageRequestValidationError } from "./errors/image-request-validation-error";
import { InvalidResponseError } from "./errors/stream-errors";
import { TimeoutError } from "./errors/timeout-error";
import { ImageStream } from "./image-stream";
import {
  createImagesClient,
  type ImagesClientOptions,
  type NonStreamingImageGenerateParams,
} from "./images-client";
import {
  apiErrorBody,
  byteStream,
  errorResponse,
  fakeFetch,
  JPEG_B64,
  jsonResponse,
  networkFailure,
  never,
  PNG_B64,
  type Responder,
  rejectionOf,
  SECRET_KEY,
  USAGE,
} from "./test-support";

const PROMPT = { model: "gpt-image-1.5", prompt: "a red kite over the sea" } as const;

const okBody = (overrides: Record<string, unknown> = {}) => ({
  created: 1_760_000_000,
  data: [{ b64_json: PNG_B64 }],
  output_format: "png",
  size: "1024x1024",
  quality: "low",
  background: "opaque",
  usage: USAGE,
  ...overrides,
});

const ok: Responder = () =>
  jsonResponse(okBody(), {
    headers: { "x-request-id": "req_123", "openai-processing-ms": "4200" },
  });

/** A client on a fake fetch; retries wait no longer than the responders ask. */
function setup(responders: Responder | Responder[], options: ImagesClientOptions = {}) {
  const fake = fakeFetch(responders);
  const debug: { message: string; details: Record<string, unknown> }[] = [];
  const client = createImagesClient({
    apiKey: SECRET_KEY,
    baseURL: "https://api.test/v1",
    fetch: fake.fetch,
    debug: (message, details) => debug.push({ message, details }),
    ...options,
  });
  return { client, calls: fake.calls, debug };
}

/** An error answer that asks for an immediate retry, so retry tests do not wait. */
const failWith =
  (status: number, headers: Record<string, string> = {}, body?: unknown): Responder =>
  () =>
    errorResponse(status, body ?? apiErrorBody(`status ${status}`), {
      "retry-after-ms": "0",
      ...headers,
    });

describe("non-streamed generation", () => {
  it("resolves to the API's response plus images, requestId, headers and warnings", async () => {
    const { client, calls } = setup(ok);
    const result = await client.images.generate(PROMPT);
    expect(calls).toHaveLength(1);
    expect(result.created).toBe(1_760_000_000);
    expect(result.usage).toEqual(USAGE);
    expect(result.size).toBe("1024x1024");
    expect(result.data).toEqual([{ b64_json: PNG_B64 }]);
    expect(result.requestId).toBe("req_123");
    expect(result.headers.get("openai-processing-ms")).toBe("4200");
    expect(result.warnings).toEqual([]);
    expect(result.images).toHaveLength(1);
    const image = result.images[0]!;
    expect(image.b64_json).toBe(PNG_B64);
    expect(image.mimeType).toBe("image/png");
    expect(image.extension).toBe("png");
    expect(image.url).toBeUndefined();
  });

  it("caches bytes(): the same instance on the second call", async () => {
    const { client } = setup(ok);
    const [image] = (await client.images.generate(PROMPT)).images;
    const bytes = image!.bytes();
    expect(Array.from(bytes.subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(image!.bytes()).toBe(bytes);
  });

  it("takes mimeType from output_format, else from the magic bytes", async () => {
    const fromFormat = setup(() => jsonResponse(okBody({ output_format: "webp" })));
    expect((await fromFormat.client.images.generate(PROMPT)).images[0]!.mimeType).toBe(
      "image/webp",
    );
    const sniffed = setup(() =>
      jsonResponse({ created: 1, data: [{ b64_json: JPEG_B64 }, { b64_json: PNG_B64 }] }),
    );
    const { images } = await sniffed.client.images.generate(PROMPT);
    expect(images.map((i) => i.mimeType)).toEqual(["image/jpeg", "image/png"]);
  });

  it("returns URL images with revisedPrompt (dall-e), whose bytes() says what to do", async () => {
    const { client } = setup(() =>
      jsonResponse({
        created: 1,
        data: [{ url: "https://files.test/a.png", revised_prompt: "A kite, red" }],
      }),
    );
    const { images } = await client.images.generate(
      { model: "dall-e-3", prompt: "a kite", response_format: "url" },
      {},
    );
    expect(images[0]!.url).toBe("https://files.test/a.png");
    expect(images[0]!.revisedPrompt).toBe("A kite, red");
    expect(() => images[0]!.bytes()).toThrow(/image\.url/);
  });

  it("sends the validated request as JSON with POST", async () => {
    const { client, calls } = setup(ok);
    await client.images.generate({ ...PROMPT, size: "1536x1024", quality: "high", n: 2 });
    expect(calls[0]!.method).toBe("POST");
    expect(calls[0]!.json).toEqual({ ...PROMPT, size: "1536x1024", quality: "high", n: 2 });
  });

  it("drops parameters given as null, as the validator returns them", async () => {
    const { client, calls } = setup(ok);
    await client.images.generate({ ...PROMPT, size: null, quality: null });
    expect(calls[0]!.json).toEqual(PROMPT);
  });

  it("reports validation warnings on the result and to onWarning", async () => {
    const warned: string[] = [];
    const { client } = setup(ok, { onWarning: (w) => warned.push(w.code) });
    const result = await client.images.generate({ model: "gpt-image-1", prompt: "a kite" });
    expect(result.warnings.map((w) => w.code)).toEqual(["model_retired"]);
    expect(warned).toEqual(["model_retired"]);
  });
});

describe("validation before sending", () => {
  it("throws ImageRequestValidationError with every issue and makes no fetch", async () => {
    const { client, calls } = setup(ok);
    const error = await rejectionOf(
      client.images.generate({
        model: "dall-e-3",
        prompt: "a cat",
        n: 2,
        quality: "low",
        size: "10x10",
      }),
    );
    expect(calls).toHaveLength(0);
    expect(ImageRequestValidationError.isInstance(error)).toBe(true);
    const validation = error as ImageRequestValidationError;
    expect(validation.issues.map((i) => i.param)).toEqual(["n", "quality", "size"]);
    expect(validation.warnings.map((w) => w.code)).toContain("model_retired");
    expect(validation.message).toMatch(/^The request is invalid and was not sent:\n- n: /);
    expect(validation.message.split("\n- ")).toHaveLength(4);
    for (const issue of validation.issues) expect(validation.message).toContain(issue.message);
  });

  it("throws before fetching when the prompt is missing", async () => {
    const { client, calls } = setup(ok);
    const error = await rejectionOf(client.images.generate({ model: "gpt-image-1.5" } as never));
    expect(ImageRequestValidationError.isInstance(error)).toBe(true);
    expect((error as ImageRequestValidationError).issues[0]!.param).toBe("prompt");
    expect(calls).toHaveLength(0);
  });

  it("sends an invalid request unchanged with validate: false", async () => {
    const { client, calls } = setup(ok, { validate: false });
    const params = { model: "dall-e-3", prompt: "a cat", n: 2, quality: "low", size: "10x10" };
    const result = await client.images.generate(params as NonStreamingImageGenerateParams);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.json).toEqual(params);
    expect(result.warnings).toEqual([]);
  });
});

describe("request headers and URL", () => {
  it("sends the key, organization, project, content type and accept", async () => {
    const { client, calls } = setup(ok, { organization: "org_1", project: "proj_1" });
    await client.images.generate(PROMPT);
    const headers = calls[0]!.headers;
    expect(headers.get("authorization")).toBe(`Bearer ${SECRET_KEY}`);
    expect(headers.get("openai-organization")).toBe("org_1");
    expect(headers.get("openai-project")).toBe("proj_1");
    expect(headers.get("content-type")).toBe("application/json");
    expect(headers.get("accept")).toBe("application/json");
  });

  it("asks for text/event-stream when streaming", async () => {
    const { client, calls } = setup(() => new Response("", { status: 200 }));
    await client.images.generate({ ...PROMPT, stream: true });
    expect(calls[0]!.headers.get("accept")).toBe("text/event-stream");
  });

  it("adds defaultHeaders, and per-call headers win over them", async () => {
    const { client, calls } = setup(ok, {
      defaultHeaders: { "x-app": "easel-test", "x-trace": "default" },
    });
    await client.images.generate(PROMPT, { headers: { "x-trace": "call", "x-call": "1" } });
    const headers = calls[0]!.headers;
    expect(headers.get("x-app")).toBe("easel-test");
    expect(headers.get("x-trace")).toBe("call");
    expect(headers.get("x-call")).toBe("1");
  });

  it("lets per-call headers replace the authorization (a proxy's own token)", async () => {
    const { client, calls } = setup(ok);
    await client.images.generate(PROMPT, { headers: { authorization: "Bearer proxy" } });
    expect(calls[0]!.headers.get("authorization")).toBe("Bearer proxy");
  });

  it("sends no authorization, organization or project when they are not set", async () => {
    const { client, calls } = setup(ok, { apiKey: undefined });
    await client.images.generate(PROMPT);
    expect(calls[0]!.headers.has("authorization")).toBe(false);
    expect(calls[0]!.headers.has("openai-organization")).toBe(false);
    expect(calls[0]!.headers.has("openai-project")).toBe(false);
  });

  it("joins baseURL and the path with one slash, however many trail", async () => {
    for (const baseURL of [
      "http://proxy.test/v1",
      "http://proxy.test/v1/",
      "http://proxy.test/v1///",
    ]) {
      const { client, calls } = setup(ok, { baseURL });
      await client.images.generate(PROMPT);
      expect(calls[0]!.url).toBe("http://proxy.test/v1/images/generations");
      expect(client.baseURL).toBe("http://proxy.test/v1");
    }
  });

  it("defaults baseURL to the OpenAI API", async () => {
    const { client, calls } = setup(ok, { baseURL: undefined });
    await client.images.generate(PROMPT);
    expect(client.baseURL).toBe("https://api.openai.com/v1");
    expect(calls[0]!.url).toBe("https://api.openai.com/v1/images/generations");
  });

  it("reads globalThis.fetch at call time when no fetch is injected", async () => {
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL: "https://api.test/v1" });
    const fake = fakeFetch(ok);
    const original = globalThis.fetch;
    globalThis.fetch = fake.fetch as typeof fetch;
    try {
      await client.images.generate(PROMPT);
    } finally {
      globalThis.fetch = original;
    }
    expect(fake.calls).toHaveLength(1);
  });

  it("refuses a header value HTTP does not allow, without quoting it", async () => {
    for (const apiKey of [`${SECRET_KEY}\nX`, `${SECRET_KEY}\u0000X`]) {
      const { client, calls } = setup(ok, { apiKey });
      const error = await rejectionOf(client.images.generate(PROMPT));
      expect(EaselError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(
        /A header value has a character HTTP forbids; check apiKey and headers\./,
      );
      expect(String(error)).not.toContain(SECRET_KEY);
      expect(JSON.stringify(error)).not.toContain(SECRET_KEY);
      expect((error as Error).stack).not.toContain(SECRET_KEY);
      expect((error as Error).cause).toBeUndefined();
      expect(calls).toHaveLength(0);
    }
  });
});

describe("API errors and bad responses", () => {
  it("throws the API's error with status, type, code, param, requestId and headers", async () => {
    const { client, calls } = setup(() =>
      errorResponse(
        400,
        {
          error: {
            message:
              "Invalid value: 'standard'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
            type: "invalid_request_error",
            param: "quality",
            code: "invalid_value",
          },
        },
        { "x-request-id": "req_bad" },
      ),
    );
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(BadRequestError.isInstance(error)).toBe(true);
    const api = error as BadRequestError;
    expect(api.status).toBe(400);
    expect(api.type).toBe("invalid_request_error");
    expect(api.code).toBe("invalid_value");
    expect(api.param).toBe("quality");
    expect(api.requestId).toBe("req_bad");
    expect(api.headers?.get("x-request-id")).toBe("req_bad");
    expect(api.isRetryable).toBe(false);
    expect(api.message).toContain("Invalid value: 'standard'.");
    expect(api.message).toContain("req_bad");
  });

  it("throws ModerationBlockedError for an HTTP moderation refusal, with its details", async () => {
    const { client, calls } = setup(() =>
      errorResponse(400, {
        error: {
          message: "Your request was rejected by the safety system.",
          type: "image_generation_user_error",
          param: null,
          code: "moderation_blocked",
          moderation_details: { moderation_stage: "input", categories: ["other"] },
        },
      }),
    );
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect((error as ModerationBlockedError).moderationDetails).toEqual({
      moderation_stage: "input",
      categories: ["other"],
    });
  });

  it("reads a body that is not the API's JSON (a proxy's HTML page)", async () => {
    const { client } = setup(
      () => new Response("<html>Bad gateway</html>", { status: 502, statusText: "Bad Gateway" }),
      { maxRetries: 0 },
    );
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as ApiError).status).toBe(502);
    expect((error as ApiError).message).toContain("Bad Gateway: <html>Bad gateway</html>");
    expect((error as ApiError).isRetryable).toBe(true);
    // Not the API's body: no error object, no fields.
    expect((error as ApiError).error).toBeUndefined();
    expect((error as ApiError).code).toBeNull();
  });

  it("throws InvalidResponseError for a 200 body that is not JSON", async () => {
    const { client } = setup(() => new Response("not json at all", { status: 200 }));
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).status).toBe(200);
    expect((error as InvalidResponseError).excerpt).toBe("not json at all");
  });

  it("throws InvalidResponseError naming the fields of a body that is not an images response", async () => {
    const { client } = setup(() => jsonResponse({ created: "yesterday", data: [{ url: 5 }] }));
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/created/);
    expect((error as Error).message).toMatch(/data\.0\.url/);
    const notArray = setup(() => jsonResponse({ created: 1, data: "x" }));
    expect(((await rejectionOf(notArray.client.images.generate(PROMPT))) as Error).message).toMatch(
      /data: expected array/,
    );
  });
});

describe("retries", () => {
  it("retries a 429 and honors retry-after-ms", async () => {
    const { client, calls, debug } = setup([failWith(429, { "retry-after-ms": "20" }), ok]);
    const result = await client.images.generate(PROMPT);
    expect(result.requestId).toBe("req_123");
    expect(calls).toHaveLength(2);
    const retries = debug.filter((d) => d.message === "retrying");
    expect(retries.map((d) => d.details.delayMs)).toEqual([20]);
  });

  it("honors retry-after in seconds when retry-after-ms is absent", async () => {
    const { client, calls, debug } = setup([
      () => errorResponse(429, apiErrorBody("slow down"), { "retry-after": "0.03" }),
      ok,
    ]);
    await client.images.generate(PROMPT);
    expect(calls).toHaveLength(2);
    expect(debug.find((d) => d.message === "retrying")?.details.delayMs).toBe(30);
  });

  it.each([408, 409, 500, 502, 503, 504])("retries %i", async (status) => {
    const { client, calls } = setup([failWith(status), ok]);
    await expect(client.images.generate(PROMPT)).resolves.toMatchObject({ requestId: "req_123" });
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422])("does not retry %i", async (status) => {
    const { client, calls } = setup([failWith(status), ok]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect((error as ApiError).status).toBe(status);
    expect(calls).toHaveLength(1);
  });

  it("stops on x-should-retry: false", async () => {
    const { client, calls } = setup([failWith(503, { "x-should-retry": "false" }), ok]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as ApiError).isRetryable).toBe(false);
    expect(calls).toHaveLength(1);
  });

  it("retries a 400 on x-should-retry: true", async () => {
    const { client, calls } = setup([failWith(400, { "x-should-retry": "true" }), ok]);
    await client.images.generate(PROMPT);
    expect(calls).toHaveLength(2);
  });

  it("never retries an image_generation_user_error, even when the header asks", async () => {
    const body = {
      error: {
        message:
          "Invalid size '123x456'. Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto.",
        type: "image_generation_user_error",
        param: "size",
        code: "invalid_value",
      },
    };
    for (const status of [400, 500]) {
      const { client, calls } = setup([failWith(status, { "x-should-retry": "true" }, body), ok]);
      const error = await rejectionOf(client.images.generate(PROMPT));
      expect((error as ApiError).type).toBe("image_generation_user_error");
      expect((error as ApiError).isRetryable).toBe(false);
      expect(calls).toHaveLength(1);
    }
  });

  it("respects maxRetries and surfaces the last error", async () => {
    let n = 0;
    const { client, calls } = setup(
      () => errorResponse(503, apiErrorBody(`overloaded ${++n}`), { "retry-after-ms": "0" }),
      { maxRetries: 2 },
    );
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(3);
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect((error as InternalServerError).status).toBe(503);
    expect((error as Error).message).toContain("overloaded 3");
    expect((error as ApiError).isRetryable).toBe(true);
  });

  it("takes maxRetries per call, and 0 means one attempt", async () => {
    const { client, calls } = setup(failWith(503), { maxRetries: 5 });
    await rejectionOf(client.images.generate(PROMPT, { maxRetries: 0 }));
    expect(calls).toHaveLength(1);
    await rejectionOf(client.images.generate(PROMPT, { maxRetries: 1 }));
    expect(calls).toHaveLength(3);
  });

  it("defaults to 2 retries", async () => {
    const { client, calls } = setup(failWith(500));
    await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(3);
  });

  it("marks a retried 409 and 429 as retryable on the error", async () => {
    const conflict = setup(failWith(409), { maxRetries: 0 });
    const c = await rejectionOf(conflict.client.images.generate(PROMPT));
    expect(ConflictError.isInstance(c)).toBe(true);
    expect((c as ApiError).isRetryable).toBe(true);
    const limited = setup(failWith(429), { maxRetries: 0 });
    const r = await rejectionOf(limited.client.images.generate(PROMPT));
    expect(RateLimitError.isInstance(r)).toBe(true);
    expect((r as ApiError).isRetryable).toBe(true);
  });

  it("retries a connection failure before sending (ECONNREFUSED)", async () => {
    const { client, calls } = setup([networkFailure("ECONNREFUSED"), ok], { maxRetries: 1 });
    const result = await client.images.generate(PROMPT);
    expect(result.images).toHaveLength(1);
    expect(calls).toHaveLength(2);
  });

  it("gives up on connection failures after maxRetries, saying nothing was sent", async () => {
    const { client, calls } = setup(networkFailure("ECONNREFUSED"), { maxRetries: 1 });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(2);
    expect(ConnectionError.isInstance(error)).toBe(true);
    const connection = error as ConnectionError;
    expect(connection.requestSent).toBe(false);
    expect(connection.isRetryable).toBe(true);
    expect(connection.notRetriedReason).toBeUndefined();
    expect(connection.message).toMatch(
      /Could not connect to https:\/\/api\.test\/v1\/images\/generations/,
    );
    expect(connection.message).toContain("ECONNREFUSED");
    expect(connection.message).toMatch(/check the network and baseURL/);
  });

  it("does not retry a failure after sending (UND_ERR_SOCKET) and says why", async () => {
    const { client, calls } = setup([networkFailure("UND_ERR_SOCKET", "other side closed"), ok]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(ConnectionError.isInstance(error)).toBe(true);
    const connection = error as ConnectionError;
    expect(connection.requestSent).toBe(true);
    expect(connection.notRetriedReason).toMatch(/billed/);
    expect(connection.notRetriedReason).toMatch(/retryUnsafe: true/);
    expect(connection.message).toMatch(/not retried/);
    expect(connection.message).toContain("UND_ERR_SOCKET");
    expect((connection.cause as Error).message).toBe("fetch failed");
  });

  it("does not retry a codeless failure (a browser's TypeError): it may have been sent", async () => {
    const { client, calls } = setup([
      () => {
        throw new TypeError("Failed to fetch");
      },
      ok,
    ]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect((error as ConnectionError).requestSent).toBe(true);
  });

  it("retries a failure after sending with retryUnsafe: true", async () => {
    const { client, calls } = setup([networkFailure("UND_ERR_SOCKET"), ok], {
      retryUnsafe: true,
      maxRetries: 1,
    });
    await expect(client.images.generate(PROMPT)).resolves.toMatchObject({ requestId: "req_123" });
    expect(calls).toHaveLength(2);
  });

  it("does not retry a response body that drops mid-way", async () => {
    const dropped = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const { client, calls } = setup([
      () => new Response(byteStream(['{"created":1,"da'], { error: dropped }).stream),
      ok,
    ]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(true);
    expect((error as ConnectionError).notRetriedReason).toMatch(/billed/);
  });

  it("treats an error answer whose body drops like any body that drops: not retried", async () => {
    const dropped = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const { client, calls, debug } = setup([
      () =>
        new Response(byteStream(['{"error":{"mess'], { error: dropped }).stream, {
          status: 503,
        }),
      ok,
    ]);
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(true);
    expect((error as Error).message).toContain("UND_ERR_SOCKET");
    expect(debug.find((d) => d.message === "failed")?.details).toMatchObject({
      error: "ConnectionError",
      willRetry: false,
    });
  });

  it("retries a body that drops with retryUnsafe: true", async () => {
    const { client, calls } = setup(
      [
        () => new Response(byteStream(['{"created":1,"da'], { error: new TypeError("x") }).stream),
        ok,
      ],
      { retryUnsafe: true, maxRetries: 1 },
    );
    await expect(client.images.generate(PROMPT)).resolves.toMatchObject({ requestId: "req_123" });
    expect(calls).toHaveLength(2);
  });
});

describe("timeouts and aborts", () => {
  it("times out an attempt that gets no answer, and does not retry it", async () => {
    const { client, calls } = setup([never, ok], { timeout: 50 });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(TimeoutError.isInstance(error)).toBe(true);
    const timeout = error as TimeoutError;
    expect(timeout.timeoutMs).toBe(50);
    expect(timeout.notRetriedReason).toMatch(/billed/);
    expect(timeout.message).toMatch(/timed out after 50 ms/);
    expect(timeout.message).toMatch(/Raise the timeout option/);
  });

  it("takes the timeout per call", async () => {
    const { client } = setup(never, { timeout: 600_000 });
    const error = await rejectionOf(client.images.generate(PROMPT, { timeout: 30 }));
    expect((error as TimeoutError).timeoutMs).toBe(30);
  });

  it("covers the whole non-streamed body, not only the headers", async () => {
    const { client } = setup(() => new Response(byteStream(['{"created":'], "stall").stream), {
      timeout: 50,
    });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(TimeoutError.isInstance(error)).toBe(true);
  });

  it("retries timeouts with retryUnsafe: true, each attempt with its own timeout", async () => {
    const { client, calls } = setup([never, never, ok], {
      timeout: 30,
      retryUnsafe: true,
      maxRetries: 2,
    });
    // Backoff waits total at most 1.5 s.
    await expect(client.images.generate(PROMPT)).resolves.toMatchObject({ requestId: "req_123" });
    expect(calls).toHaveLength(3);
    expect(calls[0]!.signal).not.toBe(calls[1]!.signal);
  });

  it("does not claim retryUnsafe is off when retries with it ran out", async () => {
    const { client, calls } = setup(never, { timeout: 30, retryUnsafe: true, maxRetries: 0 });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(calls).toHaveLength(1);
    expect((error as TimeoutError).notRetriedReason).toBeUndefined();
    expect((error as Error).message).not.toMatch(/retryUnsafe/);
  });

  it("throws AbortError without fetching for a signal aborted before the call", async () => {
    const { client, calls } = setup(ok);
    const controller = new AbortController();
    controller.abort("changed my mind");
    const error = await rejectionOf(client.images.generate(PROMPT, { signal: controller.signal }));
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as AbortError).cause).toBe("changed my mind");
    expect(calls).toHaveLength(0);
  });

  it("aborts the fetch when the signal aborts while waiting for the answer", async () => {
    const { client, calls } = setup(never);
    const controller = new AbortController();
    const pending = client.images.generate(PROMPT, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error("user left")), 10);
    const error = await rejectionOf(pending);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(((error as AbortError).cause as Error).message).toBe("user left");
    expect(calls).toHaveLength(1);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it("aborts promptly during a backoff wait, without another attempt", async () => {
    // The server asks for 60 s; an abort must not wait for it (the test would time out).
    const { client, calls, debug } = setup([failWith(429, { "retry-after-ms": "60000" }), ok]);
    const controller = new AbortController();
    const pending = client.images.generate(PROMPT, { signal: controller.signal });
    while (!debug.some((d) => d.message === "retrying")) {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    controller.abort();
    const error = await rejectionOf(pending);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(calls).toHaveLength(1);
    expect(debug.find((d) => d.message === "retrying")?.details.delayMs).toBe(60_000);
  });
});

describe("debug", () => {
  it("reports attempts, responses and retries without the API key", async () => {
    const { client, debug } = setup([failWith(503), ok], { organization: "org_1" });
    await client.images.generate(PROMPT);
    expect(debug.map((d) => d.message)).toEqual([
      "request",
      "response",
      "retrying",
      "request",
      "response",
    ]);
    expect(debug[0]!.details).toMatchObject({
      attempt: 0,
      url: "https://api.test/v1/images/generations",
      stream: false,
      model: "gpt-image-1.5",
    });
    expect(JSON.stringify(debug)).not.toContain(SECRET_KEY);
  });

  it("leaves credentials and query strings out of the URL it reports", async () => {
    const { client, debug } = setup(ok, { baseURL: "https://user:pw@proxy.test/v1?key=abc" });
    await client.images.generate(PROMPT).catch(() => {});
    expect(JSON.stringify(debug)).not.toMatch(/pw@|key=abc/);
  });
});

describe("against a real HTTP server on 127.0.0.1", () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(
      servers.splice(0).map(
        (server) =>
          new Promise<void>((resolve) => {
            server.closeAllConnections();
            server.close(() => resolve());
          }),
      ),
    );
  });

  async function listen(
    handler: (req: IncomingMessage, body: string, res: import("node:http").ServerResponse) => void,
  ) {
    const server = createServer((req, res) => {
      let body = "";
      req.setEncoding("utf8");
      req.on("data", (chunk: string) => {
        body += chunk;
      });
      req.on("end", () => handler(req, body, res));
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  }

  it("classifies a refused connection as not sent and retries it", async () => {
    // A port that was just free: nothing listens there now.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const attempts: number[] = [];
    const client = createImagesClient({
      apiKey: SECRET_KEY,
      baseURL: `http://127.0.0.1:${port}/v1`,
      maxRetries: 1,
      debug: (message, details) => {
        if (message === "request") attempts.push(details.attempt as number);
      },
    });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(false);
    expect((error as Error).message).toContain("ECONNREFUSED");
    expect(attempts).toEqual([0, 1]);
  });

  it("does not retry when the server drops the connection after reading the request", async () => {
    let requests = 0;
    const baseURL = await listen((req) => {
      requests++;
      req.socket.destroy();
    });
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL });
    const error = await rejectionOf(client.images.generate(PROMPT));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(true);
    expect((error as ConnectionError).notRetriedReason).toMatch(/billed/);
    expect(requests).toBe(1);
  });

  it("sends the request and reads the answer over real HTTP", async () => {
    let seen: { headers: IncomingMessage["headers"]; body: string } | undefined;
    const baseURL = await listen((req, body, res) => {
      seen = { headers: req.headers, body };
      res.writeHead(200, { "content-type": "application/json", "x-request-id": "req_http" });
      res.end(JSON.stringify(okBody()));
    });
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL, project: "proj_1" });
    const result = await client.images.generate(PROMPT);
    expect(result.requestId).toBe("req_http");
    expect(result.images[0]!.bytes().length).toBeGreaterThan(60);
    expect(seen?.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
    expect(seen?.headers["openai-project"]).toBe("proj_1");
    expect(JSON.parse(seen!.body)).toEqual(PROMPT);
  });

  it("returns an ImageStream for stream: true over real HTTP", async () => {
    const baseURL = await listen((_req, _body, res) => {
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.end(
        "event: image_generation.completed\ndata: " +
          JSON.stringify({
            type: "image_generation.completed",
            b64_json: PNG_B64,
            created_at: 1,
            size: "1024x1024",
            quality: "low",
            background: "opaque",
            output_format: "png",
            usage: USAGE,
          }) +
          "\n\n",
      );
    });
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL });
    const stream = await client.images.generate({ ...PROMPT, stream: true });
    expect(stream).toBeInstanceOf(ImageStream);
    const { images, usage } = await stream.final();
    expect(images).toHaveLength(1);
    expect(usage).toEqual(USAGE);
  });
});
