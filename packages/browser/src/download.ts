import type { GeneratedImage } from "@easel/core";
import { toObjectURL } from "./to-blob";

/**
 * Saves the image through the browser's download prompt. Without a filename it is
 * `image.<extension>`; a filename without an extension gets the image's.
 *
 * @example
 * ```ts
 * button.onclick = () => download(result.images[0]!, "paper-boat");
 * // saves paper-boat.png (or .jpeg / .webp, following the image's format)
 * ```
 */
export function download(
  image: Pick<GeneratedImage, "bytes" | "mimeType" | "extension">,
  filename = "image",
): void {
  const name = /\.[a-z0-9]{2,5}$/i.test(filename) ? filename : `${filename}.${image.extension}`;
  const object = toObjectURL(image);
  const link = document.createElement("a");
  link.href = object.url;
  link.download = name;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The download starts from the click's task; revoking in the same task can cancel it.
  setTimeout(object.revoke, 1000);
}
