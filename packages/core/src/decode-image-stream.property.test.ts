import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeImageStream, type ImageStreamEvent } from "./decode-image-stream";
import { EaselError } from "./errors/easel-error";
import {
  byteStream,
  completedImageEvent,
  drain,
  encoder,
  type LineEnd,
  MODERATION_ERROR_EVENT,
  partialImageEvent,
  recordedStream,
  splitAt,
  sseEvent,
} from "./test-support";

// 200 runs per property by default; the fuzzing job raises it (FC_RUNS=10000).
const RUNS = Number(process.env.FC_RUNS) > 0 ? Number(process.env.FC_RUNS) : 200;
// Up to about 3 ms a run (the 64 KB events); leave room for slow machines.
const TIMEOUT = Math.max(20_000, RUNS * 10);

const plain = (events: ImageStreamEvent[]) => JSON.stringify(events);

async function decodeChunks(chunks: Uint8Array[]) {
  const { items, error, failed } = await drain(decodeImageStream(byteStream(chunks).stream));
  return { json: plain(items), count: items.length, error, failed };
}

/** Cut points anywhere in `length` bytes: none, one, or many. */
const cutsFor = (length: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), {
    maxLength: Math.min(length, 64),
  });

const RECORDED: Record<string, Uint8Array> = {
  LF: encoder.encode(recordedStream("\n")),
  CR: encoder.encode(recordedStream("\r")),
  CRLF: encoder.encode(recordedStream("\r\n")),
};

// Mid-stream error after two partials: the same events, then the same error.
const WITH_ERROR = encoder.encode(
  sseEvent(partialImageEvent()) +
    `: ping\r\n\r\n` +
    sseEvent(partialImageEvent({ partial_image_index: 1, note: "ü😀" }), { eol: "\r\n" }) +
    sseEvent(MODERATION_ERROR_EVENT),
);

describe("decodeImageStream properties", { timeout: TIMEOUT }, () => {
  for (const [name, bytes] of Object.entries(RECORDED)) {
    it(`yields the same events for any chunking of a recorded stream (${name})`, async () => {
      const expected = await decodeChunks([bytes]);
      expect(expected.failed).toBe(false);
      expect(expected.count).toBe(4);
      await fc.assert(
        fc.asyncProperty(cutsFor(bytes.length), async (cuts) => {
          const got = await decodeChunks(splitAt(bytes, cuts));
          expect(got.failed).toBe(false);
          expect(got.json).toBe(expected.json);
        }),
        { numRuns: RUNS },
      );
    });
  }

  it("yields the same events and the same error for any chunking of a stream that errors", async () => {
    const expected = await decodeChunks([WITH_ERROR]);
    expect(expected.count).toBe(2);
    await fc.assert(
      fc.asyncProperty(cutsFor(WITH_ERROR.length), async (cuts) => {
        const got = await decodeChunks(splitAt(WITH_ERROR, cuts));
        expect(got.json).toBe(expected.json);
        expect(got.failed).toBe(true);
        expect((got.error as Error).name).toBe("ModerationBlockedError");
      }),
      { numRuns: RUNS },
    );
  });

  // Events of 64 KB and more take a fast path for b64_json; it must agree with JSON.parse
  // whatever the layout: key order, extra and duplicate keys, escaped slashes, spaces.
  const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const largeEvent = fc.record({
    seed: fc.nat(),
    length: fc.integer({ min: 64 * 1024, max: 72 * 1024 }),
    extra: fc.array(
      fc.tuple(
        fc.oneof(fc.string({ maxLength: 6 }), fc.constant("b64_json")).filter((k) => k !== "type"),
        fc.jsonValue({ maxDepth: 2 }),
      ),
      { maxLength: 5 },
    ),
    at: fc.nat(),
    slashes: fc.boolean(),
    space: fc.boolean(),
  });

  it("agrees with JSON.parse on large events of any layout", async () => {
    await fc.assert(
      fc.asyncProperty(largeEvent, async ({ seed, length, extra, at, slashes, space }) => {
        let b64 = "";
        for (let i = 0; b64.length < length; i++) b64 += B64[(seed + i * 7919) % 64];
        const value = `"${slashes ? b64.replaceAll("/", "\\/") : b64}"`;
        const entries: [string, string][] = [
          ["type", JSON.stringify("image_generation.fuzz")],
          ...extra.map(([k, v]): [string, string] => [k, JSON.stringify(v)]),
        ];
        entries.splice((at % entries.length) + 1, 0, ["b64_json", value]);
        const sep = space ? ": " : ":";
        const data = `{${entries.map(([k, v]) => `${JSON.stringify(k)}${sep}${v}`).join(",")}}`;
        const bytes = encoder.encode(`data: ${data}\n\n`);
        const { items, error } = await drain(
          decodeImageStream(byteStream(splitAt(bytes, [seed % bytes.length])).stream),
        );
        expect(error).toBeUndefined();
        expect(items).toEqual([{ type: "image_generation.fuzz", data: JSON.parse(data) }]);
      }),
      { numRuns: RUNS },
    );
  });

  // Any bytes inside a JSON string (valid UTF-8 or not), cut anywhere, must decode as one
  // TextDecoder would decode the whole body: same characters, same U+FFFD replacements.
  const stringBytes = fc
    .uint8Array({ maxLength: 48 })
    .map((bytes) => bytes.map((b) => (b < 0x20 || b === 0x22 || b === 0x5c ? 0x41 : b)));

  it("decodes UTF-8 (and broken UTF-8) as TextDecoder does, whatever the chunking", async () => {
    await fc.assert(
      fc.asyncProperty(
        stringBytes,
        fc.uniqueArray(fc.nat(), { maxLength: 8 }),
        fc.boolean(),
        async (inner, rawCuts, bom) => {
          const head = encoder.encode(`${bom ? "\ufeff" : ""}data: {"type":"t","s":"`);
          const tail = encoder.encode('"}\n\n');
          const bytes = new Uint8Array(head.length + inner.length + tail.length);
          bytes.set(head);
          bytes.set(inner, head.length);
          bytes.set(tail, head.length + inner.length);
          const cuts = rawCuts.map((c) => (c % (bytes.length - 1)) + 1);
          const { items, error } = await drain(
            decodeImageStream(byteStream(splitAt(bytes, cuts)).stream),
          );
          expect(error).toBeUndefined();
          const expected = new TextDecoder().decode(inner);
          expect(items).toEqual([{ type: "t", data: { type: "t", s: expected } }]);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("keeps a byte order mark that is not at the start of the stream", async () => {
    const bytes = encoder.encode(`data: {"type":"t","s":"\ufeffx"}\n\n`);
    const bomAt = bytes.indexOf(0xef);
    for (const cuts of [[], [bomAt], [bomAt + 1], [bomAt + 3]]) {
      const { items } = await drain(decodeImageStream(byteStream(splitAt(bytes, cuts)).stream));
      expect(items).toEqual([{ type: "t", data: { type: "t", s: "\ufeffx" } }]);
    }
  });

  it("never throws anything but an easel error, for arbitrary bytes in arbitrary chunks", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 16 }),
        async (chunks) => {
          const { failed, error } = await decodeChunks(chunks);
          if (failed) expect(EaselError.isInstance(error)).toBe(true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  // Random bytes rarely form an event; this mixes SSE syntax, JSON and event bodies that are
  // almost right, so the JSON, schema and error-event paths are reached too.
  const lineEnd = fc.constantFrom<LineEnd>("\n", "\r", "\r\n");
  const fragment = fc.oneof(
    fc.constantFrom(
      "data: ",
      "data:",
      "event: ",
      "event: error",
      "event: image_generation.partial_image",
      "event: image_generation.completed",
      ": ping",
      "id: 1",
      "retry: x",
      "[DONE]",
      "{",
      "}",
      '"type":"error"',
      '{"type":"image_generation.completed"}',
      '{"error":null}',
      '{"error":{"message":5}}',
      "null",
      "\u0000",
      "\ufeff",
      "é😀",
    ),
    lineEnd,
    fc.string({ maxLength: 12 }),
    fc.constant(JSON.stringify(partialImageEvent())),
    fc.constant(JSON.stringify(completedImageEvent({ b64_json: "%%%" }))),
    fc.constant(JSON.stringify(partialImageEvent({ partial_image_index: null }))),
    fc.constant(JSON.stringify(MODERATION_ERROR_EVENT)),
    fc.constant(JSON.stringify({ type: "error", error: "flat" })),
  );

  it("never throws anything but an easel error, for SSE-like noise", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fragment, { maxLength: 40 }),
        fc.uniqueArray(fc.nat(), { maxLength: 8 }),
        async (fragments, rawCuts) => {
          const bytes = encoder.encode(fragments.join(""));
          const cuts = rawCuts.map((c) => (bytes.length > 1 ? (c % (bytes.length - 1)) + 1 : 0));
          const whole = await decodeChunks([bytes]);
          const split = await decodeChunks(splitAt(bytes, cuts));
          for (const run of [whole, split]) {
            if (run.failed) expect(EaselError.isInstance(run.error)).toBe(true);
          }
          // Chunking never changes the outcome, even for noise.
          expect(split.json).toBe(whole.json);
          expect(split.failed).toBe(whole.failed);
        },
      ),
      { numRuns: RUNS },
    );
  });
});
