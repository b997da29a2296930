import { createParser, type EventSourceMessage } from "eventsource-parser";
import { createApiError } from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { StreamIdleTimeoutError, StreamProtocolError } from "./errors/stream-errors";
import { createGeneratedImage, type GeneratedImage } from "./generated-image";
import type { CompletedImageEvent, PartialImageEvent } from "./stream-event-schema";
import { COMPLETED_EVENT_SHAPE, checkShape, PARTIAL_EVENT_SHAPE } from "./wire-shape";

/** What every image event adds to the wire fields: the decoded image, lazily. */
export interface ImageEventExtras {
  /** The event's image (`mimeType`, `bytes()`); not part of the wire JSON. */
  readonly image: GeneratedImage;
  /** Shorthand for `image.bytes()`: decoded once, cached. */
  bytes(): Uint8Array;
}

/** A partial image while the generation runs. */
export type PartialImageStreamEvent = PartialImageEvent & ImageEventExtras;
/** The final image of one generation, with `usage`. */
export type CompletedImageStreamEvent = CompletedImageEvent & ImageEventExtras;
/** An event type easel does not know yet, passed through untouched (the API adds events). */
export interface UnknownStreamEvent {
  type: string;
  data: unknown;
}
/** Everything `decodeImageStream` yields. */
export type ImageStreamEvent =
  | PartialImageStreamEvent
  | CompletedImageStreamEvent
  | UnknownStreamEvent;

/**
 * Narrows a stream event to a partial image (`event.type` alone cannot: unknown events pass
 * through with any `type` string).
 *
 * @example
 * ```ts
 * for await (const event of stream) if (isPartialImageEvent(event)) preview(event.bytes());
 * ```
 */
export function isPartialImageEvent(event: ImageStreamEvent): event is PartialImageStreamEvent {
  return event.type === "image_generation.partial_image" && "image" in event;
}

/**
 * Narrows a stream event to a completed image, with its `usage`.
 *
 * @example
 * ```ts
 * for await (const event of stream) if (isCompletedImageEvent(event)) save(event.bytes());
 * ```
 */
export function isCompletedImageEvent(event: ImageStreamEvent): event is CompletedImageStreamEvent {
  return event.type === "image_generation.completed" && "image" in event;
}

export interface DecodeImageStreamOptions {
  /** Abort when no bytes arrive for this many ms (throws `StreamIdleTimeoutError`). */
  idleTimeout?: number;
  /** Called when the idle timeout fires, so the caller can abort the request. */
  onIdleTimeout?: () => void;
  /**
   * Applied to server text before it goes into an error (an error event's fields, a bad
   * event's excerpt). The client passes one that removes its API key: a server may echo it.
   */
  redact?: (text: string) => string;
}

const EXCERPT = 120;
const SHAPES = {
  "image_generation.partial_image": PARTIAL_EVENT_SHAPE,
  "image_generation.completed": COMPLETED_EVENT_SHAPE,
} as const;

function withImage<T extends PartialImageEvent | CompletedImageEvent>(
  event: T,
): T & ImageEventExtras {
  const image = createGeneratedImage(event, event.output_format);
  // Not enumerable: JSON.stringify(event) stays exactly what the API sent.
  Object.defineProperties(event, {
    image: { value: image },
    bytes: { value: () => image.bytes() },
  });
  return event as T & ImageEventExtras;
}

const B64_KEY = '"b64_json":"';
const B64_TOKEN = '"b64_json"';
// Below this, JSON.parse alone is as fast: the fast path pays off on image-sized events.
const FAST_PATH_MIN = 64 * 1024;

/**
 * `JSON.parse`, except that an image event's `b64_json` (megabytes of base64) is neither
 * scanned nor copied: it becomes a slice of the event text, and only the rest of the event is
 * parsed. Base64 needs no JSON escapes, so when the value holds no quote or backslash, the text
 * with the value emptied parses to the same object. Anything unusual (escapes, whitespace
 * after the colon, a second `"b64_json"`, a nested one) takes the plain JSON.parse path.
 * One leniency: raw control characters inside the base64 are not rejected (the API never
 * sends them; decoding the base64 skips or rejects them).
 */
function parseEventJson(raw: string): unknown {
  if (raw.length < FAST_PATH_MIN) return JSON.parse(raw);
  const key = raw.indexOf(B64_KEY);
  if (key === -1) return JSON.parse(raw);
  const start = key + B64_KEY.length;
  const end = raw.indexOf('"', start);
  const backslash = raw.indexOf("\\", start);
  if (
    end === -1 ||
    (backslash !== -1 && backslash < end) ||
    raw.indexOf(B64_TOKEN, end) !== -1 ||
    raw.lastIndexOf(B64_TOKEN, key - 1) !== -1
  ) {
    return JSON.parse(raw);
  }
  let rest: unknown;
  try {
    rest = JSON.parse(raw.slice(0, start) + raw.slice(end));
  } catch {
    return JSON.parse(raw);
  }
  if (typeof rest !== "object" || rest === null || (rest as { b64_json?: unknown }).b64_json !== "")
    return JSON.parse(raw);
  (rest as { b64_json: string }).b64_json = raw.slice(start, end);
  return rest;
}

/** Turns one SSE message into a typed event, or `undefined` for `[DONE]`. Throws typed errors. */
export function parseStreamMessage(
  message: EventSourceMessage,
  redact: (text: string) => string = (text) => text,
): ImageStreamEvent | undefined {
  const raw = message.data;
  if (raw === "[DONE]") return undefined;
  // Redacted before it is cut, so no piece of a secret survives at the cut.
  const excerpt = () => redact(raw).slice(0, EXCERPT);
  let json: unknown;
  try {
    json = parseEventJson(raw);
  } catch (cause) {
    throw new StreamProtocolError(
      "The stream sent an event whose data is not valid JSON.",
      excerpt(),
      cause,
    );
  }
  const object =
    typeof json === "object" && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  const type = typeof object?.type === "string" ? object.type : (message.event ?? "message");
  if (type === "error" || message.event === "error") {
    // Parsed again from redacted text: the error's message and body must not carry a secret.
    const clean = redact(raw);
    let redacted = object;
    if (clean !== raw) {
      try {
        redacted = JSON.parse(clean) as Record<string, unknown>;
      } catch {
        redacted = undefined;
      }
    }
    const error = redacted?.error;
    const body =
      typeof error === "object" && error !== null ? (error as Record<string, unknown>) : {};
    const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : null);
    throw createApiError({
      status: undefined,
      message: text("message") ?? "The API sent an error event without a message.",
      type: text("type"),
      code: text("code"),
      param: text("param"),
      error: body,
    });
  }
  const shape = Object.hasOwn(SHAPES, type) ? SHAPES[type as keyof typeof SHAPES] : undefined;
  if (shape === undefined) return { type, data: json };
  const problems = checkShape(json, shape);
  if (problems.length > 0) {
    throw new StreamProtocolError(
      redact(`The ${type} event does not match its schema (${problems.join("; ")}).`),
      excerpt(),
    );
  }
  return withImage(json as PartialImageEvent | CompletedImageEvent);
}

/**
 * Decodes the server-sent events of `POST /images/generations` with `stream: true` into typed
 * events: bytes in, events out. Handles LF, CR and CRLF, comments, `data: [DONE]`, chunks
 * split anywhere (inside a UTF-8 character too) and events of any size, in linear time.
 * Breaking out of the loop cancels the body (and with it the request).
 *
 * @example
 * ```ts
 * const response = await fetch(url, { method: "POST", headers, body });
 * for await (const event of decodeImageStream(response.body!)) {
 *   if (event.type === "image_generation.partial_image") show(event.bytes());
 * }
 * ```
 */
export async function* decodeImageStream(
  body: ReadableStream<Uint8Array>,
  options: DecodeImageStreamOptions = {},
): AsyncGenerator<ImageStreamEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = createUtf8Decoder();
  const queue: ImageStreamEvent[] = [];
  let failure: unknown;
  let finished = false;
  const parser = createParser({
    onEvent(message) {
      if (failure !== undefined || finished) return;
      try {
        const event = parseStreamMessage(message, options.redact);
        if (event === undefined) finished = true;
        else queue.push(event);
      } catch (error) {
        failure = error;
      }
    },
  });
  const idle =
    options.idleTimeout && options.idleTimeout > 0 && Number.isFinite(options.idleTimeout)
      ? createIdleTimer(options.idleTimeout, options.onIdleTimeout)
      : undefined;
  let drained = false;
  // eventsource-parser holds a trailing CR back in case an LF follows; at the end of the body
  // none will, so that CR ends its line (it may be the blank line that completes the last event).
  let endsWithCR = false;
  try {
    while (!finished) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await (idle ? Promise.race([reader.read(), idle.expired]) : reader.read());
      } catch (error) {
        if (EaselError.isInstance(error)) throw error;
        throw new ConnectionError(`The image stream's connection failed: ${describe(error)}`, {
          cause: error,
          requestSent: true,
          notRetriedReason: "events had already been sent, so the generation may have been billed",
        });
      }
      idle?.touch();
      if (result.done) {
        drained = true;
        const rest = decoder.end();
        if (rest !== "") endsWithCR = rest.endsWith("\r");
        // "\r" + "\n" is still one line end. A last event without its blank line is
        // incomplete: SSE drops it, and so do we.
        parser.feed(endsWithCR ? `${rest}\n` : rest);
      } else {
        const text = decoder.decode(result.value);
        if (text !== "") endsWithCR = text.endsWith("\r");
        parser.feed(text);
      }
      // Events that came before a failure in the same chunk are delivered first.
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
      if (failure !== undefined) throw failure;
      if (drained) return;
    }
  } finally {
    idle?.stop();
    if (!drained) {
      // Early exit, [DONE], or an error: stop the transfer so the request stops costing.
      reader.cancel().catch(() => {});
    }
    reader.releaseLock();
  }
}

/**
 * UTF-8 bytes to text, chunk by chunk, as one `TextDecoder` with `stream: true` would give it.
 * Node decodes `stream: true` through a converter several times slower than its one-call path
 * (and turns that path off for good once streaming was asked for), so each chunk is decoded in
 * one call and an incomplete character at its end waits for the next chunk. Cutting before a
 * lead byte is always safe: UTF-8 decoding starts afresh at every lead byte.
 */
function createUtf8Decoder() {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let carry: Uint8Array | undefined;
  let started = false;
  // SSE ignores one byte order mark at the start of the stream, and only there.
  const dropBOM = (text: string) => {
    if (started || text === "") return text;
    started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
  return {
    decode(chunk: Uint8Array): string {
      let bytes = chunk;
      if (carry) {
        bytes = new Uint8Array(carry.length + chunk.length);
        bytes.set(carry);
        bytes.set(chunk, carry.length);
        carry = undefined;
      }
      const complete = completeLength(bytes);
      if (complete < bytes.length) {
        carry = bytes.slice(complete);
        bytes = bytes.subarray(0, complete);
      }
      return dropBOM(decoder.decode(bytes));
    },
    /** What is left at the end of the body (an incomplete character becomes U+FFFD). */
    end(): string {
      const rest = carry ? decoder.decode(carry) : "";
      carry = undefined;
      return dropBOM(rest);
    },
  };
}

// The length of `bytes` without a trailing character that is still missing bytes.
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 3; i--) {
    const byte = bytes[i]!;
    if (byte < 0x80) return n;
    if (byte >= 0xc0) {
      const size = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
      return n - i >= size ? n : i;
    }
    // 0x80-0xBF continues a character: look further back for its lead byte.
  }
  return n;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
    const code = typeof cause?.code === "string" ? ` (${cause.code})` : "";
    return `${error.message}${code}`;
  }
  return String(error);
}

// One timer per stream, re-armed lazily: a chunk only stamps the time, it does not touch the
// timer, which keeps the per-chunk cost at one Date.now().
function createIdleTimer(ms: number, onExpire?: () => void) {
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fail: (error: unknown) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    fail = reject;
  });
  expired.catch(() => {});
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const quiet = Date.now() - last;
      if (quiet >= ms) {
        // Reject first: aborting the request errors the pending read too, and the race must
        // settle with the idle timeout, not with the abort it causes.
        fail(new StreamIdleTimeoutError(ms));
        onExpire?.();
      } else arm(ms - quiet);
    }, delay);
  };
  arm(ms);
  return {
    expired,
    touch: () => {
      last = Date.now();
    },
    stop: () => clearTimeout(timer),
  };
}
