// Issue 9, fault matrix through @easel/node: the emulator's faults over a real socket, with the
// Node client's own undici transport (a different undici than Node's global fetch, so the
// error codes that decide "retry or not" are checked again here), and `saveStream` never
// leaving a file under a final name when the stream fails.
import { join } from "node:path";
import {
  ConnectionError,
  InternalServerError,
  ModerationBlockedError,
  StreamIdleTimeoutError,
  StreamProtocolError,
  StreamTruncatedError,
} from "@easel/core";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import sharp from "sharp";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createImagesClient, type NodeImagesClientOptions } from "./create-images-client";
import { saveStream } from "./save-stream";
import { listDir, tempDir } from "./test-support";

let server: RunningEmulator;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 5 });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});
beforeEach(() => {
  server.emulator.resetFaults();
  server.emulator.resetStats();
});

const PARAMS = {
  model: "gpt-image-1-mini",
  prompt: "a paper boat",
  size: "1024x1024",
  quality: "low",
} as const;
const STREAM = { ...PARAMS, stream: true, partial_images: 1 } as const;

function client(options: NodeImagesClientOptions = {}) {
  const c = createImagesClient({
    env: { OPENAI_API_KEY: "test", OPENAI_BASE_URL: server.url },
    ...options,
  });
  clients.push(c);
  return c;
}

const fault = (name: string, extra: Record<string, string> = {}) => ({
  headers: { "x-emulator-fault": name, ...extra },
});

async function failure(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a failure, got a success");
}

describe("the Node client's undici transport", () => {
  it("429 then success: waits the retry-after the emulator sent", async () => {
    const delays: unknown[] = [];
    const result = await client({
      debug: (message, details) => {
        if (message === "retrying") delays.push(details.delayMs);
      },
    }).images.generate(
      PARAMS,
      fault("rate-limit", { "x-emulator-fault-count": "1", "x-emulator-retry-after": "1" }),
    );
    expect(result.images).toHaveLength(1);
    expect(delays).toEqual([1000]);
    expect(server.emulator.stats.generations).toBe(2);
  });

  it("503 three times: three attempts, the last 503 surfaced", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate(
        PARAMS,
        fault("unavailable", { "x-emulator-fault-count": "3", "x-emulator-retry-after": "0" }),
      ),
    );
    expect(InternalServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503 });
    expect(server.emulator.stats.generations).toBe(3);
  });

  it("reset before headers: ECONNRESET is 'not sent', retried, succeeds", async () => {
    const result = await client().images.generate(
      PARAMS,
      fault("reset-before-headers", { "x-emulator-fault-count": "1" }),
    );
    expect(result.images).toHaveLength(1);
    expect(server.emulator.stats).toMatchObject({ generations: 2, faults: 1 });
  });

  it("dropped after the request: not retried, and the error says why", async () => {
    const error = await failure(
      client({ maxRetries: 2 }).images.generate(PARAMS, fault("drop-after-request")),
    );
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as ConnectionError).requestSent).toBe(true);
    expect((error as ConnectionError).notRetriedReason).toMatch(/billed/);
    expect((error as Error).message).toMatch(/not retried/);
    expect(server.emulator.stats.generations).toBe(1);
  });

  it("a stream cut after a partial: StreamTruncatedError carrying the partial", async () => {
    const stream = await client().images.generate(STREAM, fault("truncate"));
    const error = await failure(stream.final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const partial = (error as StreamTruncatedError).partialImages[0]!;
    const meta = await sharp(partial.bytes()).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
  });

  it("a stall past idleTimeout: StreamIdleTimeoutError and the emulator sees the cancel", async () => {
    const stream = await client({ idleTimeout: 150 }).images.generate(STREAM, fault("stall"));
    expect(StreamIdleTimeoutError.isInstance(await failure(stream.final()))).toBe(true);
    await server.emulator.whenIdle();
    expect(server.emulator.stats).toMatchObject({ cancelled: 1, active: 0 });
  });
});

describe("saveStream leaves no file under a final name when the stream fails", () => {
  const cases: [string, Record<string, string>, (error: unknown) => boolean, string[]][] = [
    ["truncate", {}, (e) => StreamTruncatedError.isInstance(e), ["boat-partial-1.png"]],
    ["reset-after-headers", {}, (e) => StreamTruncatedError.isInstance(e), []],
    ["error-event", {}, (e) => ModerationBlockedError.isInstance(e), ["boat-partial-1.png"]],
    ["malformed-event", {}, (e) => StreamProtocolError.isInstance(e), ["boat-partial-1.png"]],
    ["stall", {}, (e) => StreamIdleTimeoutError.isInstance(e), ["boat-partial-1.png"]],
  ];

  it.each(cases)("%s", async (name, extra, isExpected, files) => {
    const dir = await tempDir();
    // Only the stall case needs a short idle timeout; the others must not trip it when a loaded
    // machine renders an event slowly.
    const idleTimeout = name === "stall" ? 1_000 : 60_000;
    const stream = await client({ idleTimeout }).images.generate(STREAM, fault(name, extra));
    const error = await failure(saveStream(stream, dir, { prefix: "boat" }));
    expect(isExpected(error)).toBe(true);
    // Only complete partial images; no final name, no temporary file.
    expect(await listDir(dir).catch(() => [])).toEqual(files);
  });

  it("and writes the final image when nothing fails (the control case)", async () => {
    const dir = await tempDir();
    const stream = await client().images.generate(STREAM);
    const saved = await saveStream(stream, dir, { prefix: "boat" });
    expect(await listDir(dir)).toEqual(["boat-1.png", "boat-partial-1.png"]);
    expect(saved.imagePaths).toEqual([join(dir, "boat-1.png")]);
  });
});
