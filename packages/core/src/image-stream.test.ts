import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { CompletedImageStreamEvent, PartialImageStreamEvent } from "./decode-image-stream";
import { AbortError } from "./errors/abort-error";
import { ApiError, ModerationBlockedError } from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import {
  StreamIdleTimeoutError,
  StreamProtocolError,
  StreamTruncatedError,
} from "./errors/stream-errors";
import { ImageStream } from "./image-stream";
import { createImagesClient, type ImagesClientOptions } from "./images-client";
import {
  byteStream,
  chunksOf,
  completedImageEvent,
  drain,
  encoder,
  fakeFetch,
  JPEG_B64,
  MODERATION_ERROR_EVENT,
  PNG_B64,
  partialImageEvent,
  type Responder,
  readAll,
  recordedStream,
  rejectionOf,
  SECRET_KEY,
  type SourceStream,
  type StreamEnd,
  sseEvent,
  sseResponse,
  sseText,
  USAGE,
} from "./test-support";

const PARAMS = {
  model: "gpt-image-1.5",
  prompt: "a red kite over the sea",
  stream: true,
  partial_images: 2,
} as const;

/** A client whose fetch answers with `source` as an SSE body. */
function streaming(
  source: SourceStream | ((index: number) => SourceStream),
  options: ImagesClientOptions = {},
) {
  const responder: Responder = (_call, index) =>
    sseResponse(typeof source === "function" ? source(index) : source, {
      "x-request-id": "req_stream",
      "x-ratelimit-remaining-requests": "99",
    });
  const fake = fakeFetch(responder);
  const client = createImagesClient({
    apiKey: SECRET_KEY,
    baseURL: "https://api.test/v1",
    fetch: fake.fetch,
    ...options,
  });
  return { client, calls: fake.calls };
}

const source = (chunks: Iterable<Uint8Array | string>, end: StreamEnd = "close") =>
  byteStream(chunks, end);

const RECORDED = recordedStream();

describe("ImageStream events", () => {
  it("yields typed partial and completed events, each with bytes()", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    expect(stream).toBeInstanceOf(ImageStream);
    const seen: string[] = [];
    for await (const event of stream) {
      seen.push(event.type);
      if (event.type === "image_generation.partial_image") {
        const partial = event as PartialImageStreamEvent;
        expect(partial.partial_image_index).toBe(seen.length - 1);
        expect(partial.image.mimeType).toBe("image/png");
        expect(partial.bytes()).toBe(partial.bytes());
        expect(Array.from(partial.bytes().subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
      } else if (event.type === "image_generation.completed") {
        const completed = event as CompletedImageStreamEvent;
        expect(completed.usage).toEqual(USAGE);
        expect(completed.bytes().length).toBeGreaterThan(60);
      } else {
        expect(event).toEqual({
          type: "image_generation.progress",
          data: { type: "image_generation.progress", note: "café 😀 naïve ✓" },
        });
      }
    }
    expect(seen).toEqual([
      "image_generation.partial_image",
      "image_generation.partial_image",
      "image_generation.progress",
      "image_generation.completed",
    ]);
  });

  it("exposes the response, its headers and the request id", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    expect(stream.requestId).toBe("req_stream");
    expect(stream.headers.get("x-ratelimit-remaining-requests")).toBe("99");
    expect(stream.response.status).toBe(200);
    await stream.final();
  });

  it("reads CR and CRLF streams, comments and [DONE] through the client", async () => {
    for (const eol of ["\r", "\r\n"] as const) {
      const { client } = streaming(source(chunksOf(encoder.encode(recordedStream(eol)), 7)));
      const { images, partialImages } = await (await client.images.generate(PARAMS)).final();
      expect(images).toHaveLength(1);
      expect(partialImages).toHaveLength(2);
    }
  });

  it("passes unknown event types through while still finishing", async () => {
    const text =
      sseEvent({ type: "image_generation.new_kind", x: 1 }) + sseText([completedImageEvent()]);
    const { client } = streaming(source([text]));
    const { items, failed } = await drain(await client.images.generate(PARAMS));
    expect(failed).toBe(false);
    expect(items[0]).toEqual({
      type: "image_generation.new_kind",
      data: { type: "image_generation.new_kind", x: 1 },
    });
  });

  it("is not cut by the attempt timeout once the stream has started", async () => {
    const chunks = chunksOf(encoder.encode(RECORDED), 100);
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const fake = fakeFetch(() => new Response(slow));
    const client = createImagesClient({ fetch: fake.fetch, timeout: 20 });
    const { images } = await (await client.images.generate(PARAMS)).final();
    expect(images).toHaveLength(1);
  });
});

describe("final()", () => {
  it("consumes the stream when nobody iterates", async () => {
    const { client } = streaming(source([RECORDED]));
    const result = await (await client.images.generate(PARAMS)).final();
    expect(result.images).toHaveLength(1);
    expect(result.images[0]!.b64_json).toBe(PNG_B64);
    expect(result.partialImages).toHaveLength(2);
    expect(result.usage).toEqual(USAGE);
    expect(result.completed).toHaveLength(1);
    expect(result.completed[0]!.size).toBe("1024x1024");
    expect(result.requestId).toBe("req_stream");
  });

  it("resolves when called before a loop that then consumes the stream", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const final = stream.final();
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
      // Keep consuming.
    }
    expect((await final).images).toHaveLength(1);
  });

  it("resolves when called after the loop finished, and returns the same promise again", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    let count = 0;
    for await (const _ of stream) count++;
    expect(count).toBe(4);
    const final = stream.final();
    expect(stream.final()).toBe(final);
    const result = await final;
    expect(result.images).toHaveLength(1);
    expect(result.partialImages).toHaveLength(2);
  });

  it("rejects after a loop that failed, with the loop's error", async () => {
    const { client } = streaming(source([sseText([partialImageEvent()])]));
    const stream = await client.images.generate(PARAMS);
    const { error } = await drain(stream);
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    expect(await rejectionOf(stream.final())).toBe(error);
  });

  it("rejects (rather than hanging) after a loop left early", async () => {
    const { client } = streaming(source([RECORDED], "stall"));
    const stream = await client.images.generate(PARAMS);
    for await (const _ of stream) break;
    const error = await rejectionOf(stream.final());
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it("rejects a pending final() when the loop it waits on is left early", async () => {
    const { client } = streaming(source([RECORDED], "stall"));
    const stream = await client.images.generate(PARAMS);
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const final = stream.final();
    await iterator.return?.();
    expect(AbortError.isInstance(await rejectionOf(final))).toBe(true);
  });

  it("gives n completed images for n: 2", async () => {
    const text = sseText([
      partialImageEvent(),
      completedImageEvent({ b64_json: PNG_B64 }),
      completedImageEvent({ b64_json: JPEG_B64, output_format: "jpeg" }),
    ]);
    const { client } = streaming(source([text]));
    const { images } = await (await client.images.generate({ ...PARAMS, n: 2 })).final();
    expect(images.map((i) => i.mimeType)).toEqual(["image/png", "image/jpeg"]);
  });
});

describe("cancelling", () => {
  it("leaving a for await early cancels the body and aborts the fetch", async () => {
    const body = source([RECORDED], "stall");
    const { client, calls } = streaming(body);
    const stream = await client.images.generate(PARAMS);
    for await (const event of stream) {
      expect(event.type).toBe("image_generation.partial_image");
      break;
    }
    await body.cancelled;
    expect(body.wasCancelled).toBe(true);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it("abort() ends a running loop with AbortError and aborts the fetch", async () => {
    const body = source([sseText([partialImageEvent()])], "stall");
    const { client, calls } = streaming(body);
    const stream = await client.images.generate(PARAMS);
    const errors: unknown[] = [];
    try {
      for await (const _ of stream) stream.abort();
    } catch (error) {
      errors.push(error);
    }
    expect(errors).toHaveLength(1);
    expect(AbortError.isInstance(errors[0])).toBe(true);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(AbortError.isInstance(await rejectionOf(stream.final()))).toBe(true);
    await body.cancelled;
  });

  it("abort() while final() waits rejects it with AbortError", async () => {
    const { client } = streaming(source([], "stall"));
    const stream = await client.images.generate(PARAMS);
    const final = stream.final();
    stream.abort("stop");
    const error = await rejectionOf(final);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it("abort(reason) with an easel error surfaces that error", async () => {
    const { client } = streaming(source([], "stall"));
    const stream = await client.images.generate(PARAMS);
    const final = stream.final();
    const reason = new EaselError("shutting down");
    stream.abort(reason);
    expect(await rejectionOf(final)).toBe(reason);
  });

  it("the caller's signal aborts a stream that is running", async () => {
    const { client, calls } = streaming(source([sseText([partialImageEvent()])], "stall"));
    const controller = new AbortController();
    const stream = await client.images.generate(PARAMS, { signal: controller.signal });
    const final = stream.final();
    setTimeout(() => controller.abort(new Error("page closed")), 10);
    const error = await rejectionOf(final);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(((error as AbortError).cause as Error).message).toBe("page closed");
    expect(calls[0]!.signal.aborted).toBe(true);
  });
});

describe("toReadableStream()", () => {
  it("returns the SSE bytes untouched", async () => {
    const bytes = encoder.encode(RECORDED);
    const { client } = streaming(source(chunksOf(bytes, 33)));
    const stream = await client.images.generate(PARAMS);
    const out = await readAll(stream.toReadableStream());
    expect(out).toEqual(bytes);
  });

  it("consumes the stream: iterating or final() afterwards says so", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    const raw = stream.toReadableStream();
    const { error } = await drain(stream);
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/already read; read it once/);
    const final = await rejectionOf(stream.final());
    expect(EaselError.isInstance(final)).toBe(true);
    expect((final as Error).message).toMatch(/already read; read it once/);
    await raw.cancel();
  });

  it("cannot be taken twice, nor after iterating", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    await stream.final();
    expect(() => stream.toReadableStream()).toThrow(/already read; read it once/);
  });

  it("the second loop over the same stream fails with a clear error", async () => {
    const { client } = streaming(source([RECORDED]));
    const stream = await client.images.generate(PARAMS);
    await drain(stream);
    const { error } = await drain(stream);
    expect((error as Error).message).toMatch(/already read; read it once/);
  });
});

describe("broken streams", () => {
  it("a stream that ends after a partial throws StreamTruncatedError carrying it", async () => {
    const { client } = streaming(source([sseText([partialImageEvent()])]));
    const stream = await client.images.generate(PARAMS);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(1);
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.partialImages).toHaveLength(1);
    expect(truncated.partialImages[0]!.b64_json).toBe(PNG_B64);
    expect(truncated.completedImages).toHaveLength(0);
    expect(truncated.expectedImages).toBe(1);
    expect(truncated.message).toMatch(/0 of 1 images \(1 partial/);
    expect(truncated.message).toMatch(/not retried/);
  });

  it("an empty 200 stream is truncated, never a silent success", async () => {
    const { client } = streaming(source([]));
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
  });

  it("a stream that ends at [DONE] before the completed event is truncated", async () => {
    const { client } = streaming(source([sseText([partialImageEvent()]), "data: [DONE]\n\n"]));
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
  });

  it("a connection error mid-stream gives StreamTruncatedError with the cause", async () => {
    const dropped = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const { client, calls } = streaming(
      source([sseText([partialImageEvent(), partialImageEvent({ partial_image_index: 1 })])], {
        error: dropped,
      }),
    );
    const stream = await client.images.generate(PARAMS);
    const error = await rejectionOf(stream.final());
    expect(calls).toHaveLength(1);
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.partialImages).toHaveLength(2);
    expect(ConnectionError.isInstance(truncated.cause)).toBe(true);
    expect((truncated.cause as ConnectionError).cause).toBe(dropped);
    expect((truncated.cause as ConnectionError).requestSent).toBe(true);
  });

  it("n: 2 with only one completed image is truncated, carrying the one", async () => {
    const { client } = streaming(source([sseText([partialImageEvent(), completedImageEvent()])]));
    const stream = await client.images.generate({ ...PARAMS, n: 2 });
    const error = await rejectionOf(stream.final());
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    const truncated = error as StreamTruncatedError;
    expect(truncated.completedImages).toHaveLength(1);
    expect(truncated.expectedImages).toBe(2);
    expect(truncated.message).toMatch(/1 of 2 images/);
  });

  it("the captured mid-stream moderation error gives ModerationBlockedError", async () => {
    const { client, calls } = streaming(
      source([sseText([partialImageEvent(), MODERATION_ERROR_EVENT])], "stall"),
    );
    const stream = await client.images.generate(PARAMS);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(1);
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect((error as ModerationBlockedError).code).toBe("moderation_blocked");
    expect((error as ModerationBlockedError).type).toBe("image_generation_user_error");
    expect(await rejectionOf(stream.final())).toBe(error);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it("an `event: error` event gives the API's error", async () => {
    const text = sseEvent(
      { error: { message: "The model is overloaded.", type: "server_error", code: "overloaded" } },
      { event: "error" },
    );
    const { client } = streaming(source([text]));
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as ApiError).code).toBe("overloaded");
    expect((error as Error).message).toContain("The model is overloaded.");
  });

  it("malformed JSON gives StreamProtocolError with an excerpt", async () => {
    const { client } = streaming(
      source(['event: image_generation.partial_image\ndata: {"type":"image_gen\n\n']),
    );
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    expect((error as StreamProtocolError).excerpt).toBe('{"type":"image_gen');
  });

  it("an event that does not match its schema gives StreamProtocolError", async () => {
    const { client } = streaming(
      source([sseText([completedImageEvent({ usage: { input_tokens: "many" } })])]),
    );
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/usage\.input_tokens/);
  });

  it("no bytes for idleTimeout gives StreamIdleTimeoutError and aborts the request", async () => {
    const body = source([sseText([partialImageEvent()])], "stall");
    const { client, calls } = streaming(body, { idleTimeout: 50 });
    const stream = await client.images.generate(PARAMS);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(1);
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect((error as StreamIdleTimeoutError).idleTimeoutMs).toBe(50);
    expect(calls[0]!.signal.aborted).toBe(true);
    await body.cancelled;
    expect(body.wasCancelled).toBe(true);
  });

  it("takes idleTimeout per call", async () => {
    const { client, calls } = streaming(source([], "stall"), { idleTimeout: 600_000 });
    const stream = await client.images.generate(PARAMS, { idleTimeout: 30 });
    const error = await rejectionOf(stream.final());
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect(calls[0]!.signal.aborted).toBe(true);
  });

  it("a response without a body fails with an easel error", async () => {
    const fake = fakeFetch(() => new Response(null, { status: 200 }));
    const client = createImagesClient({ fetch: fake.fetch });
    const error = await rejectionOf((await client.images.generate(PARAMS)).final());
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/no body/);
  });
});

describe("streams against a real HTTP server on 127.0.0.1", () => {
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

  /** A server that sends `first` and then holds the stream open; resolves `closed` when the client goes. */
  async function stallingServer(first: string) {
    let resolveClosed: () => void = () => {};
    const closed = new Promise<void>((resolve) => {
      resolveClosed = resolve;
    });
    const server = createServer((req, res: ServerResponse) => {
      req.resume();
      res.writeHead(200, { "content-type": "text/event-stream" });
      res.write(first);
      res.on("close", () => resolveClosed());
    });
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const baseURL = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    return { baseURL, closed };
  }

  it("leaving the loop early closes the connection", async () => {
    const { baseURL, closed } = await stallingServer(sseText([partialImageEvent()]));
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL });
    const stream = await client.images.generate(PARAMS);
    for await (const _ of stream) break;
    await closed;
  });

  it("the idle timeout aborts the request and closes the connection", async () => {
    const { baseURL, closed } = await stallingServer(sseText([partialImageEvent()]));
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL, idleTimeout: 50 });
    const stream = await client.images.generate(PARAMS);
    const { items, error } = await drain(stream);
    expect(items).toHaveLength(1);
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    await closed;
  });

  it("abort() closes the connection and ends the loop with AbortError", async () => {
    const { baseURL, closed } = await stallingServer(sseText([partialImageEvent()]));
    const client = createImagesClient({ apiKey: SECRET_KEY, baseURL });
    const stream = await client.images.generate(PARAMS);
    const final = stream.final();
    setTimeout(() => stream.abort(), 20);
    expect(AbortError.isInstance(await rejectionOf(final))).toBe(true);
    await closed;
  });
});
