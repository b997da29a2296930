import { join } from "node:path";
import {
  AbortError,
  EaselError,
  type FetchFunction,
  type GeneratedImage,
  safeUrl,
} from "@easel/core";
import { refuseIfExists, writeFileAtomic } from "./write-file-atomic";

/** Options of `saveImage`. */
export interface SaveImageOptions {
  /** Replace existing files. Default false: an existing file is an error naming it. */
  overwrite?: boolean | undefined;
  /** Downloads `url` results (dall-e). Default `globalThis.fetch`. */
  fetch?: FetchFunction | undefined;
  /** Cancels a download; once aborted, nothing more is written (`AbortError`). */
  signal?: AbortSignal | undefined;
}

/** Options of `saveImages`. */
export interface SaveImagesOptions extends SaveImageOptions {
  /** File names are `<prefix>-<n>.<ext>`, n from 1. Default `image`. */
  prefix?: string | undefined;
}

/**
 * The image's bytes: decoded from base64, or downloaded from its `url` (dall-e's
 * `response_format: "url"`, valid for 60 minutes).
 *
 * @example
 * ```ts
 * const bytes = await imageBytes(result.images[0]!);
 * ```
 */
export async function imageBytes(
  image: GeneratedImage,
  options: Pick<SaveImageOptions, "fetch" | "signal"> = {},
): Promise<Uint8Array> {
  if (image.b64_json !== undefined) return image.bytes();
  if (image.url === undefined) {
    throw new EaselError("The image has neither base64 data nor a URL; there is nothing to save.");
  }
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  let response: Response;
  try {
    response = await fetchFn(image.url, { signal: options.signal });
  } catch (cause) {
    throw new EaselError(`Downloading the image from ${safeUrl(image.url)} failed.`, { cause });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new EaselError(
      `Downloading the image from ${safeUrl(image.url)} failed with HTTP ${response.status}. Image URLs expire 60 minutes after generation; request response_format: "b64_json" to get the bytes in the response.`,
    );
  }
  return new Uint8Array(await response.arrayBuffer());
}

const hasExtension = (path: string) => /\.[A-Za-z0-9]{1,5}$/.test(path.replace(/^.*[\\/]/, ""));

/**
 * Saves one image atomically (never a half-written file under `path`) and returns the path
 * written. Adds the image's extension (`png`, `jpeg` or `webp`) when `path` has none,
 * refuses to replace an existing file unless `overwrite` is set, creates the directory, and
 * downloads `url` results.
 *
 * @example
 * ```ts
 * const path = await saveImage(result.images[0]!, "out/kite"); // "out/kite.png"
 * ```
 */
export async function saveImage(
  image: GeneratedImage,
  path: string,
  options: SaveImageOptions = {},
): Promise<string> {
  const target = hasExtension(path) ? path : `${path}.${image.extension}`;
  const bytes = await imageBytes(image, options);
  if (options.signal?.aborted) throw new AbortError(options.signal.reason);
  await writeFileAtomic(target, bytes, options);
  return target;
}

/**
 * The file names `saveImages` writes, without touching the disk.
 *
 * @example
 * ```ts
 * imageFileNames(result.images, "kite"); // ["kite-1.png", "kite-2.png"]
 * ```
 */
export function imageFileNames(
  images: readonly Pick<GeneratedImage, "extension">[],
  prefix = "image",
): string[] {
  return images.map((image, i) => `${prefix}-${i + 1}.${image.extension}`);
}

/**
 * Saves every image of a result (`client.images.generate` or `stream.final()`) into `dir` as
 * `<prefix>-1.png`, `<prefix>-2.png`, ... and returns the paths in order. Each write is
 * atomic; without `overwrite`, every name is checked before the first file is written.
 *
 * @example
 * ```ts
 * const result = await client.images.generate({ model: "gpt-image-1.5", prompt, n: 2 });
 * const paths = await saveImages(result, "images", { prefix: "kite" });
 * // ["images/kite-1.png", "images/kite-2.png"]
 * ```
 */
export async function saveImages(
  result: { readonly images: readonly GeneratedImage[] },
  dir: string,
  options: SaveImagesOptions = {},
): Promise<string[]> {
  const paths = imageFileNames(result.images, options.prefix).map((name) => join(dir, name));
  if (!options.overwrite) {
    // All names first: a clash on the third image must not leave two new files behind.
    for (const path of paths) await refuseIfExists(path);
  }
  const written: string[] = [];
  for (const [i, image] of result.images.entries()) {
    written.push(await saveImage(image, paths[i]!, options));
  }
  return written;
}
