import {
  ConnectionError,
  createImagesClient,
  type ImagesClientOptions,
  InternalServerError,
  ModerationBlockedError,
  RateLimitError,
  StreamIdleTimeoutError,
  StreamProtocolError,
  StreamTruncatedError,
  TimeoutError,
} from "@easel/core";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "./node";

// Every fault, and how @easel/core's client reacts to it over a real socket: retried when
// nothing can have been billed, a typed error otherwise, never a silent success.
let server: RunningEmulator;

beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 5 });
});
afterAll(() => server.close());
beforeEach(() => {
  server.emulator.resetFaults();
  server.emulator.resetStats();
  server.emulator.setFault(undefined);
});

const PROMPT = {
  model: "gpt-image-1-mini",
  prompt: "a paper boat",
  size: "1024x1024",
  quality: "low",
} as const;

function client(options: ImagesClientOptions = {}) {
  return createImagesClient({ apiKey: "test", baseURL: server.url, ...options });
}

function fault(name: string, extra: Record<string, string> = {}) {
  return { "x-emulator-fault": name, ...extra };
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got a success");
}

async function isPng(bytes: Uint8Array) {
  const meta = await sharp(bytes).metadata();
  return meta.format === "png" && meta.width === 1024;
}

describe("HTTP errors", () => {
  it("429: retried after the retry-after the emulator sent, then succeeds", async () => {
    const delays: unknown[] = [];
    const result = await client({
      debug: (message, details) => {
        if (message === "retrying") delays.push(details.delayMs);
      },
    }).images.generate(PROMPT, {
      headers: fault("rate-limit", {
        "x-emulator-fault-count": "1",
        "x-emulator-retry-after": "1",
      }),
    });
    expect(await isPng(result.images[0]!.bytes())).toBe(true);
    expect(delays).toEqual([1000]);
    expect(server.emulator.stats.generations).toBe(2);
  });

  it("429 with no retries left: RateLimitError with the API's code and retry-after", async () => {
    const error = await failure(
      client({ maxRetries: 0 }).images.generate(PROMPT, {
        headers: fault("rate-limit", { "x-emulator-retry-after": "0" }),
      }),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: "rate_limit_exceeded", type: "requests" });
    expect((error as RateLimitError).headers?.get("retry-after")).toBe("0");
  });

  it("503 three times with maxRetries 2: three attempts, the last 503 surfaced", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate(PROMPT, {
        headers: fault("unavailable", {
          "x-emulator-fault-count": "3",
          "x-emulator-retry-after": "0",
        }),
      }),
    );
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, type: "server_error" });
    expect(server.emulator.stats.generations).toBe(3);
    // The fourth request (a new call) gets through: the count was three.
    const result = await client().images.generate(PROMPT, {
      headers: fault("unavailable", { "x-emulator-fault-count": "3" }),
    });
    expect(result.images).toHaveLength(1);
  });

  it("500 for the first two requests, then success on the second retry", async () => {
    const result = await client({ maxRetries: 2 }).images.generate(PROMPT, {
      headers: fault("server-error", {
        "x-emulator-fault-count": "2",
        "x-emulator-retry-after": "0",
      }),
    });
    expect(result.images).toHaveLength(1);
    expect(server.emulator.stats).toMatchObject({ generations: 3, faults: 2 });
  });

  it("a fault set by option (setFault) works like the header", async () => {
    server.emulator.setFault({ type: "unavailable", count: 1, retryAfter: 0 });
    const result = await client().images.generate(PROMPT);
    expect(result.images).toHaveLength(1);
    expect(server.emulator.stats).toMatchObject({ generations: 2, faults: 1 });
  });

  it("a moderation trigger word: ModerationBlockedError, not retried", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate({ ...PROMPT, prompt: "a forbidden-trigger scene" }),
    );
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: "moderation_blocked" });
    expect((error as ModerationBlockedError).moderationDetails).toEqual({
      moderation_stage: "input",
      categories: ["other"],
    });
    expect(server.emulator.stats.generations).toBe(1);
  });
});

describe("connection faults (Node server)", () => {
  it("reset-before-headers: ECONNRESET means not sent, so it is retried and succeeds", async () => {
    const result = await client().images.generate(PROMPT, {
      headers: fault("reset-before-headers", { "x-emulator-fault-count": "1" }),
    });
    expect(result.images).toHaveLength(1);
    expect(server.emulator.stats).toMatchObject({ generations: 2, faults: 1, images: 1 });
  });

  it("reset-before-headers by option resets a new connection before reading the request", async () => {
    // A server of its own: the shared one's pooled connections are already open.
    const fresh = await startEmulator({ fault: { type: "reset-before-headers", count: 1 } });
    try {
      const result = await createImagesClient({
        apiKey: "test",
        baseURL: fresh.url,
      }).images.generate(PROMPT);
      expect(result.images).toHaveLength(1);
      // The reset connection never delivered its request: only the retry was read.
      expect(fresh.emulator.stats).toMatchObject({ generations: 1, faults: 1 });
    } finally {
      await fresh.close();
    }
  });

  it("reset-before-headers every time: ConnectionError with requestSent false after the retries", async () => {
    const error = await failure(
      client({ maxRetries: 1 }).images.generate(PROMPT, { headers: fault("reset-before-headers") }),
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(false);
    expect((error as ConnectionError).message).toMatch(/ECONNRESET/);
    expect(server.emulator.stats.generations).toBe(2);
  });

  it("drop-after-request: not retried, ConnectionError says the request was sent and why", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate(PROMPT, {
        headers: fault("drop-after-request", { "x-emulator-fault-count": "1" }),
      }),
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
    const connection = error as ConnectionError;
    expect(connection.requestSent).toBe(true);
    expect(connection.notRetriedReason).toMatch(/billed/);
    expect(connection.message).toMatch(/not retried/);
    expect(connection.message).toMatch(/UND_ERR_SOCKET/);
    expect(server.emulator.stats.generations).toBe(1);
  });

  it("reset-after-headers (non-streamed): the body breaks, ConnectionError, not retried", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate(PROMPT, { headers: fault("reset-after-headers") }),
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(true);
    expect(server.emulator.stats.generations).toBe(1);
  });

  it("reset-after-headers (streamed): StreamTruncatedError, not retried", async () => {
    const stream = await client({ maxRetries: 2 }).images.generate(
      { ...PROMPT, stream: true, partial_images: 1 },
      { headers: fault("reset-after-headers") },
    );
    const error = await failure(stream.final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    expect(server.emulator.stats.generations).toBe(1);
  });
});

describe("stream faults", () => {
  it("truncate: StreamTruncatedError carrying the partial image that arrived", async () => {
    const stream = await client().images.generate(
      { ...PROMPT, stream: true, partial_images: 2 },
      { headers: fault("truncate") },
    );
    const error = await failure(stream.final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.partialImages).toHaveLength(1);
    expect(truncated.completedImages).toHaveLength(0);
    expect(await isPng(truncated.partialImages[0]!.bytes())).toBe(true);
    expect(server.emulator.stats.generations).toBe(1);
  });

  it("error-event: the mid-stream moderation error becomes ModerationBlockedError", async () => {
    const stream = await client().images.generate(
      { ...PROMPT, stream: true, partial_images: 1 },
      { headers: fault("error-event") },
    );
    const seen: string[] = [];
    const error = await failure(
      (async () => {
        for await (const event of stream) seen.push(event.type);
      })(),
    );
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: "moderation_blocked",
      type: "image_generation_user_error",
    });
    expect(seen).toEqual(["image_generation.partial_image"]);
  });

  it("a moderation trigger word in a stream: an error event, ModerationBlockedError", async () => {
    const stream = await client().images.generate({
      ...PROMPT,
      prompt: "FORBIDDEN-TRIGGER",
      stream: true,
    });
    expect(ModerationBlockedError.isInstance(await failure(stream.final()))).toBe(true);
    expect(server.emulator.stats.generations).toBe(1);
  });

  it("malformed-event: StreamProtocolError with the event's first bytes", async () => {
    const stream = await client().images.generate(
      { ...PROMPT, stream: true, partial_images: 1 },
      { headers: fault("malformed-event") },
    );
    const error = await failure(stream.final());
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    expect((error as StreamProtocolError).excerpt).toMatch(
      /^\{"type":"image_generation.partial_image"/,
    );
  });

  it("stall: StreamIdleTimeoutError, and the emulator sees the client cancel", async () => {
    const stream = await client({ idleTimeout: 150 }).images.generate(
      { ...PROMPT, stream: true, partial_images: 1 },
      { headers: fault("stall") },
    );
    const error = await failure(stream.final());
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    await server.emulator.whenIdle();
    expect(server.emulator.stats).toMatchObject({ cancelled: 1, active: 0, generations: 1 });
  });
});

describe("latency", () => {
  it("latency beyond the client's timeout: TimeoutError, not retried, and the emulator sees the abort", async () => {
    const error = await failure(
      client({ timeout: 100, maxRetries: 2 }).images.generate(PROMPT, {
        headers: { "x-emulator-latency-ms": "5000" },
      }),
    );
    expect(TimeoutError.isInstance(error)).toBe(true);
    await server.emulator.whenIdle();
    expect(server.emulator.stats).toMatchObject({ generations: 1, cancelled: 1 });
  });

  it("latency within the timeout is reported in x-emulator-latency-ms", async () => {
    const result = await client().images.generate(PROMPT, {
      headers: { "x-emulator-latency-ms": "20" },
    });
    expect(result.headers.get("x-emulator-latency-ms")).toBe("20");
    expect(Number(result.headers.get("openai-processing-ms"))).toBeGreaterThanOrEqual(20);
  });
});
