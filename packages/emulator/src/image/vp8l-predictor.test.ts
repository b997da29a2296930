import { describe, expect, it } from "vitest";
import { applyPredictor } from "./vp8l-predictor";

describe("applyPredictor", () => {
  it("predicts the first row from the left and the first pixel from opaque black", () => {
    const argb = Uint32Array.of(0xff102030, 0xff112131);
    const modes = applyPredictor(argb, 2, 1, false);
    expect(modes).toMatchObject({ bits: 4, width: 1, height: 1 });
    expect([...modes.pixels]).toEqual([0xff000b00]);
    expect([...argb]).toEqual([0x00102030, 0x00010101]);
  });

  it("picks a mode per block that zeroes smooth gradients", () => {
    // A horizontal ramp repeats down each column, so Top (mode 2) predicts it exactly.
    const width = 40;
    const height = 20;
    const argb = new Uint32Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) argb[y * width + x] = (0xff000000 | ((x * 5) << 16)) >>> 0;
    }
    applyPredictor(argb, width, height, true);
    let nonZero = 0;
    for (let i = width; i < argb.length; i++) if (argb[i] !== 0) nonZero++;
    expect(nonZero).toBe(0);
  });
});
