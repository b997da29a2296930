import { createImagesClient as createCoreImagesClient, TimeoutError } from "@easel/core";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { Agent, fetch as undiciFetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDispatcher, dispatcherTimeouts } from "./create-dispatcher";
import { createImagesClient } from "./create-images-client";

const body = JSON.stringify({ model: "gpt-image-1.5", prompt: "a kite", quality: "low" });
const post = {
  method: "POST",
  headers: { authorization: "Bearer test", "content-type": "application/json" },
  body,
};

describe("dispatcherTimeouts", () => {
  it("covers the longer of the timeout and the idle timeout, plus a margin", () => {
    expect(dispatcherTimeouts()).toEqual({ headersTimeout: 610_000, bodyTimeout: 610_000 });
    expect(dispatcherTimeouts({ timeout: 900_000 })).toEqual({
      headersTimeout: 910_000,
      bodyTimeout: 910_000,
    });
    expect(dispatcherTimeouts({ timeout: 1000, idleTimeout: 5000, margin: 0 }).bodyTimeout).toBe(
      5000,
    );
    expect(dispatcherTimeouts({ timeout: Number.POSITIVE_INFINITY })).toEqual({
      headersTimeout: 0,
      bodyTimeout: 0,
    });
  });
});

// Scaled down: Node's fetch waits 300 s for headers; here 300 ms, against a generation of
// 2.5 s. The gap is wide on purpose: undici checks its timers about every 500 ms.
const NODE_DEFAULT_HEADERS_TIMEOUT = 300;
const GENERATION_MS = 2500;
const CLIENT_TIMEOUT = 6000;

describe("a generation longer than undici's headers timeout", () => {
  let server: RunningEmulator;
  beforeAll(async () => {
    server = await startEmulator({ latencyMs: GENERATION_MS });
  });
  afterAll(async () => {
    await server.close();
  });

  it("is cut by an agent with Node's default shape (UND_ERR_HEADERS_TIMEOUT)", async () => {
    const nodeDefault = new Agent({
      headersTimeout: NODE_DEFAULT_HEADERS_TIMEOUT,
      bodyTimeout: NODE_DEFAULT_HEADERS_TIMEOUT,
    });
    try {
      const error = await undiciFetch(`${server.url}/images/generations`, {
        ...post,
        dispatcher: nodeDefault,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as { cause?: { code?: string } }).cause?.code).toBe("UND_ERR_HEADERS_TIMEOUT");
    } finally {
      await nodeDefault.close();
    }
  });

  it("is not cut by the agent createDispatcher builds from the client's timeout", async () => {
    const dispatcher = createDispatcher({ timeout: CLIENT_TIMEOUT, idleTimeout: 0, margin: 0 });
    try {
      const client = createCoreImagesClient({
        apiKey: "test",
        baseURL: server.url,
        timeout: CLIENT_TIMEOUT,
        fetch: (input, init) =>
          undiciFetch(input as string, {
            ...(init as object),
            dispatcher,
          }) as unknown as Promise<Response>,
      });
      const result = await client.images.generate({
        model: "gpt-image-1.5",
        prompt: "a kite",
        quality: "low",
      });
      expect(result.images).toHaveLength(1);
    } finally {
      await dispatcher.close();
    }
  });

  it("completes with the Node client's own transport and the client's timeout", async () => {
    const client = createImagesClient({
      apiKey: "test",
      baseURL: server.url,
      timeout: CLIENT_TIMEOUT,
      env: {},
    });
    try {
      const result = await client.images.generate({
        model: "gpt-image-1.5",
        prompt: "a kite",
        quality: "low",
      });
      expect(result.images[0]!.bytes().length).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });

  it("ends with the client's TimeoutError, not the transport's, when the client's timeout is shorter", async () => {
    const client = createImagesClient({
      apiKey: "test",
      baseURL: server.url,
      timeout: NODE_DEFAULT_HEADERS_TIMEOUT,
      maxRetries: 0,
      env: {},
    });
    try {
      const error = await client.images
        .generate({ model: "gpt-image-1.5", prompt: "a kite", quality: "low" })
        .catch((e: unknown) => e);
      expect(TimeoutError.isInstance(error)).toBe(true);
      expect((error as TimeoutError).timeoutMs).toBe(NODE_DEFAULT_HEADERS_TIMEOUT);
    } finally {
      await client.close();
    }
  });
});
