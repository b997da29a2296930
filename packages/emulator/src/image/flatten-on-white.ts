import type { RgbaImage } from "./rgba-image";

/**
 * Composites `image` over an opaque white background, for formats without alpha. Returns the
 * same object when every pixel is already opaque, so the common case costs one scan and no
 * copy.
 *
 * @example
 * flattenOnWhite({ width: 1, height: 1, data: Uint8Array.of(0, 0, 0, 0) }).data;
 * // Uint8Array [255, 255, 255, 255]
 */
export function flattenOnWhite(image: RgbaImage): RgbaImage {
  const src = image.data;
  let opaque = true;
  for (let i = 3; i < src.length; i += 4) {
    if (src[i] !== 255) {
      opaque = false;
      break;
    }
  }
  if (opaque) return image;
  const data = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i += 4) {
    const a = src[i + 3]!;
    const white = 255 * (255 - a) + 127;
    data[i] = ((src[i]! * a + white) / 255) | 0;
    data[i + 1] = ((src[i + 1]! * a + white) / 255) | 0;
    data[i + 2] = ((src[i + 2]! * a + white) / 255) | 0;
    data[i + 3] = 255;
  }
  return { width: image.width, height: image.height, data };
}
