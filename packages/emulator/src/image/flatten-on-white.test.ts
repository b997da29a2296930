import { describe, expect, it } from "vitest";
import { flattenOnWhite } from "./flatten-on-white";

describe("flattenOnWhite", () => {
  it("returns opaque images unchanged, without copying", () => {
    const image = { width: 1, height: 2, data: Uint8Array.of(1, 2, 3, 255, 4, 5, 6, 255) };
    expect(flattenOnWhite(image)).toBe(image);
  });

  it("composites straight alpha over white", () => {
    const image = {
      width: 3,
      height: 1,
      data: Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 128, 10, 20, 30, 255),
    };
    const flat = flattenOnWhite(image);
    expect([...flat.data]).toEqual([255, 255, 255, 255, 127, 127, 127, 255, 10, 20, 30, 255]);
    expect([...image.data.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
  });
});
