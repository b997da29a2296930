import type {
  CompletedImageStreamEvent,
  ImageStream,
  ImageStreamResult,
  PartialImageStreamEvent,
} from "@easel/core";
import { toObjectURL } from "./to-blob";

/** Options of `showProgressively`. */
export interface ShowProgressivelyOptions {
  /** Called after each image (partial or completed) is set on the element. */
  onImage?:
    | ((event: PartialImageStreamEvent | CompletedImageStreamEvent, url: string) => void)
    | undefined;
}

// The object URL each element currently shows, so the next image (or the next call) frees it.
const shown = new WeakMap<HTMLImageElement, () => void>();

/**
 * Shows a streamed generation in an `<img>`: each partial image as it arrives, then the
 * final one, revoking the previous object URL each time so only the image on screen stays in
 * memory. Resolves with the stream's `final()` result; rejects with the stream's error (the
 * last image received stays on screen).
 *
 * The final image's URL stays valid while it is shown; it is revoked when the element gets
 * its next image through this function, or by `releaseImage(img)`.
 *
 * @example
 * ```ts
 * const stream = await client.images.generate({ model: "gpt-image-2", prompt, stream: true, partial_images: 3 });
 * const { images, usage } = await showProgressively(img, stream);
 * ```
 */
export async function showProgressively(
  img: HTMLImageElement,
  stream: ImageStream,
  { onImage }: ShowProgressivelyOptions = {},
): Promise<ImageStreamResult> {
  for await (const event of stream) {
    // Partial and completed images carry `image`; other events (unknown types) do not.
    if (!("image" in event)) continue;
    const next = toObjectURL(event.image);
    const previous = shown.get(img);
    img.src = next.url;
    shown.set(img, next.revoke);
    // The element has switched to the new URL; the old one only holds memory now.
    previous?.();
    onImage?.(event, next.url);
  }
  return stream.final();
}

/**
 * Revokes the object URL `showProgressively` left on the element (the final image), for
 * when the element is removed or cleared.
 *
 * @example
 * ```ts
 * releaseImage(img);
 * img.removeAttribute("src");
 * ```
 */
export function releaseImage(img: HTMLImageElement): void {
  shown.get(img)?.();
  shown.delete(img);
}
