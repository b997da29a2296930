import { encodeJpeg } from "./encode-jpeg";
import { encodePng } from "./encode-png";
import { encodeWebp } from "./encode-webp";
import { flattenOnWhite } from "./flatten-on-white";
import type { RgbaImage } from "./rgba-image";

/** The `output_format` values of the Images API. */
export type ImageFormat = "png" | "jpeg" | "webp";

/** Options of {@link encodeImage}. */
export interface EncodeImageOptions {
  readonly format: ImageFormat;
  /**
   * Keep transparency (PNG and WebP only). When `false`, or for JPEG, which has no alpha,
   * non-opaque pixels are composited onto white first.
   */
  readonly alpha: boolean;
  /**
   * The API's `output_compression`, 0..100 (default 100). JPEG maps it to quality linearly
   * (100 -> 95, 0 -> 10). WebP is always lossless here, so it only selects encoder effort.
   * PNG ignores it: `CompressionStream` has one fixed deflate level.
   */
  readonly compression?: number;
}

/**
 * Encodes `image` in the requested API output format.
 *
 * @example
 * const image = renderPattern({ seed: "a red fox", width: 1024, height: 1024,
 *   transparent: false, progress: 1 });
 * const jpeg = await encodeImage(image, { format: "jpeg", alpha: false, compression: 80 });
 */
export async function encodeImage(
  image: RgbaImage,
  options: EncodeImageOptions,
): Promise<Uint8Array> {
  const compression = options.compression ?? 100;
  if (!(compression >= 0 && compression <= 100)) {
    throw new RangeError("encodeImage: compression must be between 0 and 100");
  }
  const keepAlpha = options.alpha && options.format !== "jpeg";
  const source = keepAlpha ? image : flattenOnWhite(image);
  switch (options.format) {
    case "png":
      return encodePng(source, { alpha: keepAlpha });
    case "jpeg":
      return encodeJpeg(source, { quality: jpegQuality(compression) });
    case "webp":
      return encodeWebp(source, { alpha: keepAlpha, quality: compression });
    default:
      throw new RangeError(`encodeImage: unsupported format ${String(options.format)}`);
  }
}

/**
 * `output_compression` -> JPEG quality. 100 stops at 95: above that files balloon for no
 * visible gain, which is also where common encoders cap their "maximum" presets.
 *
 * @example
 * jpegQuality(100); // 95
 * jpegQuality(0); // 10
 */
export function jpegQuality(compression: number): number {
  return Math.round(10 + 0.85 * Math.min(100, Math.max(0, compression)));
}
