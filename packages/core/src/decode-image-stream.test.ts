import { describe, expect, inject, it } from "vitest";
import { decodeBase64 } from "./base64";
import {
  type CompletedImageStreamEvent,
  decodeImageStream,
  type ImageStreamEvent,
  type PartialImageStreamEvent,
} from "./decode-image-stream";
import {
  ApiError,
  BadRequestError,
  InternalServerError,
  ModerationBlockedError,
} from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { StreamIdleTimeoutError, StreamProtocolError } from "./errors/stream-errors";
import {
  byteStream,
  chunksOf,
  completedImageEvent,
  drain,
  encoder,
  JPEG_B64,
  type LineEnd,
  MODERATION_ERROR_EVENT,
  PNG_B64,
  partialImageEvent,
  recordedStream,
  type StreamEnd,
  splitAt,
  sseEvent,
  sseText,
  WEBP_B64,
} from "./test-support";

/** Decodes chunks and returns the events as plain JSON (what the wire said) plus the error. */
async function decode(chunks: Iterable<Uint8Array | string>, end: StreamEnd = "close") {
  const { items, error, failed } = await drain(decodeImageStream(byteStream(chunks, end).stream));
  return { events: items, plain: items.map(plain), error, failed };
}

const plain = (event: ImageStreamEvent) => JSON.parse(JSON.stringify(event)) as unknown;

const RECORDED = encoder.encode(recordedStream());
const EXPECTED_TYPES = [
  "image_generation.partial_image",
  "image_generation.partial_image",
  "image_generation.progress",
  "image_generation.completed",
];

describe("decodeImageStream: typed events", () => {
  it("yields partial, unknown and completed events of a recorded stream in order", async () => {
    const { events, plain: json, failed } = await decode([RECORDED]);
    expect(failed).toBe(false);
    expect(events.map((e) => e.type)).toEqual(EXPECTED_TYPES);
    expect(json[0]).toEqual(partialImageEvent({ partial_image_index: 0 }));
    expect(json[1]).toEqual(partialImageEvent({ partial_image_index: 1 }));
    expect(events[2]).toEqual({
      type: "image_generation.progress",
      data: { type: "image_generation.progress", note: "café 😀 naïve ✓" },
    });
    // Extra fields the API adds survive (loose schemas), non-ASCII intact.
    expect(json[3]).toEqual(completedImageEvent({ note: "é😀" }));
  });

  it("gives partial and completed events an image and a cached bytes()", async () => {
    const { events } = await decode([RECORDED]);
    const partial = events[0] as PartialImageStreamEvent;
    const completed = events[3] as CompletedImageStreamEvent;
    expect(partial.partial_image_index).toBe(0);
    expect(partial.image.mimeType).toBe("image/png");
    expect(Array.from(partial.bytes())).toEqual(Array.from(decodeBase64(PNG_B64)));
    expect(partial.bytes()).toBe(partial.image.bytes());
    expect(completed.usage.total_tokens).toBe(322);
    expect(Array.from(completed.bytes().subarray(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // `image` and `bytes` are not wire fields: serialising the event gives what the API sent.
    expect(Object.keys(completed)).not.toContain("image");
    expect(JSON.stringify(completed)).not.toContain('"image"');
  });

  it("takes the MIME type from output_format", async () => {
    const text = sseText([
      partialImageEvent({ output_format: "jpeg", b64_json: JPEG_B64 }),
      completedImageEvent({ output_format: "webp", b64_json: WEBP_B64 }),
    ]);
    const { events } = await decode([text]);
    expect((events[0] as PartialImageStreamEvent).image.mimeType).toBe("image/jpeg");
    expect((events[1] as CompletedImageStreamEvent).image.extension).toBe("webp");
  });

  it("passes an unknown event type through as { type, data }", async () => {
    const text =
      sseEvent({ type: "image_generation.something_new", value: 1 }) +
      sseEvent({ hello: "world" }, { event: "custom.event" }) +
      sseEvent({ no: "type" }, { event: null }) +
      sseEvent([1, 2, 3], { event: null });
    const { events, failed } = await decode([text]);
    expect(failed).toBe(false);
    expect(events).toEqual([
      {
        type: "image_generation.something_new",
        data: { type: "image_generation.something_new", value: 1 },
      },
      { type: "custom.event", data: { hello: "world" } },
      { type: "message", data: { no: "type" } },
      { type: "message", data: [1, 2, 3] },
    ]);
  });

  it("keeps the gpt-image-2 sizes outside the legacy enum", async () => {
    const { events, failed } = await decode([
      sseText([completedImageEvent({ size: "3840x2160", quality: "high" })]),
    ]);
    expect(failed).toBe(false);
    expect((events[0] as CompletedImageStreamEvent).size).toBe("3840x2160");
  });
});

describe("decodeImageStream: SSE framing", () => {
  it.each<[string, LineEnd]>([
    ["LF", "\n"],
    ["CR", "\r"],
    ["CRLF", "\r\n"],
  ])("reads %s line ends", async (_, eol) => {
    const { plain: json, failed } = await decode([encoder.encode(recordedStream(eol))]);
    expect(failed).toBe(false);
    expect(json).toEqual((await decode([RECORDED])).plain);
  });

  it.each<[string, LineEnd]>([
    ["LF", "\n"],
    ["CR", "\r"],
    ["CRLF", "\r\n"],
  ])("dispatches a last event whose blank line (%s) ends the body", async (_, eol) => {
    // No [DONE]: the body simply ends right after the completed event's blank line.
    const text = sseEvent(completedImageEvent(), { eol });
    const whole = await decode([text]);
    expect(whole.events.map((e) => e.type)).toEqual(["image_generation.completed"]);
    const byteByByte = await decode(chunksOf(encoder.encode(text), 1));
    expect(byteByByte.events.map((e) => e.type)).toEqual(["image_generation.completed"]);
  });

  it("mixes line-end styles within one stream", async () => {
    const text =
      sseEvent(partialImageEvent(), { eol: "\r\n" }) +
      sseEvent(partialImageEvent({ partial_image_index: 1 }), { eol: "\r" }) +
      sseEvent(completedImageEvent(), { eol: "\n" });
    const { events, failed } = await decode([text]);
    expect(failed).toBe(false);
    expect(events.map((e) => e.type)).toEqual([
      "image_generation.partial_image",
      "image_generation.partial_image",
      "image_generation.completed",
    ]);
  });

  it("drops a last event that has no blank line (an incomplete event, as SSE says)", async () => {
    const text = `${sseEvent(partialImageEvent())}event: image_generation.completed\ndata: ${JSON.stringify(completedImageEvent())}\n`;
    const { events, failed } = await decode([text]);
    expect(failed).toBe(false);
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image"]);
  });

  it("ignores comments, keep-alives, id and retry fields", async () => {
    const text = `: ping\n\n:\n\nid: 7\nretry: 1000\n\n${sseEvent(partialImageEvent())}: ping\n\n`;
    const { events, failed } = await decode([text]);
    expect(failed).toBe(false);
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image"]);
  });

  it("joins multi-line data with a newline", async () => {
    const json = JSON.stringify(completedImageEvent(), null, 2);
    const text = `event: image_generation.completed\n${json
      .split("\n")
      .map((line) => `data: ${line}`)
      .join("\n")}\n\n`;
    const { plain: out, failed } = await decode([text]);
    expect(failed).toBe(false);
    expect(out).toEqual([completedImageEvent()]);
  });

  it("stops at data: [DONE], ignoring what follows, and cancels the body", async () => {
    const source = byteStream(
      [sseEvent(completedImageEvent()), "data: [DONE]\n\n", sseEvent(partialImageEvent())],
      "stall",
    );
    const { items, failed } = await drain(decodeImageStream(source.stream));
    expect(failed).toBe(false);
    expect(items.map((e) => e.type)).toEqual(["image_generation.completed"]);
    expect(await source.cancelled).toBeUndefined();
    expect(source.wasCancelled).toBe(true);
  });

  it("skips a UTF-8 byte order mark at the start", async () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf]);
    const { plain: out, failed } = await decode([bom, RECORDED]);
    expect(failed).toBe(false);
    expect(out).toEqual((await decode([RECORDED])).plain);
  });

  it("yields nothing for an empty body", async () => {
    const { events, failed } = await decode([]);
    expect(failed).toBe(false);
    expect(events).toEqual([]);
  });
});

describe("decodeImageStream: chunk boundaries", () => {
  it("yields the same events however a recorded stream is split in two, at every byte", async () => {
    const expected = (await decode([RECORDED])).plain;
    for (let cut = 1; cut < RECORDED.length; cut++) {
      const { plain: out, failed, error } = await decode(splitAt(RECORDED, [cut]));
      if (failed || JSON.stringify(out) !== JSON.stringify(expected)) {
        throw new Error(`split at byte ${cut} changed the result: ${String(error)}`);
      }
    }
  });

  it("decodes a character split across three chunks (inside a 4-byte emoji)", async () => {
    const emojiAt = RECORDED.indexOf(0xf0); // first byte of 😀 (F0 9F 98 80)
    expect(emojiAt).toBeGreaterThan(0);
    const expected = (await decode([RECORDED])).plain;
    for (const cuts of [
      [emojiAt + 1, emojiAt + 2],
      [emojiAt + 1, emojiAt + 3],
      [emojiAt + 2, emojiAt + 3],
      [emojiAt + 1, emojiAt + 2, emojiAt + 3],
    ]) {
      expect((await decode(splitAt(RECORDED, cuts))).plain).toEqual(expected);
    }
  });

  it("yields the same events fed one byte at a time, for every line-end style", async () => {
    for (const eol of ["\n", "\r", "\r\n"] as const) {
      const bytes = encoder.encode(recordedStream(eol));
      const { plain: out, failed } = await decode(chunksOf(bytes, 1));
      expect(failed).toBe(false);
      expect(out).toEqual((await decode([RECORDED])).plain);
    }
  });

  it("decodes one event of 30 MB+ fed in 16 KB chunks, without capping its size", async () => {
    const size = 30 * 1024 * 1024 + 3;
    const head = `event: image_generation.completed\ndata: {"type":"image_generation.completed","b64_json":"`;
    const tail = `","created_at":1,"size":"3840x2160","quality":"high","background":"opaque","output_format":"png","usage":${JSON.stringify(
      completedImageEvent().usage,
    )}}\n\n`;
    const block = encoder.encode("A".repeat(16 * 1024));
    function* chunks() {
      yield head;
      let left = size;
      while (left > 0) {
        const n = Math.min(left, block.length);
        yield n === block.length ? block : block.subarray(0, n);
        left -= n;
      }
      yield tail;
    }
    const { events, failed, error } = await decode(chunks());
    expect(error).toBeUndefined();
    expect(failed).toBe(false);
    expect(events).toHaveLength(1);
    const event = events[0] as CompletedImageStreamEvent;
    expect(event.type).toBe("image_generation.completed");
    expect(event.b64_json.length).toBe(size);
    expect(event.size).toBe("3840x2160");
  });
});

describe("decodeImageStream: large image events", () => {
  // Events of 64 KB and more take a path that slices b64_json out instead of JSON-parsing it;
  // whatever the layout, the result must be what JSON.parse gives.
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const big = Array.from({ length: 100_000 }, (_, i) => alphabet[(i * 7919) % 64]).join("") + "==";

  async function viaStream(data: string) {
    const text = `event: image_generation.completed\ndata: ${data}\n\n`;
    return decode(chunksOf(encoder.encode(text), 16 * 1024));
  }

  it.each<[string, string]>([
    ["the API's compact layout", JSON.stringify(completedImageEvent({ b64_json: big }))],
    [
      "b64_json last",
      `{"type":"image_generation.completed","created_at":1,"size":"1024x1024","quality":"low","background":"opaque","output_format":"png","usage":${JSON.stringify(completedImageEvent().usage)},"b64_json":"${big}"}`,
    ],
    [
      "escaped slashes (\\/)",
      JSON.stringify(completedImageEvent({ b64_json: big })).replaceAll("/", "\\/"),
    ],
    [
      "a space after the colon",
      JSON.stringify(completedImageEvent({ b64_json: big })).replace(
        '"b64_json":"',
        '"b64_json": "',
      ),
    ],
    [
      "a unicode escape in the value",
      JSON.stringify(completedImageEvent({ b64_json: big })).replace(
        '"b64_json":"A',
        '"b64_json":"\\u0041',
      ),
    ],
    [
      "a nested b64_json before the real one",
      JSON.stringify({ ...completedImageEvent({ b64_json: big }), type: undefined }).replace(
        "{",
        '{"type":"image_generation.completed","meta":{"b64_json":"nested"},',
      ),
    ],
    [
      "a duplicate b64_json after (JSON.parse keeps the last)",
      JSON.stringify(completedImageEvent({ b64_json: big })).replace(/}$/, ',"b64_json":"QUJD"}'),
    ],
    [
      "a duplicate empty b64_json after",
      JSON.stringify(completedImageEvent({ b64_json: big })).replace(/}$/, ',"b64_json":""}'),
    ],
    [
      "b64_json as text inside another field",
      JSON.stringify(completedImageEvent({ b64_json: big, note: '"b64_json":"x"' })),
    ],
  ])("gives what JSON.parse gives: %s", async (_, data) => {
    const { plain: out, failed, error } = await viaStream(data);
    expect(error).toBeUndefined();
    expect(failed).toBe(false);
    expect(out).toEqual([JSON.parse(data)]);
  });

  it.each<[string, string]>([
    [
      "an unterminated value",
      JSON.stringify(completedImageEvent({ b64_json: big })).slice(0, 90_000),
    ],
    ["broken JSON after the value", `${JSON.stringify(completedImageEvent({ b64_json: big }))}}`],
    ["broken JSON before the value", `{"type":"image_generation.completed",,"b64_json":"${big}"}`],
  ])("rejects malformed JSON as JSON.parse does: %s", async (_, data) => {
    expect(() => JSON.parse(data)).toThrow();
    const { error } = await viaStream(data);
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    expect((error as StreamProtocolError).excerpt).toBe(data.slice(0, 120));
  });

  it("passes a large unknown event through whole", async () => {
    const data = JSON.stringify({ type: "image_generation.future", b64_json: big, n: 1 });
    const { events } = await viaStream(data);
    expect(events).toEqual([{ type: "image_generation.future", data: JSON.parse(data) }]);
  });
});

describe("decodeImageStream: errors", () => {
  it("throws the typed API error for the captured mid-stream moderation error", async () => {
    const text = sseEvent(partialImageEvent()) + sseEvent(MODERATION_ERROR_EVENT);
    const { events, error, failed } = await decode([text]);
    expect(failed).toBe(true);
    // The partial that came before the error, in the same chunk, is still delivered.
    expect(events.map((e) => e.type)).toEqual(["image_generation.partial_image"]);
    expect(ModerationBlockedError.isInstance(error)).toBe(true);
    expect(BadRequestError.isInstance(error)).toBe(true);
    const apiError = error as ModerationBlockedError;
    expect(apiError.status).toBeUndefined();
    expect(apiError.code).toBe("moderation_blocked");
    expect(apiError.type).toBe("image_generation_user_error");
    expect(apiError.message).toContain("Your request was rejected by the safety system.");
    expect(apiError.message).toMatch(/Rephrase the prompt/);
  });

  it("delivers the events before an error however the stream is split", async () => {
    const bytes = encoder.encode(
      sseEvent(partialImageEvent()) +
        sseEvent(partialImageEvent({ partial_image_index: 1 })) +
        sseEvent(MODERATION_ERROR_EVENT),
    );
    for (const size of [1, 7, 64, bytes.length]) {
      const { events, error } = await decode(chunksOf(bytes, size));
      expect(events).toHaveLength(2);
      expect(ModerationBlockedError.isInstance(error)).toBe(true);
    }
  });

  it("reads `event: error` with an error body and no type field", async () => {
    const text = sseEvent(
      { error: { message: "The server had an error.", type: "server_error", code: null } },
      { event: "error" },
    );
    const { error } = await decode([text]);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(ModerationBlockedError.isInstance(error)).toBe(false);
    expect(InternalServerError.isInstance(error)).toBe(false);
    expect((error as ApiError).type).toBe("server_error");
    expect((error as ApiError).message).toContain("The server had an error.");
  });

  it("reads an error event without a message", async () => {
    const { error } = await decode([sseEvent({}, { event: "error" })]);
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as ApiError).message).toMatch(/The error event has no message\./);
    // An error event is the API's whatever it holds: its (empty) error object is kept.
    expect((error as ApiError).error).toEqual({});
  });

  it("throws StreamProtocolError with the event's first bytes for malformed JSON", async () => {
    const bad = `{"type":"image_generation.partial_image","b64_json":"${"x".repeat(500)}`;
    const { events, error } = await decode([
      sseEvent(partialImageEvent()),
      `event: image_generation.partial_image\ndata: ${bad}\n\n`,
      sseEvent(completedImageEvent()),
    ]);
    expect(events).toHaveLength(1);
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    const protocol = error as StreamProtocolError;
    expect(protocol.excerpt).toBe(bad.slice(0, protocol.excerpt.length));
    expect(protocol.excerpt.length).toBeGreaterThanOrEqual(40);
    expect(protocol.excerpt.length).toBeLessThan(bad.length);
    expect(protocol.message).toMatch(/not JSON; check baseURL/);
    expect(protocol.message).toContain('{\\"type\\":\\"image_generation.partial_image\\"');
    expect(protocol.cause).toBeInstanceOf(SyntaxError);
  });

  it("throws StreamProtocolError when a known event does not match its schema", async () => {
    const { error } = await decode([
      sseEvent(partialImageEvent({ partial_image_index: "zero", b64_json: 5 })),
    ]);
    expect(StreamProtocolError.isInstance(error)).toBe(true);
    expect((error as StreamProtocolError).message).toMatch(/image_generation.partial_image/);
    expect((error as StreamProtocolError).message).toMatch(/partial_image_index/);
    expect((error as StreamProtocolError).excerpt).toContain("image_generation.partial_image");
  });

  it("throws StreamProtocolError for a known event name whose data is not an object", async () => {
    const { error } = await decode([sseEvent(42, { event: "image_generation.completed" })]);
    expect(StreamProtocolError.isInstance(error)).toBe(true);
  });

  it("wraps a connection failure mid-stream in ConnectionError (sent, not retried)", async () => {
    const failure = new TypeError("terminated", {
      cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
    });
    const { events, error } = await decode([sseEvent(partialImageEvent())], { error: failure });
    expect(events).toHaveLength(1);
    expect(ConnectionError.isInstance(error)).toBe(true);
    const connection = error as ConnectionError;
    expect(connection.requestSent).toBe(true);
    expect(connection.notRetriedReason).toMatch(/billed/);
    expect(connection.cause).toBe(failure);
    // Node's build names undici's code; a browser's failure has none (network-failure.web.ts).
    expect(connection.message).toContain(
      inject("build") === "node" ? "terminated (UND_ERR_SOCKET)" : "terminated",
    );
  });

  it("rethrows an easel error the body was errored with", async () => {
    const reason = new StreamIdleTimeoutError(5);
    const { error } = await decode([], { error: reason });
    expect(error).toBe(reason);
  });

  it("throws StreamIdleTimeoutError when no bytes arrive for idleTimeout, and calls onIdleTimeout", async () => {
    const source = byteStream([sseEvent(partialImageEvent())], "stall");
    let idleCalls = 0;
    const { items, error } = await drain(
      decodeImageStream(source.stream, {
        idleTimeout: 50,
        onIdleTimeout: () => idleCalls++,
      }),
    );
    expect(items).toHaveLength(1);
    expect(StreamIdleTimeoutError.isInstance(error)).toBe(true);
    expect((error as StreamIdleTimeoutError).idleTimeoutMs).toBe(50);
    expect(idleCalls).toBe(1);
    await source.cancelled;
    expect(source.wasCancelled).toBe(true);
  });

  it("does not time out a stream that keeps sending", async () => {
    // Each chunk arrives well within the idle window; only the total exceeds it.
    const chunks = chunksOf(RECORDED, 64);
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 2));
        const chunk = chunks.shift();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const { items, failed, error } = await drain(decodeImageStream(stream, { idleTimeout: 1_000 }));
    expect(error).toBeUndefined();
    expect(failed).toBe(false);
    expect(items).toHaveLength(4);
  });

  it("cancels the body when the consumer leaves the loop early", async () => {
    const source = byteStream(
      [sseEvent(partialImageEvent()), sseEvent(partialImageEvent())],
      "stall",
    );
    for await (const event of decodeImageStream(source.stream)) {
      expect(event.type).toBe("image_generation.partial_image");
      break;
    }
    await source.cancelled;
    expect(source.wasCancelled).toBe(true);
  });

  it("only ever throws easel errors", async () => {
    const inputs = [
      "data: {\n\n",
      "event: error\ndata: nope\n\n",
      "event: image_generation.completed\ndata: null\n\n",
      `data: ${JSON.stringify(partialImageEvent({ b64_json: "!!!" }))}\n\n`,
      "data: [DONE]\n\n",
    ];
    for (const input of inputs) {
      const { failed, error } = await decode([input]);
      if (failed) expect(EaselError.isInstance(error)).toBe(true);
    }
  });
});
