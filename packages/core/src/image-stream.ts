import {
  type CompletedImageStreamEvent,
  decodeImageStream,
  type ImageStreamEvent,
  isCompletedImageEvent,
  isPartialImageEvent,
} from "./decode-image-stream";
import { AbortError } from "./errors/abort-error";
import { EaselError } from "./errors/easel-error";
import { StreamTruncatedError } from "./errors/stream-errors";
import type { GeneratedImage } from "./generated-image";
import type { ImageUsage } from "./response-schema";

/** What a finished stream produced. */
export interface ImageStreamResult {
  /** One completed image per requested image. */
  images: GeneratedImage[];
  /** The partial images, in arrival order. */
  partialImages: GeneratedImage[];
  /** The usage of the last completed event. */
  usage: ImageUsage | undefined;
  /** The completed events themselves (wire fields: size, quality, created_at, ...). */
  completed: CompletedImageStreamEvent[];
  requestId: string | null;
}

/** Options for an `ImageStream`; the client fills them in. */
export interface ImageStreamInit {
  response: Response;
  controller: AbortController;
  /** How many completed events make a whole stream (the request's `n`). */
  expectedImages: number;
  idleTimeout?: number;
  /** Called once when the stream is done, however it ended (clears the client's timers). */
  onSettled?: () => void;
  /** Removes secrets from server text that goes into errors (see `decodeImageStream`). */
  redact?: (text: string) => string;
}

/**
 * A streamed generation: an `AsyncIterable` of typed partial and completed events.
 * `final()` waits for the completed images, `abort()` cancels, `toReadableStream()` hands the
 * raw SSE bytes on (for a proxy). Leaving a `for await` loop early cancels the request.
 * A stream that ends before every image completed throws `StreamTruncatedError` carrying
 * what arrived: never a silent success.
 *
 * @example
 * ```ts
 * const stream = await client.images.generate({ model: "gpt-image-1.5", prompt, stream: true, partial_images: 2 });
 * for await (const event of stream) {
 *   if (isPartialImageEvent(event)) preview(event.bytes());
 * }
 * const { images, usage } = await stream.final();
 * ```
 */
export class ImageStream implements AsyncIterable<ImageStreamEvent> {
  readonly response: Response;
  readonly requestId: string | null;
  private readonly init: ImageStreamInit;
  private consumed = false;
  private rawTaken = false;
  private readonly partials: GeneratedImage[] = [];
  private readonly completed: CompletedImageStreamEvent[] = [];
  private settled: Promise<ImageStreamResult> | undefined;
  private settle: { resolve(r: ImageStreamResult): void; reject(e: unknown): void } | undefined;
  private outcome: { ok: true } | { ok: false; error: unknown } | undefined;

  constructor(init: ImageStreamInit) {
    this.init = init;
    this.response = init.response;
    this.requestId = init.response.headers.get("x-request-id");
  }

  /** The response headers (rate limits, `x-request-id`, `openai-processing-ms`). */
  get headers(): Headers {
    return this.response.headers;
  }

  [Symbol.asyncIterator](): AsyncIterator<ImageStreamEvent> {
    return this.iterate();
  }

  private claim(): ReadableStream<Uint8Array> | null {
    if (this.consumed) throw alreadyConsumed();
    this.consumed = true;
    return this.response.body;
  }

  private async *iterate(): AsyncGenerator<ImageStreamEvent, void, undefined> {
    const body = this.claim();
    const { controller, idleTimeout } = this.init;
    try {
      if (!body) throw noBody();
      const events = decodeImageStream(body, {
        idleTimeout,
        onIdleTimeout: () => controller.abort(),
        redact: this.init.redact,
      });
      try {
        for await (const event of events) {
          if (isPartialImageEvent(event)) this.partials.push(event.image);
          else if (isCompletedImageEvent(event)) this.completed.push(event);
          yield event;
        }
      } catch (error) {
        throw this.translate(error);
      }
      if (this.completed.length < this.init.expectedImages) {
        throw this.truncated(undefined);
      }
      this.outcome = { ok: true };
      this.settle?.resolve(this.result());
    } catch (error) {
      this.outcome = { ok: false, error };
      this.settle?.reject(error);
      throw error;
    } finally {
      this.init.onSettled?.();
      // Covers an early `break`: the decoder cancelled the body; abort the fetch as well.
      if (this.completed.length < this.init.expectedImages) controller.abort();
      if (this.outcome === undefined) {
        // Left early: final() must settle too, not wait forever for events nobody reads.
        if (this.completed.length >= this.init.expectedImages) {
          this.outcome = { ok: true };
          this.settle?.resolve(this.result());
        } else {
          const error = new AbortError("The loop over the image stream was left early.");
          this.outcome = { ok: false, error };
          this.settle?.reject(error);
        }
      }
    }
  }

  private translate(error: unknown): unknown {
    const signal = this.init.controller.signal;
    if (
      signal.aborted &&
      !(EaselError.isInstance(error) && error.name === "StreamIdleTimeoutError")
    ) {
      return EaselError.isInstance(signal.reason) ? signal.reason : new AbortError(signal.reason);
    }
    if (EaselError.isInstance(error) && error.name === "ConnectionError")
      return this.truncated(error);
    return error;
  }

  private truncated(cause: unknown): StreamTruncatedError {
    return new StreamTruncatedError({
      partialImages: [...this.partials],
      completedImages: this.completed.map((e) => e.image),
      expectedImages: this.init.expectedImages,
      cause,
    });
  }

  private result(): ImageStreamResult {
    return {
      images: this.completed.map((e) => e.image),
      partialImages: [...this.partials],
      usage: this.completed.at(-1)?.usage,
      completed: [...this.completed],
      requestId: this.requestId,
    };
  }

  /**
   * Resolves with the completed images once the stream ends; consumes it if nobody iterates.
   * Rejects with the stream's error (`StreamTruncatedError`, the API's error, ...).
   */
  final(): Promise<ImageStreamResult> {
    if (this.settled) return this.settled;
    if (this.rawTaken) return Promise.reject(alreadyConsumed());
    if (this.outcome) {
      this.settled = this.outcome.ok
        ? Promise.resolve(this.result())
        : Promise.reject(this.outcome.error);
      return this.settled;
    }
    this.settled = new Promise<ImageStreamResult>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    if (!this.consumed) {
      void (async () => {
        try {
          for await (const _ of this.iterate()) {
            // Draining: the iterator records every event.
          }
        } catch {
          // Already delivered through settle.reject.
        }
      })();
    }
    return this.settled;
  }

  /** Cancels the request; a running loop ends with `AbortError`. */
  abort(reason?: unknown): void {
    this.init.controller.abort(reason === undefined ? new AbortError() : reason);
  }

  /**
   * The raw SSE bytes, untouched, for passing on (a proxy's response body). The stream can't
   * be iterated after this.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const body = this.claim();
    if (!body) throw noBody();
    this.rawTaken = true;
    return body;
  }
}

const alreadyConsumed = () =>
  new EaselError(
    "This image stream was already consumed; iterate it, call final() or toReadableStream() once.",
  );
const noBody = () => new EaselError("The streamed response has no body.");
