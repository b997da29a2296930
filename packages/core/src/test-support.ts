// Shared helpers for the core tests: SSE builders, byte streams that record their
// cancellation, and a `fetch` fake that answers with real `Response` objects and treats its
// `signal` the way the runtime's fetch does. Never imported by `index.ts`, so never bundled.
import { encodeBase64 } from "./base64";
import type { FetchFunction } from "./fetch-function";

export const encoder = new TextEncoder();

/** A real 1x1 PNG. */
export const PNG_B64 =
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
/** The first bytes of a JFIF file: enough for the signature check. */
export const JPEG_B64 = encodeBase64(
  new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]),
);
/** The first bytes of a WebP file: `RIFF`, a length, `WEBPVP8 `. */
export const WEBP_B64 = encodeBase64(encoder.encode("RIFF\x24\x00\x00\x00WEBPVP8 \x00\x00"));

/** The API key the secrecy tests plant; it must never show up in an error. */
export const SECRET_KEY = "sk-test-SECRET-123";

/** Usage as a completed event or a non-streamed response carries it. */
export const USAGE = {
  input_tokens: 50,
  input_tokens_details: { image_tokens: 0, text_tokens: 50 },
  output_tokens: 272,
  output_tokens_details: { image_tokens: 272, text_tokens: 0 },
  total_tokens: 322,
};

/** An `image_generation.partial_image` event body (FACTS §4 field set). */
export function partialImageEvent(overrides: Record<string, unknown> = {}) {
  return {
    type: "image_generation.partial_image",
    b64_json: PNG_B64,
    created_at: 1_760_000_000,
    size: "1024x1024",
    quality: "low",
    background: "opaque",
    output_format: "png",
    partial_image_index: 0,
    ...overrides,
  };
}

/** An `image_generation.completed` event body. */
export function completedImageEvent(overrides: Record<string, unknown> = {}) {
  return {
    type: "image_generation.completed",
    b64_json: PNG_B64,
    created_at: 1_760_000_001,
    size: "1024x1024",
    quality: "low",
    background: "opaque",
    output_format: "png",
    usage: USAGE,
    ...overrides,
  };
}

/** The mid-stream error the API sent for a refused prompt (FACTS §3, captured). */
export const MODERATION_ERROR_EVENT = {
  type: "error",
  error: {
    type: "image_generation_user_error",
    code: "moderation_blocked",
    message: "Your request was rejected by the safety system.",
    param: null,
  },
  sequence_number: 0,
};

/** The API's error body for a status. */
export function apiErrorBody(
  message: string,
  fields: { type?: string | null; code?: string | null; param?: string | null } = {},
) {
  return {
    error: {
      message,
      type: fields.type ?? "invalid_request_error",
      param: fields.param ?? null,
      code: fields.code ?? null,
    },
  };
}

export type LineEnd = "\n" | "\r" | "\r\n";

/**
 * One SSE event. The `event:` line defaults to the body's `type`, as the API sends it;
 * pass `event: null` to leave it out.
 */
export function sseEvent(
  data: unknown,
  options: { event?: string | null; eol?: LineEnd } = {},
): string {
  const eol = options.eol ?? "\n";
  const text = typeof data === "string" ? data : JSON.stringify(data);
  const typeOfData =
    typeof data === "object" &&
    data !== null &&
    typeof (data as { type?: unknown }).type === "string"
      ? (data as { type: string }).type
      : undefined;
  const name = options.event === undefined ? typeOfData : options.event;
  return `${name ? `event: ${name}${eol}` : ""}data: ${text}${eol}${eol}`;
}

/** SSE text for several event bodies. */
export function sseText(events: unknown[], eol: LineEnd = "\n"): string {
  return events.map((event) => sseEvent(event, { eol })).join("");
}

/**
 * A stream shaped like a recorded one: keep-alive comments, two partial images, an event
 * type easel does not know (with non-ASCII text, so chunk boundaries fall inside multibyte
 * characters), the completed image (with an extra non-ASCII field) and `data: [DONE]`.
 */
export function recordedStream(eol: LineEnd = "\n"): string {
  return [
    `: keep-alive${eol}${eol}`,
    sseEvent(partialImageEvent({ partial_image_index: 0 }), { eol }),
    `: ping${eol}`,
    sseEvent(partialImageEvent({ partial_image_index: 1 }), { eol }),
    sseEvent({ type: "image_generation.progress", note: "café 😀 naïve ✓" }, { eol }),
    sseEvent(completedImageEvent({ note: "é😀" }), { eol }),
    `data: [DONE]${eol}${eol}`,
  ].join("");
}

/** Splits bytes at the given offsets (sorted or not, duplicates allowed). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    out.push(bytes.subarray(start, point));
    start = point;
  }
  out.push(bytes.subarray(start));
  return out;
}

/** Splits bytes into chunks of `size`. */
export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

/** How a source stream ends after its chunks. */
export type StreamEnd = "close" | "stall" | { error: unknown };

/** A byte stream and what happened to it. */
export interface SourceStream {
  readonly stream: ReadableStream<Uint8Array>;
  /** Resolves with the reason when the consumer cancels the stream. */
  readonly cancelled: Promise<unknown>;
  /** True once `cancel()` was called on the stream. */
  readonly wasCancelled: boolean;
  /** How many chunks the consumer pulled. */
  readonly pulled: number;
}

/**
 * A pull-based byte stream over `chunks` (strings are UTF-8 encoded). Chunks are produced on
 * demand, so a generator can describe a huge body without holding it. After the last chunk
 * it closes, stalls forever, or errors.
 */
export function byteStream(
  chunks: Iterable<Uint8Array | string>,
  end: StreamEnd = "close",
): SourceStream {
  const iterator = chunks[Symbol.iterator]();
  let resolveCancelled: (reason: unknown) => void = () => {};
  const cancelled = new Promise<unknown>((resolve) => {
    resolveCancelled = resolve;
  });
  const state = { wasCancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        const next = iterator.next();
        if (!next.done) {
          state.pulled++;
          controller.enqueue(
            typeof next.value === "string" ? encoder.encode(next.value) : next.value,
          );
          return;
        }
        if (end === "close") controller.close();
        else if (end === "stall") return new Promise<void>(() => {});
        else controller.error(end.error);
      },
      cancel(reason) {
        state.wasCancelled = true;
        resolveCancelled(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    cancelled,
    get wasCancelled() {
      return state.wasCancelled;
    },
    get pulled() {
      return state.pulled;
    },
  };
}

/** Reads a whole byte stream. */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parts.push(value);
    length += value.length;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A 200 JSON response. */
export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  if (!headers.has("content-type")) headers.set("content-type", "application/json");
  return new Response(JSON.stringify(body), { status: 200, ...init, headers });
}

/** An error answer with the API's body shape. */
export function errorResponse(
  status: number,
  body: unknown = apiErrorBody(`HTTP ${status}`),
  headers: Record<string, string> = {},
): Response {
  return new Response(typeof body === "string" ? body : JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/** A 200 `text/event-stream` response over a string, chunks or a `SourceStream`. */
export function sseResponse(
  source: string | Iterable<Uint8Array | string> | SourceStream,
  headers: Record<string, string> = {},
): Response {
  const body =
    typeof source === "string"
      ? byteStream([source]).stream
      : "stream" in source
        ? source.stream
        : byteStream(source).stream;
  return new Response(body, {
    status: 200,
    headers: { "content-type": "text/event-stream", ...headers },
  });
}

/** One call the fake fetch received. */
export interface RecordedCall {
  url: string;
  method: string;
  headers: Headers;
  /** The request body as sent. */
  body: string;
  /** The parsed JSON body. */
  json: Record<string, unknown>;
  /** The signal passed to fetch. */
  signal: AbortSignal;
}

/** Answers one call: a `Response`, a promise of one, or a thrown error (a network failure). */
export type Responder = (call: RecordedCall, index: number) => Response | Promise<Response>;

/**
 * A `fetch` that records its calls and answers with `responders[i]` for call `i` (the last
 * one for every call after). Like the runtime's fetch, an aborted signal rejects the pending
 * call with `signal.reason` and errors a body that is still arriving; cancelling the body
 * cancels the responder's stream.
 */
export function fakeFetch(responders: Responder | Responder[]): {
  fetch: FetchFunction;
  calls: RecordedCall[];
} {
  const list = Array.isArray(responders) ? responders : [responders];
  const calls: RecordedCall[] = [];
  const fetch: FetchFunction = async (input, init = {}) => {
    const signal = init.signal ?? new AbortController().signal;
    const body = typeof init.body === "string" ? init.body : "";
    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body) as Record<string, unknown>;
    } catch {
      // Not JSON: `json` stays empty.
    }
    const call: RecordedCall = {
      url: String(input instanceof Request ? input.url : input),
      method: init.method ?? "GET",
      headers: new Headers(init.headers),
      body,
      json,
      signal,
    };
    const index = calls.length;
    calls.push(call);
    if (signal.aborted) throw signal.reason;
    const responder = list[Math.min(index, list.length - 1)]!;
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener("abort", () => reject(signal.reason), { once: true });
    });
    aborted.catch(() => {});
    const response = await Promise.race([
      Promise.resolve().then(() => responder(call, index)),
      aborted,
    ]);
    return new Response(response.body && abortable(response.body, signal), {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
  };
  return { fetch, calls };
}

// Passes a body through, erroring it with the signal's reason on abort (as undici does).
function abortable(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let onAbort: () => void = () => {};
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        onAbort = () => {
          controller.error(signal.reason);
          reader.cancel(signal.reason).catch(() => {});
        };
        if (signal.aborted) onAbort();
        else signal.addEventListener("abort", onAbort, { once: true });
      },
      async pull(controller) {
        try {
          const { done, value } = await reader.read();
          if (signal.aborted) return;
          if (done) {
            signal.removeEventListener("abort", onAbort);
            controller.close();
          } else controller.enqueue(value);
        } catch (error) {
          if (!signal.aborted) controller.error(error);
        }
      },
      cancel(reason) {
        signal.removeEventListener("abort", onAbort);
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

/** A responder whose answer never comes (only an abort ends the call). */
export const never: Responder = () => new Promise<Response>(() => {});

/** A responder that fails like Node's fetch does: `TypeError("fetch failed")` with a coded cause. */
export function networkFailure(code: string, message = `connect ${code}`): Responder {
  return () => {
    throw new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
  };
}

/** Awaits a promise that must reject and returns the reason; fails when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the promise to reject, but it resolved");
}

/** Drains an async iterable, returning what it yielded and the error it ended with. */
export async function drain<T>(
  iterable: AsyncIterable<T>,
): Promise<{ items: T[]; error: unknown; failed: boolean }> {
  const items: T[] = [];
  try {
    for await (const item of iterable) items.push(item);
    return { items, error: undefined, failed: false };
  } catch (error) {
    return { items, error, failed: true };
  }
}
