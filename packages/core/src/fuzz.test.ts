// Fuzzing in CI (issue 9): at least 10,000 generated cases per property, every run. The inputs
// are small so the whole file stays within seconds; each async case is bounded by fast-check's
// per-run `timeout`, so a hang fails the property instead of stalling the suite.
// FC_RUNS raises (never lowers) the count, like the other property files.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeImageStream } from "./decode-image-stream";
import { EaselError } from "./errors/easel-error";
import { ImageRequestValidationError } from "./errors/image-request-validation-error";
import { InvalidSizeError } from "./errors/invalid-size-error";
import { IMAGE_PARAM_NAMES } from "./image-params";
import { createImagesClient } from "./images-client";
import { checkSize, formatSize, parseSize } from "./size";
import {
  byteStream,
  completedImageEvent,
  drain,
  encoder,
  errorResponse,
  fakeFetch,
  type LineEnd,
  MODERATION_ERROR_EVENT,
  partialImageEvent,
  type StreamEnd,
  splitAt,
} from "./test-support";
import { validateImageRequest } from "./validate-image-request";

const MIN_RUNS = 10_000;
const RUNS = Math.max(MIN_RUNS, Number(process.env.FC_RUNS) || 0);
/** A single case never needs more than a few ms; a second means it hangs. */
const CASE_TIMEOUT_MS = 1_000;
const ASYNC = { numRuns: RUNS, timeout: CASE_TIMEOUT_MS };
const SYNC = { numRuns: RUNS };
// The whole property, generously: RUNS cases at well under a millisecond each.
const TEST_TIMEOUT = Math.max(120_000, RUNS * 12);
const NOW = new Date("2026-01-01T00:00:00Z");

/** Runs `work`; a throw that is not an easel error fails the property with the culprit. */
function expectTyped(error: unknown): void {
  if (!EaselError.isInstance(error)) {
    throw new Error(`expected a typed easel error, got: ${describeValue(error)}`);
  }
}

function describeValue(value: unknown): string {
  try {
    return value instanceof Error ? `${value.name}: ${value.message}` : JSON.stringify(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

async function decodeAll(chunks: Uint8Array[], end: StreamEnd = "close") {
  const source = byteStream(chunks, end);
  const result = await drain(decodeImageStream(source.stream));
  return { ...result, types: result.items.map((event) => event.type) };
}

// ---------------------------------------------------------------------------------------------
// The stream decoder on arbitrary bytes.

/** How the body ends: cleanly, or with a network failure of any shape. */
const streamEnd: fc.Arbitrary<StreamEnd> = fc.oneof(
  { weight: 4, arbitrary: fc.constant<StreamEnd>("close") },
  fc.constantFrom<StreamEnd>(
    { error: new TypeError("terminated", { cause: { code: "UND_ERR_SOCKET" } }) },
    { error: new DOMException("The operation was aborted.", "AbortError") },
    { error: undefined },
    { error: "a string reason" },
    { error: { code: "ECONNRESET" } },
  ),
);

describe("fuzz: decodeImageStream", { timeout: TEST_TIMEOUT }, () => {
  it(`arbitrary bytes in arbitrary chunks (${RUNS} cases): events or a typed error, never a hang`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uint8Array({ maxLength: 48 }), { maxLength: 8 }),
        streamEnd,
        async (chunks, end) => {
          const { failed, error } = await decodeAll(chunks, end);
          if (failed) expectTyped(error);
          else if (end !== "close") throw new Error("a body that errored decoded as a success");
        },
      ),
      ASYNC,
    );
  });

  // Structured noise: whole SSE blocks (valid events of every kind, comments, [DONE], unknown
  // types, error events, broken JSON) with any line ends, optionally mixed with raw garbage.
  type Block =
    | { kind: "partial" | "completed" | "unknown" | "comment" | "done" | "field" }
    | { kind: "error" | "malformed" | "bad-shape" }
    | { kind: "garbage"; text: string };

  const block: fc.Arbitrary<Block> = fc.oneof(
    fc.constantFrom<Block>(
      { kind: "partial" },
      { kind: "completed" },
      { kind: "unknown" },
      { kind: "comment" },
      { kind: "done" },
      { kind: "field" },
      { kind: "error" },
      { kind: "malformed" },
      { kind: "bad-shape" },
    ),
    fc
      .oneof(
        fc.string({ maxLength: 16 }),
        fc.string({ unit: "binary", maxLength: 16 }),
        fc.constantFrom("data:", "event:", "\n", "\r", "\r\n", "{", "data: {", ":", "\ufeff"),
      )
      .map((text): Block => ({ kind: "garbage", text })),
  );

  function renderBlock(b: Block, eol: LineEnd): string {
    const data = (value: unknown, event?: string) =>
      `${event ? `event: ${event}${eol}` : ""}data: ${typeof value === "string" ? value : JSON.stringify(value)}${eol}${eol}`;
    switch (b.kind) {
      case "partial":
        return data(partialImageEvent(), "image_generation.partial_image");
      case "completed":
        return data(completedImageEvent());
      case "unknown":
        return data({ type: "image_generation.progress", note: "é😀" });
      case "comment":
        return `: ping${eol}${eol}`;
      case "done":
        return data("[DONE]");
      case "field":
        return `id: 7${eol}retry: 1000${eol}${eol}`;
      case "error":
        return data(MODERATION_ERROR_EVENT, "error");
      case "malformed":
        return data('{"type":"image_generation.partial_image","b64_json":"iVBO');
      case "bad-shape":
        return data(partialImageEvent({ partial_image_index: "zero" }));
      case "garbage":
        return b.text;
    }
  }

  /** What a correct decoder yields for clean blocks (no garbage): types, then how it ends. */
  function predict(blocks: Block[]): { types: string[]; failure: string | undefined } {
    const types: string[] = [];
    for (const b of blocks) {
      if (b.kind === "partial") types.push("image_generation.partial_image");
      else if (b.kind === "completed") types.push("image_generation.completed");
      else if (b.kind === "unknown") types.push("image_generation.progress");
      else if (b.kind === "done") return { types, failure: undefined };
      else if (b.kind === "error") return { types, failure: "ModerationBlockedError" };
      else if (b.kind === "malformed" || b.kind === "bad-shape")
        return { types, failure: "StreamProtocolError" };
    }
    return { types, failure: undefined };
  }

  const sseCase = fc.record({
    blocks: fc.array(block, { maxLength: 12 }),
    eol: fc.constantFrom<LineEnd>("\n", "\r", "\r\n"),
    bom: fc.boolean(),
    cuts: fc.uniqueArray(fc.nat(), { maxLength: 10 }),
  });

  it(`SSE-like streams (${RUNS} cases): clean ones decode as predicted, noisy ones fail typed`, async () => {
    await fc.assert(
      fc.asyncProperty(sseCase, async ({ blocks, eol, bom, cuts }) => {
        const text = (bom ? "\ufeff" : "") + blocks.map((b) => renderBlock(b, eol)).join("");
        const bytes = encoder.encode(text);
        const at = cuts.map((c) => (bytes.length > 1 ? (c % (bytes.length - 1)) + 1 : 0));
        const got = await decodeAll(splitAt(bytes, at));
        if (got.failed) expectTyped(got.error);
        if (blocks.some((b) => b.kind === "garbage")) return;
        const expected = predict(blocks);
        expect(got.types).toEqual(expected.types);
        expect(got.failed ? (got.error as Error).name : undefined).toBe(expected.failure);
      }),
      ASYNC,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The size parser on arbitrary strings (and, for JavaScript callers, arbitrary values).

const anyString = fc.oneof(
  fc.string({ maxLength: 24 }),
  fc.string({ unit: "binary", maxLength: 24 }),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.stringMatching(/^[0-9]{1,6}[xX×*][0-9]{1,6}$/),
  fc.tuple(fc.integer(), fc.integer()).map(([w, h]) => `${w}x${h}`),
  fc.tuple(fc.nat(400), fc.nat(400)).map(([w, h]) => `${w * 16}x${h * 16}`),
  fc.string({ minLength: 200, maxLength: 2_000 }),
);

function parseOutcome(value: unknown): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: parseSize(value as string) };
  } catch (error) {
    expectTyped(error);
    expect(InvalidSizeError.isInstance(error)).toBe(true);
    // The message echoes at most a short excerpt of what it was given.
    expect((error as Error).message.length).toBeLessThan(400);
    return { ok: false };
  }
}

describe("fuzz: parseSize and checkSize", { timeout: TEST_TIMEOUT }, () => {
  it(`arbitrary strings (${RUNS} cases): checkSize never throws and agrees with parseSize`, () => {
    fc.assert(
      fc.property(anyString, (text) => {
        const check = checkSize(text);
        expect(typeof check.ok).toBe("boolean");
        const parsed = parseOutcome(text);
        expect(parsed.ok).toBe(check.ok);
        if (check.ok && parsed.ok) {
          expect(parsed.value).toEqual(check.value);
          expect(formatSize(check.value)).toBe(text);
        } else if (!check.ok) {
          expect(check.message.length).toBeLessThan(300);
        }
      }),
      SYNC,
    );
  });

  it(`arbitrary values from JavaScript callers (${RUNS} cases): refused with InvalidSizeError`, () => {
    const hostile = fc.oneof(
      fc.anything({ withNullPrototype: true, withBoxedValues: true, withBigInt: true }),
      fc.constant(Object.create(null)),
      fc.constant({
        toString() {
          throw new Error("a toString that throws");
        },
      }),
      fc.constant(Symbol("size")),
    );
    fc.assert(
      fc.property(hostile, (value) => {
        fc.pre(typeof value !== "string");
        const check = checkSize(value as string);
        expect(check.ok).toBe(false);
        expect(parseOutcome(value).ok).toBe(false);
      }),
      SYNC,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The validator on arbitrary JSON, and the client that throws its verdict.

const paramValue = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom("gpt-image-2", "dall-e-3", "auto", "1024x1024", "3840x2160", "low", "png", ""),
  fc.integer({ min: -5, max: 105 }),
);
const paramObject = fc
  .tuple(
    fc.record(
      Object.fromEntries(IMAGE_PARAM_NAMES.map((name) => [name, paramValue])) as Record<
        string,
        typeof paramValue
      >,
      { requiredKeys: [] },
    ),
    fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }),
  )
  .map(([known, extra]) => ({ ...extra, ...known }));

const ANYTHING = fc.anything({
  maxDepth: 3,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withNullPrototype: true,
  withObjectString: true,
  withSet: true,
  withSparseArray: true,
  withTypedArray: true,
});

function validateSafely(value: unknown) {
  const result = validateImageRequest(value, { now: NOW });
  expect(typeof result.ok).toBe("boolean");
  if (!result.ok) {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(typeof issue.message).toBe("string");
      expect(typeof issue.code).toBe("string");
    }
  }
  return result;
}

describe("fuzz: validateImageRequest", { timeout: TEST_TIMEOUT }, () => {
  it(`fc.jsonValue (${RUNS} cases): a well-formed verdict, never a throw`, () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (value) => {
        validateSafely(value);
      }),
      SYNC,
    );
  });

  it(`fc.anything (${RUNS} cases): a well-formed verdict, never a throw`, () => {
    fc.assert(
      fc.property(ANYTHING, (value) => {
        validateSafely(value);
      }),
      SYNC,
    );
  });

  it(`objects of parameter names (${RUNS} cases): a well-formed verdict, never a throw`, () => {
    fc.assert(
      fc.property(paramObject, (value) => {
        const result = validateSafely(value);
        // A pure function of the body.
        expect(validateImageRequest(value, { now: NOW })).toEqual(result);
      }),
      SYNC,
    );
  });

  it(`through the client (${RUNS} cases): a refusal is ImageRequestValidationError and sends nothing`, async () => {
    // Whatever is accepted is answered 500, so every call rejects, and always with an easel error.
    const fake = fakeFetch(() => errorResponse(500));
    const client = createImagesClient({
      apiKey: "sk-fuzz",
      baseURL: "https://api.test/v1",
      fetch: fake.fetch,
      maxRetries: 0,
    });
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(paramObject, fc.jsonValue({ maxDepth: 3 }), ANYTHING),
        async (v) => {
          const sent = fake.calls.length;
          const verdict = validateImageRequest(v);
          let error: unknown;
          try {
            await client.images.generate(v as never);
          } catch (e) {
            error = e;
          }
          expectTyped(error);
          if (verdict.ok) {
            expect(fake.calls.length).toBe(sent + 1);
            expect((error as Error).name).toBe("InternalServerError");
          } else {
            expect(fake.calls.length).toBe(sent);
            expect(ImageRequestValidationError.isInstance(error)).toBe(true);
          }
        },
      ),
      ASYNC,
    );
  });
});
