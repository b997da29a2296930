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

export interface DecodeImageStreamOptions {
  /** Abort when no bytes arrive for this many ms (throws `StreamIdleTimeoutError`). */
  idleTimeout?: number;
  /** Called when the idle timeout fires, so the caller can abort the request. */
  onIdleTimeout?: () => void;
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

/** Turns one SSE message into a typed event, or `undefined` for `[DONE]`. Throws typed errors. */
export function parseStreamMessage(message: EventSourceMessage): ImageStreamEvent | undefined {
  const raw = message.data;
  if (raw === "[DONE]") return undefined;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (cause) {
    throw new StreamProtocolError(
      "The stream sent an event whose data is not valid JSON.",
      raw.slice(0, EXCERPT),
      cause,
    );
  }
  const object =
    typeof json === "object" && json !== null && !Array.isArray(json)
      ? (json as Record<string, unknown>)
      : undefined;
  const type = typeof object?.type === "string" ? object.type : (message.event ?? "message");
  if (type === "error" || message.event === "error") {
    const error = object?.error;
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
      `The ${type} event does not match its schema (${problems.join("; ")}).`,
      raw.slice(0, EXCERPT),
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
  const decoder = new TextDecoder();
  const queue: ImageStreamEvent[] = [];
  let failure: unknown;
  let finished = false;
  const parser = createParser({
    onEvent(message) {
      if (failure !== undefined || finished) return;
      try {
        const event = parseStreamMessage(message);
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
        parser.feed(decoder.decode());
        // A last event without its blank line is incomplete: SSE drops it, and so do we.
      } else {
        parser.feed(decoder.decode(result.value, { stream: true }));
      }
      if (failure !== undefined) throw failure;
      for (let i = 0; i < queue.length; i++) yield queue[i]!;
      queue.length = 0;
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
        onExpire?.();
        fail(new StreamIdleTimeoutError(ms));
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
