import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";
import { renderPattern } from "./render-pattern";
import type { RgbaImage } from "./rgba-image";
import { sameBytes } from "./test-support";

const seed = "a watercolor fox in the snow";
const render = (over: Partial<Parameters<typeof renderPattern>[0]> = {}) =>
  renderPattern({ seed, width: 256, height: 192, transparent: false, progress: 1, ...over });

function luma(image: RgbaImage): Float64Array {
  const out = new Float64Array(image.width * image.height);
  for (let p = 0; p < out.length; p++) {
    const o = p * 4;
    out[p] = 0.299 * image.data[o]! + 0.587 * image.data[o + 1]! + 0.114 * image.data[o + 2]!;
  }
  return out;
}

function correlation(a: Float64Array, b: Float64Array): number {
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < a.length; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= a.length;
  mb /= b.length;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < a.length; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return cov / Math.sqrt(va * vb);
}

describe("renderPattern", () => {
  it("returns RGBA of the requested size", () => {
    const image = render({ width: 17, height: 9 });
    expect(image.width).toBe(17);
    expect(image.height).toBe(9);
    expect(image.data.length).toBe(17 * 9 * 4);
  });

  it("is deterministic for a seed and differs between seeds", () => {
    expect(sameBytes(render().data, render().data)).toBe(true);
    expect(sameBytes(render().data, render({ seed: `${seed}!` }).data)).toBe(false);
  });

  it("matches golden checksums, so any runtime or refactor drift shows up", () => {
    const sum = (transparent: boolean, progress: number) =>
      crc32(render({ seed: "golden", width: 64, height: 48, transparent, progress }).data);
    expect(sum(false, 1)).toBe(0x8cf22339);
    expect(sum(true, 1)).toBe(0x30e9a2ca);
    expect(sum(false, 0.3)).toBe(0x1d475473);
  });

  it("is not a flat colour", () => {
    const image = render();
    const colours = new Set<number>();
    for (let o = 0; o < image.data.length; o += 4) {
      colours.add((image.data[o]! << 16) | (image.data[o + 1]! << 8) | image.data[o + 2]!);
    }
    expect(colours.size).toBeGreaterThan(1000);
  });

  it("is opaque everywhere unless transparent", () => {
    const image = render();
    for (let o = 3; o < image.data.length; o += 4) {
      if (image.data[o] !== 255) throw new Error(`alpha ${image.data[o]} at byte ${o}`);
    }
  });

  it("leaves the background at alpha 0 with opaque shapes when transparent", () => {
    const image = render({ transparent: true });
    let clear = 0;
    let solid = 0;
    for (let o = 3; o < image.data.length; o += 4) {
      if (image.data[o] === 0) clear++;
      else if (image.data[o] === 255) solid++;
    }
    const pixels = image.width * image.height;
    expect(clear / pixels).toBeGreaterThan(0.05);
    expect(solid / pixels).toBeGreaterThan(0.2);
  });

  it("draws the same shapes with and without a background", () => {
    const opaque = render();
    const clear = render({ transparent: true });
    let solid = 0;
    for (let o = 0; o < clear.data.length; o += 4) {
      if (clear.data[o + 3] !== 255) continue;
      solid++;
      for (let c = 0; c < 3; c++) expect(clear.data[o + c]).toBe(opaque.data[o + c]);
    }
    expect(solid).toBeGreaterThan(0);
  });

  it("keeps the composition when the size changes", () => {
    // Same seed at two sizes: downsampled luma should still correlate strongly.
    const small = render({ width: 128, height: 96 });
    const large = render({ width: 256, height: 192 });
    const down = new Float64Array(128 * 96);
    const l = luma(large);
    for (let y = 0; y < 96; y++) {
      for (let x = 0; x < 128; x++) down[y * 128 + x] = l[2 * y * 256 + 2 * x]!;
    }
    expect(correlation(luma(small), down)).toBeGreaterThan(0.8);
  });

  it("renders partials that differ from the final image but resemble it", () => {
    const final = luma(render());
    let previousError = Number.POSITIVE_INFINITY;
    for (const progress of [0, 0.3, 0.6, 0.9]) {
      const partial = luma(render({ progress }));
      let error = 0;
      for (let i = 0; i < final.length; i++) error += Math.abs(final[i]! - partial[i]!);
      error /= final.length;
      expect(error).toBeGreaterThan(0.5);
      expect(correlation(final, partial)).toBeGreaterThan(progress === 0 ? 0.3 : 0.6);
      // Later partials are closer to the final image.
      expect(error).toBeLessThan(previousError);
      previousError = error;
    }
  });

  it("pixelates partials into blocks and desaturates them", () => {
    const image = render({ progress: 0.3 });
    const final = render();
    // In blocks most pixels repeat their right-hand neighbour.
    const repeats = (img: RgbaImage) => {
      const px = new Uint32Array(img.data.buffer, img.data.byteOffset, img.width * img.height);
      let same = 0;
      for (let i = 1; i < px.length; i++) if (px[i] === px[i - 1]) same++;
      return same / px.length;
    };
    expect(repeats(image)).toBeGreaterThan(0.85);
    expect(repeats(image)).toBeGreaterThan(repeats(final) + 0.2);
    const saturation = (img: RgbaImage) => {
      let total = 0;
      for (let o = 0; o < img.data.length; o += 4) {
        const r = img.data[o]!;
        const g = img.data[o + 1]!;
        const b = img.data[o + 2]!;
        total += Math.max(r, g, b) - Math.min(r, g, b);
      }
      return total;
    };
    expect(saturation(image)).toBeLessThan(saturation(final) * 0.8);
  });

  it("clamps progress and rejects bad sizes", () => {
    expect(sameBytes(render({ progress: 2 }).data, render().data)).toBe(true);
    expect(() => render({ width: 0 })).toThrow(RangeError);
    expect(() => render({ height: 1.5 })).toThrow(RangeError);
    expect(() => render({ progress: Number.NaN })).toThrow(RangeError);
  });
});
