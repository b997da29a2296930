import { createParser, type EventSourceMessage } from "eventsource-parser";
import { readApiError } from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { StreamIdleTimeoutError, StreamProtocolError } from "./errors/stream-errors";
import { createGeneratedImage, type GeneratedImage } from "./generated-image";
import { describeFailure } from "./network-failure";
import { parseEventJson } from "./parse-event-json";
import type { CompletedImageEvent, PartialImageEvent } from "./stream-event-schema";
import { createUtf8Decoder } from "./utf8-decoder";
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

// Why a stream that broke after events arrived is never retried (ConnectionError carries it).
const BILLED = "it may already be billed";

// Thrown out of the parser's callback at `data: [DONE]`: nothing after it is parsed.
const DONE = {};

/** Turns one SSE message into a typed event. Throws typed errors, and `DONE` at `[DONE]`. */
function parseStreamMessage(
  message: EventSourceMessage,
  redact: (text: string) => string = (text) => text,
): ImageStreamEvent {
  const raw = message.data;
  if (raw === "[DONE]") throw DONE;
  // The first 120 characters, redacted before they are cut, so no piece of a secret survives
  // at the cut.
  const excerpt = () => redact(raw).slice(0, 120);
  // Any JSON value: `?.` reads a field of an object, and nothing from the rest.
  let json: { type?: unknown; error?: unknown } | null;
  try {
    json = parseEventJson(raw) as typeof json;
  } catch (cause) {
    throw new StreamProtocolError("A stream event is not JSON", excerpt(), cause);
  }
  const type = typeof json?.type === "string" ? json.type : (message.event ?? "message");
  if (type === "error" || message.event === "error") {
    // Parsed again from redacted text: the error's message and body must not carry a secret.
    throw readApiError(redact(raw));
  }
  const shape =
    type === "image_generation.partial_image"
      ? PARTIAL_EVENT_SHAPE
      : type === "image_generation.completed"
        ? COMPLETED_EVENT_SHAPE
        : undefined;
  if (!shape) return { type, data: json };
  const problems = checkShape(json, shape);
  if (problems.length > 0) {
    throw new StreamProtocolError(
      redact(`The ${type} event is malformed (${problems.join("; ")})`),
      excerpt(),
    );
  }
  const event = json as PartialImageEvent | CompletedImageEvent;
  const image = createGeneratedImage(event, event.output_format);
  // Not enumerable: JSON.stringify(event) stays exactly what the API sent. `image.bytes`
  // needs no `this` (its cache is a closure), so the event shares it.
  return Object.defineProperties(event, {
    image: { value: image },
    bytes: { value: image.bytes },
  }) as PartialImageStreamEvent | CompletedImageStreamEvent;
}

/** Swallows a rejection nobody needs (a cancel's, a wait's). */
export const ignore = (): void => {};

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
  { idleTimeout = 0, onIdleTimeout, redact }: DecodeImageStreamOptions = {},
): AsyncGenerator<ImageStreamEvent, void, undefined> {
  const reader = body.getReader();
  const queue: ImageStreamEvent[] = [];
  // An error (or DONE) thrown here leaves `feed`: the events before it are in the queue.
  const parser = createParser({
    onEvent(message) {
      queue.push(parseStreamMessage(message, redact));
    },
  });
  // Bytes to text, a character split between chunks kept whole (utf8-decoder.ts).
  const decode = createUtf8Decoder();
  let done: boolean | undefined = false;
  // One timer per stream, re-armed lazily: a chunk only stamps the time, it does not touch
  // the timer, which keeps the per-chunk cost at one Date.now().
  let last = Date.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idleError: StreamIdleTimeoutError | undefined;
  const arm = (delay: number) => {
    timer = setTimeout(() => {
      const quiet = Date.now() - last;
      if (quiet < idleTimeout) return arm(idleTimeout - quiet);
      // Recorded first: cancelling ends the pending read (as done), and aborting the request
      // (the caller's onIdleTimeout) may error it; either way the idle timeout is the error.
      idleError = new StreamIdleTimeoutError(idleTimeout);
      reader.cancel().catch(ignore);
      onIdleTimeout?.();
    }, delay);
  };
  // `> 0` and `< Infinity` are both false for NaN.
  if (idleTimeout > 0 && idleTimeout < Infinity) arm(idleTimeout);
  try {
    while (!done) {
      let value: Uint8Array | undefined;
      try {
        ({ done, value } = await reader.read());
      } catch (error) {
        if (idleError || EaselError.isInstance(error)) throw idleError ?? error;
        // undici puts the socket's code (UND_ERR_SOCKET, ECONNRESET) on the cause.
        throw new ConnectionError(
          `The connection failed after sending: ${describeFailure(error)}, not retried: ${BILLED}.`,
          { cause: error, requestSent: true, notRetriedReason: BILLED },
        );
      }
      if (idleError) throw idleError;
      last = Date.now();
      // At the end of the body an incomplete character decodes as U+FFFD.
      const text = decode(value, !!done);
      try {
        // eventsource-parser holds a trailing CR back in case an LF follows. At the end of
        // the body none will: one more CR makes a held-back CR end its line (it may be the
        // blank line that completes the last event), and is itself held back, never read.
        // A last event without its blank line is incomplete: SSE drops it, and so do we.
        parser.feed(done ? `${text}\r` : text);
      } finally {
        // Events that came before a failure (or [DONE]) in the same chunk are delivered
        // first; the failure is thrown after them.
        for (const event of queue.splice(0)) yield event;
      }
    }
  } catch (error) {
    if (error !== DONE) throw error;
  } finally {
    clearTimeout(timer);
    // Early exit, [DONE], or an error: stop the transfer so the request stops costing.
    if (!done) reader.cancel().catch(ignore);
    reader.releaseLock();
  }
}
