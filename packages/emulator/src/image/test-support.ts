// Helpers shared by the image tests (not exported from the package): decoding through
// sharp (libvips + libpng / libjpeg / libwebp) is the "standard decoder" the files must
// open in.
import sharp from "sharp";
import { renderPattern } from "./render-pattern";
import type { RgbaImage } from "./rgba-image";

export interface Decoded {
  readonly format: string | undefined;
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly hasAlpha: boolean;
  readonly pixels: Uint8Array;
}

/** Decodes `bytes` with sharp, returning its metadata and raw interleaved pixels. */
export async function decode(bytes: Uint8Array): Promise<Decoded> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const meta = await sharp(input).metadata();
  const { data, info } = await sharp(input).raw().toBuffer({ resolveWithObject: true });
  return {
    format: meta.format,
    width: info.width,
    height: info.height,
    channels: info.channels,
    hasAlpha: meta.hasAlpha === true,
    pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

const cache = new Map<string, RgbaImage>();

/** `renderPattern` memoized per argument set, since big renders are reused across tests. */
export function pattern(
  width: number,
  height: number,
  transparent = false,
  seed = "a lighthouse at dusk, oil painting",
  progress = 1,
): RgbaImage {
  const key = `${width}x${height}:${transparent}:${progress}:${seed}`;
  let image = cache.get(key);
  if (!image) {
    image = renderPattern({ seed, width, height, transparent, progress });
    cache.set(key, image);
  }
  return image;
}

/** Counts channel values of `decoded` that differ from the RGB(A) of `image`. */
export function countMismatches(image: RgbaImage, decoded: Decoded): number {
  const { channels, pixels } = decoded;
  let mismatches = 0;
  for (let p = 0, i = 0, j = 0; p < image.width * image.height; p++, i += 4, j += channels) {
    for (let c = 0; c < channels; c++) if (image.data[i + c] !== pixels[j + c]) mismatches++;
  }
  return mismatches;
}

/** Mean absolute RGB error of `decoded` against `image`. */
export function meanAbsoluteError(image: RgbaImage, decoded: Decoded): number {
  const { channels, pixels } = decoded;
  let total = 0;
  for (let p = 0, i = 0, j = 0; p < image.width * image.height; p++, i += 4, j += channels) {
    total +=
      Math.abs(image.data[i]! - pixels[j]!) +
      Math.abs(image.data[i + 1]! - pixels[j + 1]!) +
      Math.abs(image.data[i + 2]! - pixels[j + 2]!);
  }
  return total / (image.width * image.height * 3);
}

/** Number of pixels whose alpha (the last channel) is 0. */
export function transparentPixels(decoded: Decoded): number {
  let count = 0;
  for (let j = decoded.channels - 1; j < decoded.pixels.length; j += decoded.channels) {
    if (decoded.pixels[j] === 0) count++;
  }
  return count;
}

/** Same length and bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The dimensions every encoder is exercised at, odd and huge ones included. */
export const SIZES: readonly (readonly [number, number])[] = [
  [1, 1],
  [1, 37],
  [41, 1],
  [17, 9],
  [1024, 1024],
  [1536, 1024],
  [3840, 2160],
];
