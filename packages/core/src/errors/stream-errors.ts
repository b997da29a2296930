import type { GeneratedImage } from "../generated-image";
import { EaselError } from "./easel-error";

/**
 * The stream carried something that is not a valid event: malformed JSON or an event that
 * does not match its schema. `excerpt` holds the event's first bytes.
 *
 * @example
 * ```ts
 * if (StreamProtocolError.isInstance(error)) console.log(error.excerpt);
 * ```
 */
export class StreamProtocolError extends EaselError {
  static override readonly kind: string = "StreamProtocolError";
  declare readonly excerpt: string;

  constructor(message: string, excerpt: string, cause?: unknown) {
    super(`${message}; check baseURL. The event began: ${JSON.stringify(excerpt)}`, { cause });
    this.excerpt = excerpt;
  }
}

/**
 * The stream ended before every requested image's `image_generation.completed` event.
 * `partialImages` holds the partial images that did arrive, so nothing received is lost.
 * Not retried: the generation may have been billed.
 *
 * @example
 * ```ts
 * if (StreamTruncatedError.isInstance(error)) {
 *   console.log(`${error.completedImages.length} of ${error.expectedImages} images arrived`);
 * }
 * ```
 */
export class StreamTruncatedError extends EaselError {
  static override readonly kind: string = "StreamTruncatedError";
  declare readonly partialImages: readonly GeneratedImage[];
  declare readonly completedImages: readonly GeneratedImage[];
  declare readonly expectedImages: number;

  constructor(args: {
    partialImages: readonly GeneratedImage[];
    completedImages: readonly GeneratedImage[];
    expectedImages: number;
    cause?: unknown;
  }) {
    const { partialImages, completedImages, expectedImages } = args;
    // `args` as the options: EaselError reads its `cause` only.
    super(
      `The image stream ended after ${completedImages.length} of ${expectedImages} images (${partialImages.length} partial), not retried: it may already be billed. The partials are on error.partialImages.`,
      args,
    );
    this.partialImages = partialImages;
    this.completedImages = completedImages;
    this.expectedImages = expectedImages;
  }
}

/**
 * No bytes arrived on the stream for `idleTimeout` ms; the request was aborted.
 *
 * @example
 * ```ts
 * if (StreamIdleTimeoutError.isInstance(error)) console.log(error.idleTimeoutMs);
 * ```
 */
export class StreamIdleTimeoutError extends EaselError {
  static override readonly kind: string = "StreamIdleTimeoutError";
  declare readonly idleTimeoutMs: number;

  constructor(idleTimeoutMs: number) {
    super(
      `The image stream was idle for ${idleTimeoutMs} ms and was aborted. Raise the idleTimeout option.`,
    );
    this.idleTimeoutMs = idleTimeoutMs;
  }
}

/**
 * The API answered with a body easel could not read as an images response.
 *
 * @example
 * ```ts
 * if (InvalidResponseError.isInstance(error)) console.log(error.status, error.excerpt);
 * ```
 */
export class InvalidResponseError extends EaselError {
  static override readonly kind: string = "InvalidResponseError";
  declare readonly status: number;
  declare readonly excerpt: string;

  constructor(message: string, status: number, excerpt: string, cause?: unknown) {
    super(
      `${message} (HTTP ${status}); check baseURL. The body began: ${JSON.stringify(excerpt)}`,
      { cause },
    );
    this.status = status;
    this.excerpt = excerpt;
  }
}
