/**
 * A decoded raster: `width * height` pixels, 4 bytes each in R, G, B, A order, rows top to
 * bottom with no padding. Alpha is straight (not premultiplied), as PNG and WebP store it.
 */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * Throws a `RangeError` unless `image` is a well-formed {@link RgbaImage} whose sides fit in
 * `maxSide`. Encoders call it first so a bad buffer fails loudly instead of producing a file
 * that decoders reject far from the cause.
 *
 * @example
 * assertRgbaImage({ width: 2, height: 1, data: new Uint8Array(8) }, 16383, "WebP");
 */
export function assertRgbaImage(image: RgbaImage, maxSide: number, format: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError(`${format}: width and height must be positive integers`);
  }
  if (width > maxSide || height > maxSide) {
    throw new RangeError(`${format}: ${width}x${height} exceeds the ${maxSide}px limit`);
  }
  if (data.length !== width * height * 4) {
    throw new RangeError(
      `${format}: expected ${width * height * 4} bytes of RGBA data, got ${data.length}`,
    );
  }
}
