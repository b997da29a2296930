import type { GeneratedImage } from "@easel/core";

/** What the helpers need of an image: its bytes and MIME type (a `GeneratedImage` has both). */
export type ImageSource = Pick<GeneratedImage, "bytes" | "mimeType">;

/** An object URL and the way to release it. */
export interface ImageObjectURL {
  /** A `blob:` URL for `<img src>`, `<a href>` or `fetch`. */
  readonly url: string;
  /** Frees the Blob behind the URL; safe to call more than once. */
  revoke(): void;
}

/**
 * The image as a `Blob` of its MIME type. The base64 is decoded once by core
 * (`Uint8Array.fromBase64` where the browser has it, `atob` otherwise).
 *
 * @example
 * ```ts
 * const blob = toBlob(result.images[0]!);
 * await navigator.clipboard.write([new ClipboardItem({ [blob.type]: blob })]);
 * ```
 */
export function toBlob(image: ImageSource): Blob {
  // TS 5.9 types bytes() as possibly SharedArrayBuffer-backed, which BlobPart refuses; core
  // always returns an ArrayBuffer-backed array.
  return new Blob([image.bytes() as Uint8Array<ArrayBuffer>], { type: image.mimeType });
}

/**
 * An object URL for the image. Call `revoke()` when it is no longer shown: until then the
 * browser keeps the whole image in memory (FACTS §8).
 *
 * @example
 * ```ts
 * const { url, revoke } = toObjectURL(image);
 * img.src = url;
 * img.addEventListener("load", revoke, { once: true });
 * ```
 */
export function toObjectURL(image: ImageSource): ImageObjectURL {
  const url = URL.createObjectURL(toBlob(image));
  let revoked = false;
  return {
    url,
    revoke() {
      if (revoked) return;
      revoked = true;
      URL.revokeObjectURL(url);
    },
  };
}
