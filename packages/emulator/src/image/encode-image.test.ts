import { describe, expect, it } from "vitest";
import { encodeImage, jpegQuality } from "./encode-image";
import {
  countMismatches,
  decode,
  meanAbsoluteError,
  pattern,
  transparentPixels,
} from "./test-support";

describe("encodeImage", () => {
  it.each(["png", "jpeg", "webp"] as const)("produces %s at the requested size", async (format) => {
    const decoded = await decode(await encodeImage(pattern(1536, 1024), { format, alpha: false }));
    expect(decoded).toMatchObject({ format, width: 1536, height: 1024, channels: 3 });
  });

  it.each(["png", "webp"] as const)("keeps transparency in %s", async (format) => {
    const image = pattern(300, 200, true);
    const decoded = await decode(await encodeImage(image, { format, alpha: true }));
    expect(decoded.channels).toBe(4);
    expect(transparentPixels(decoded)).toBeGreaterThan(0);
    expect(countMismatches(image, decoded)).toBe(0);
  });

  it.each([
    ["png", false],
    ["webp", false],
    ["jpeg", true],
  ] as const)("flattens %s onto white (alpha requested: %s)", async (format, alpha) => {
    const image = pattern(64, 64, true);
    const decoded = await decode(await encodeImage(image, { format, alpha }));
    expect(decoded.channels).toBe(3);
    let clear = 0;
    let sum = 0;
    let min = 255;
    for (let i = 0; i < 64 * 64; i++) {
      if (image.data[i * 4 + 3] !== 0) continue;
      clear++;
      for (let c = 0; c < 3; c++) {
        sum += decoded.pixels[i * 3 + c]!;
        min = Math.min(min, decoded.pixels[i * 3 + c]!);
      }
    }
    // JPEG rings a little next to edges; the lossless formats must be exactly white.
    if (format === "jpeg") expect(sum / (clear * 3)).toBeGreaterThan(250);
    else expect(min).toBe(255);
    expect(clear).toBeGreaterThan(0);
  });

  it("maps compression to JPEG quality: lower compression, smaller file", async () => {
    const image = pattern(1024, 1024);
    const best = await encodeImage(image, { format: "jpeg", alpha: false });
    const mid = await encodeImage(image, { format: "jpeg", alpha: false, compression: 50 });
    const worst = await encodeImage(image, { format: "jpeg", alpha: false, compression: 0 });
    expect(best.length).toBeGreaterThan(mid.length);
    expect(mid.length).toBeGreaterThan(worst.length);
    expect(meanAbsoluteError(image, await decode(best))).toBeLessThan(1.5);
    expect((await decode(worst)).width).toBe(1024);
    expect(jpegQuality(100)).toBe(95);
    expect(jpegQuality(0)).toBe(10);
  });

  it("keeps WebP lossless at any compression", async () => {
    const image = pattern(333, 111);
    const webp = await encodeImage(image, { format: "webp", alpha: false, compression: 0 });
    expect(countMismatches(image, await decode(webp))).toBe(0);
  });

  it("rejects out-of-range compression and unknown formats", async () => {
    const image = pattern(8, 8);
    await expect(
      encodeImage(image, { format: "png", alpha: false, compression: 101 }),
    ).rejects.toThrow(RangeError);
    await expect(encodeImage(image, { format: "gif" as "png", alpha: false })).rejects.toThrow(
      /unsupported format/,
    );
  });
});
