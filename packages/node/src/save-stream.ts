import { join } from "node:path";
import {
  AbortError,
  type CompletedImageStreamEvent,
  type GeneratedImage,
  type ImageStreamEvent,
  type ImageUsage,
  type PartialImageStreamEvent,
  StreamTruncatedError,
} from "@easel/core";
import { writeFileAtomic } from "./write-file-atomic";

/** One file `saveStream` wrote. */
export interface SavedImageFile {
  kind: "partial" | "image";
  /** 1-based, in arrival order within its kind. */
  index: number;
  path: string;
  image: GeneratedImage;
}

/** Options of `saveStream`. */
export interface SaveStreamOptions {
  /** Names are `<prefix>-partial-<i>.<ext>` and `<prefix>-<n>.<ext>`. Default `image`. */
  prefix?: string | undefined;
  /** Replace existing files. Default false. */
  overwrite?: boolean | undefined;
  /**
   * Once aborted, no further file is written (`AbortError`). Abort the request itself through
   * its own `signal`; this one guards the moment between the last event and the writes.
   */
  signal?: AbortSignal | undefined;
  /** Called after each file is written, to report progress. */
  onSaved?: ((file: SavedImageFile) => void) | undefined;
}

/** What `saveStream` wrote and what the stream said. */
export interface SavedStream {
  /** Every path, in the order written: partial images as they came, then the final images. */
  paths: string[];
  partialPaths: string[];
  imagePaths: string[];
  /** The completed events (size, quality, output_format, created_at, usage). */
  completed: CompletedImageStreamEvent[];
  /** The usage of the last completed event. */
  usage: ImageUsage | undefined;
  requestId: string | null;
}

/**
 * Consumes a streamed generation, writing each partial image as it arrives
 * (`<prefix>-partial-1.png`, ...) and the final images once the stream has ended
 * (`<prefix>-1.png`, ...). Every write is atomic.
 *
 * When the stream fails (cut connection, `StreamTruncatedError`, the API's error, an abort),
 * the error is rethrown and no final image is written: a name like `<prefix>-1.png` exists
 * only for a generation that finished. Partial images already written stay; each is a
 * complete file. Pass the `ImageStream` itself: it knows how many images to expect.
 *
 * @example
 * ```ts
 * const stream = await client.images.generate({ model: "gpt-image-1.5", prompt, stream: true, partial_images: 2 });
 * const { paths } = await saveStream(stream, "images", {
 *   onSaved: (file) => console.log(`${file.kind} ${file.index} saved to ${file.path}`),
 * });
 * ```
 */
export async function saveStream(
  stream: AsyncIterable<ImageStreamEvent>,
  dir: string,
  options: SaveStreamOptions = {},
): Promise<SavedStream> {
  const prefix = options.prefix ?? "image";
  const partialPaths: string[] = [];
  const completed: CompletedImageStreamEvent[] = [];
  const partials: GeneratedImage[] = [];
  for await (const event of stream) {
    if (event.type === "image_generation.partial_image") {
      if (options.signal?.aborted) throw new AbortError(options.signal.reason);
      const image = (event as PartialImageStreamEvent).image;
      const index = partialPaths.length + 1;
      const path = join(dir, `${prefix}-partial-${index}.${image.extension}`);
      await writeFileAtomic(path, image.bytes(), options);
      partialPaths.push(path);
      partials.push(image);
      options.onSaved?.({ kind: "partial", index, path, image });
    } else if (event.type === "image_generation.completed") {
      // Held until the stream ends well: a final name must mean a finished generation.
      completed.push(event as CompletedImageStreamEvent);
    }
  }
  if (completed.length === 0) {
    throw new StreamTruncatedError({
      partialImages: partials,
      completedImages: [],
      expectedImages: 1,
    });
  }
  const imagePaths: string[] = [];
  for (const [i, event] of completed.entries()) {
    if (options.signal?.aborted) throw new AbortError(options.signal.reason);
    const path = join(dir, `${prefix}-${i + 1}.${event.image.extension}`);
    await writeFileAtomic(path, event.image.bytes(), options);
    imagePaths.push(path);
    options.onSaved?.({ kind: "image", index: i + 1, path, image: event.image });
  }
  const requestId = (stream as { requestId?: unknown }).requestId;
  return {
    paths: [...partialPaths, ...imagePaths],
    partialPaths,
    imagePaths,
    completed,
    usage: completed.at(-1)?.usage,
    requestId: typeof requestId === "string" ? requestId : null,
  };
}
