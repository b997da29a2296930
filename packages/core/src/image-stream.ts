import {
  type CompletedImageStreamEvent,
  decodeImageStream,
  type ImageStreamEvent,
  ignore,
  type PartialImageStreamEvent,
} from "./decode-image-stream";
import { AbortError } from "./errors/abort-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { StreamIdleTimeoutError, StreamTruncatedError } from "./errors/stream-errors";
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
  declare readonly response: Response;
  declare readonly requestId: string | null;
  #init: ImageStreamInit;
  #consumed = false;
  // Settled once, by whatever ends the stream first (later calls are no-ops): the loop's end or
  // error, an early exit, or toReadableStream(). final() hands this promise out.
  #resolve!: (result: ImageStreamResult) => void;
  #reject!: (error: unknown) => void;
  #final = new Promise<ImageStreamResult>((resolve, reject) => {
    this.#resolve = resolve;
    this.#reject = reject;
  });

  constructor(init: ImageStreamInit) {
    this.#init = init;
    this.response = init.response;
    this.requestId = init.response.headers.get("x-request-id");
    // Nobody may ever call final(): its rejection is not an unhandled one.
    this.#final.catch(ignore);
  }

  /** The response headers (rate limits, `x-request-id`, `openai-processing-ms`). */
  get headers(): Headers {
    return this.response.headers;
  }

  #claim(): ReadableStream<Uint8Array> | null {
    if (this.#consumed) throw alreadyConsumed();
    this.#consumed = true;
    return this.response.body;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<ImageStreamEvent, void, undefined> {
    const body = this.#claim();
    const init = this.#init;
    const { controller, expectedImages, onSettled } = init;
    const partials: GeneratedImage[] = [];
    const completed: CompletedImageStreamEvent[] = [];
    const images = () => completed.map((e) => e.image);
    const truncated = (cause?: unknown) =>
      new StreamTruncatedError({
        partialImages: partials,
        completedImages: images(),
        expectedImages,
        cause,
      });
    try {
      if (!body) throw noBody();
      // The decoder takes idleTimeout and redact from the init as they are.
      const events = decodeImageStream(body, {
        ...init,
        onIdleTimeout: () => controller.abort(),
      });
      for await (const event of events) {
        // Events of these two types always carry an image: the decoder checked their shape.
        if (event.type === "image_generation.partial_image") {
          partials.push((event as PartialImageStreamEvent).image);
        } else if (event.type === "image_generation.completed") {
          completed.push(event as CompletedImageStreamEvent);
        }
        yield event;
      }
      if (completed.length < expectedImages) throw truncated();
    } catch (error) {
      const { aborted, reason } = controller.signal;
      // An abort (ours or the caller's) wins over the read error it caused, except that
      // the idle timeout aborts too and must surface as itself.
      const failure =
        aborted && !StreamIdleTimeoutError.isInstance(error)
          ? EaselError.isInstance(reason)
            ? reason
            : new AbortError(reason)
          : ConnectionError.isInstance(error)
            ? truncated(error)
            : error;
      this.#reject(failure);
      throw failure;
    } finally {
      onSettled?.();
      if (completed.length < expectedImages) {
        // Covers an early `break`: the decoder cancelled the body; abort the fetch as well,
        // and settle final() rather than have it wait for events nobody reads.
        controller.abort();
        this.#reject(new AbortError("The loop was left early."));
      } else {
        this.#resolve({
          images: images(),
          partialImages: partials,
          usage: completed.at(-1)?.usage,
          completed,
          requestId: this.requestId,
        });
      }
    }
  }

  /**
   * Resolves with the completed images once the stream ends; consumes it if nobody iterates.
   * Rejects with the stream's error (`StreamTruncatedError`, the API's error, ...).
   */
  final(): Promise<ImageStreamResult> {
    if (!this.#consumed) {
      (async () => {
        for await (const _ of this) {
          // Draining: the iterator records every event and settles the promise.
        }
      })().catch(ignore);
    }
    return this.#final;
  }

  /** Cancels the request; a running loop ends with `AbortError`. */
  abort(reason?: unknown): void {
    this.#init.controller.abort(reason === undefined ? new AbortError() : reason);
  }

  /**
   * The raw SSE bytes, untouched, for passing on (a proxy's response body). The stream can't
   * be iterated after this.
   */
  toReadableStream(): ReadableStream<Uint8Array> {
    const body = this.#claim();
    this.#reject(alreadyConsumed());
    if (!body) throw noBody();
    return body;
  }
}

const alreadyConsumed = () =>
  new EaselError(
    "The image stream was already read; read it once (iterate, final() or toReadableStream()).",
  );
const noBody = () => new EaselError("The image stream has no body; check baseURL.");
