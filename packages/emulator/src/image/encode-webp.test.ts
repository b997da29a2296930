import { describe, expect, it } from "vitest";
import { encodeWebp } from "./encode-webp";
import {
  countMismatches,
  decode,
  pattern,
  SIZES,
  sameBytes,
  transparentPixels,
} from "./test-support";

describe("encodeWebp", () => {
  describe.each(SIZES)("at %ix%i", (width, height) => {
    it("decodes losslessly without alpha", async () => {
      const image = pattern(width, height);
      const decoded = await decode(encodeWebp(image, { alpha: false }));
      expect(decoded).toMatchObject({ format: "webp", width, height, channels: 3 });
      expect(countMismatches(image, decoded)).toBe(0);
    });

    it("decodes losslessly with a real alpha channel", async () => {
      const image = pattern(width, height, true);
      const decoded = await decode(encodeWebp(image, { alpha: true }));
      expect(decoded).toMatchObject({ format: "webp", width, height, channels: 4, hasAlpha: true });
      expect(countMismatches(image, decoded)).toBe(0);
      if (width * height > 64) expect(transparentPixels(decoded)).toBeGreaterThan(0);
    });
  });

  it("is lossless on the fast path (quality < 50) too", async () => {
    for (const transparent of [false, true]) {
      const image = pattern(1536, 1024, transparent);
      const decoded = await decode(encodeWebp(image, { alpha: transparent, quality: 10 }));
      expect(countMismatches(image, decoded)).toBe(0);
    }
  });

  it("is lossless on partial images, whose runs use backward references", async () => {
    const image = pattern(1024, 1024, false, undefined, 0.3);
    const webp = encodeWebp(image, { alpha: false });
    expect(webp.length).toBeLessThan(20_000);
    expect(countMismatches(image, await decode(webp))).toBe(0);
  });

  it("survives noise, flat images and extreme colours", async () => {
    const width = 97;
    const height = 31;
    let state = 12345;
    const noise = new Uint8Array(width * height * 4).map(() => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state >>> 24;
    });
    const flat = new Uint8Array(width * height * 4).fill(255);
    const stripes = new Uint8Array(width * height * 4).map((_, i) =>
      (i >> 2) % 3 === 0 ? 255 : 0,
    );
    for (const data of [noise, flat, stripes]) {
      const image = { width, height, data };
      const decoded = await decode(encodeWebp(image, { alpha: true }));
      expect(countMismatches(image, decoded)).toBe(0);
    }
  });

  it("writes a RIFF/WEBP container with a VP8L chunk of the right length", () => {
    const webp = encodeWebp(pattern(17, 9), { alpha: false });
    const view = new DataView(webp.buffer, webp.byteOffset, webp.byteLength);
    const text = (start: number, end: number) =>
      new TextDecoder().decode(webp.subarray(start, end));
    expect(text(0, 4)).toBe("RIFF");
    expect(view.getUint32(4, true)).toBe(webp.length - 8);
    expect(text(8, 16)).toBe("WEBPVP8L");
    expect(webp.length % 2).toBe(0);
    expect(webp[20]).toBe(0x2f);
  });

  it("is deterministic, and different seeds give different files", () => {
    const a = encodeWebp(pattern(200, 100), { alpha: true });
    const b = encodeWebp(pattern(200, 100), { alpha: true });
    const c = encodeWebp(pattern(200, 100, false, "another prompt"), { alpha: true });
    expect(sameBytes(a, b)).toBe(true);
    expect(sameBytes(a, c)).toBe(false);
  });

  it("rejects oversized images and bad quality", () => {
    expect(() =>
      encodeWebp({ width: 16385, height: 1, data: new Uint8Array(16385 * 4) }, { alpha: false }),
    ).toThrow(RangeError);
    expect(() => encodeWebp(pattern(2, 2), { alpha: false, quality: 101 })).toThrow(RangeError);
  });
});
