import { describe, expect, it } from "vitest";
import { encodeJpeg } from "./encode-jpeg";
import { decode, meanAbsoluteError, pattern, SIZES, sameBytes } from "./test-support";

describe("encodeJpeg", () => {
  describe.each(SIZES)("at %ix%i", (width, height) => {
    it("decodes at the exact size, close to the input at high quality", async () => {
      const image = pattern(width, height);
      const decoded = await decode(encodeJpeg(image, { quality: 95 }));
      expect(decoded).toMatchObject({ format: "jpeg", width, height, channels: 3 });
      // Tiny images are mostly edges, which chroma subsampling blurs the most.
      expect(meanAbsoluteError(image, decoded)).toBeLessThan(width < 64 ? 20 : 2);
    });
  });

  it("keeps full-resolution colour with 4:4:4", async () => {
    const image = pattern(17, 9);
    const subsampled = meanAbsoluteError(image, await decode(encodeJpeg(image, { quality: 95 })));
    const full = meanAbsoluteError(
      image,
      await decode(encodeJpeg(image, { quality: 95, subsampling: "4:4:4" })),
    );
    expect(full).toBeLessThan(subsampled);
  });

  it("decodes 4:4:4 at odd and large sizes", async () => {
    for (const [width, height] of [
      [17, 9],
      [1536, 1024],
    ] as const) {
      const image = pattern(width, height);
      const decoded = await decode(encodeJpeg(image, { quality: 90, subsampling: "4:4:4" }));
      expect(decoded).toMatchObject({ width, height });
      expect(meanAbsoluteError(image, decoded)).toBeLessThan(width < 64 ? 8 : 2);
    }
  });

  it("trades size for error as quality falls, and stays valid at quality 1", async () => {
    const image = pattern(1024, 1024);
    let previousSize = Number.POSITIVE_INFINITY;
    let previousError = 0;
    for (const quality of [100, 90, 75, 50, 20, 1]) {
      const jpeg = encodeJpeg(image, { quality });
      const decoded = await decode(jpeg);
      const error = meanAbsoluteError(image, decoded);
      expect(decoded).toMatchObject({ width: 1024, height: 1024 });
      expect(jpeg.length).toBeLessThan(previousSize);
      expect(error).toBeGreaterThanOrEqual(previousError);
      previousSize = jpeg.length;
      previousError = error;
    }
    expect(previousError).toBeLessThan(40);
  });

  it("is deterministic, and different seeds give different files", () => {
    const a = encodeJpeg(pattern(200, 100), { quality: 80 });
    const b = encodeJpeg(pattern(200, 100), { quality: 80 });
    const c = encodeJpeg(pattern(200, 100, false, "another prompt"), { quality: 80 });
    expect(sameBytes(a, b)).toBe(true);
    expect(sameBytes(a, c)).toBe(false);
  });

  it("starts with SOI + JFIF and ends with EOI", () => {
    const jpeg = encodeJpeg(pattern(17, 9), { quality: 50 });
    expect([...jpeg.subarray(0, 4)]).toEqual([0xff, 0xd8, 0xff, 0xe0]);
    expect(new TextDecoder().decode(jpeg.subarray(6, 10))).toBe("JFIF");
    expect([...jpeg.subarray(-2)]).toEqual([0xff, 0xd9]);
  });

  it("rejects bad quality and malformed images", () => {
    expect(() => encodeJpeg(pattern(2, 2), { quality: Number.NaN })).toThrow(RangeError);
    expect(() =>
      encodeJpeg({ width: 1, height: 1, data: new Uint8Array(3) }, { quality: 50 }),
    ).toThrow(RangeError);
  });
});
