import { describe, expect, it } from "vitest";
import { encodePng } from "./encode-png";
import {
  countMismatches,
  decode,
  pattern,
  SIZES,
  sameBytes,
  transparentPixels,
} from "./test-support";

describe("encodePng", () => {
  describe.each(SIZES)("at %ix%i", (width, height) => {
    it("decodes to the exact RGB pixels", async () => {
      const image = pattern(width, height);
      const decoded = await decode(await encodePng(image, { alpha: false }));
      expect(decoded).toMatchObject({ format: "png", width, height, channels: 3 });
      expect(countMismatches(image, decoded)).toBe(0);
    });

    it("decodes to the exact RGBA pixels with transparency", async () => {
      const image = pattern(width, height, true);
      const decoded = await decode(await encodePng(image, { alpha: true }));
      expect(decoded).toMatchObject({ format: "png", width, height, channels: 4, hasAlpha: true });
      expect(countMismatches(image, decoded)).toBe(0);
      if (width * height > 64) expect(transparentPixels(decoded)).toBeGreaterThan(0);
    });
  });

  it("writes the PNG signature, IHDR first and IEND last", async () => {
    const png = await encodePng(pattern(17, 9), { alpha: false });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(new TextDecoder().decode(png.subarray(12, 16))).toBe("IHDR");
    expect(png[25]).toBe(2); // colour type RGB
    expect(new TextDecoder().decode(png.subarray(png.length - 8, png.length - 4))).toBe("IEND");
  });

  it("is deterministic, and different seeds give different files", async () => {
    const a = await encodePng(pattern(200, 100), { alpha: true });
    const b = await encodePng(pattern(200, 100), { alpha: true });
    const c = await encodePng(pattern(200, 100, false, "another prompt"), { alpha: true });
    expect(sameBytes(a, b)).toBe(true);
    expect(sameBytes(a, c)).toBe(false);
  });

  it("compresses partial (pixelated) images much better", async () => {
    const final = await encodePng(pattern(512, 512), { alpha: false });
    const partial = await encodePng(pattern(512, 512, false, undefined, 0.3), { alpha: false });
    expect(partial.length).toBeLessThan(final.length / 4);
  });

  it("rejects malformed images", async () => {
    await expect(
      encodePng({ width: 2, height: 2, data: new Uint8Array(15) }, { alpha: true }),
    ).rejects.toThrow(RangeError);
  });
});
