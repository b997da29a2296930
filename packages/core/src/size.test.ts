import { describe, expect, it } from "vitest";
import { InvalidSizeError } from "./errors/invalid-size-error";
import { formatSize, parseSize } from "./size";

describe("parseSize", () => {
  it("parses WIDTHxHEIGHT and round-trips", () => {
    expect(parseSize("2160x3840")).toEqual({ width: 2160, height: 3840 });
    expect(formatSize(parseSize("2880x2880"))).toBe("2880x2880");
  });

  it("names the broken rule and suggests the nearest valid sizes", () => {
    const error = (() => {
      try {
        parseSize("1792x936");
      } catch (e) {
        return e;
      }
    })();
    expect(InvalidSizeError.isInstance(error)).toBe(true);
    expect((error as InvalidSizeError).rule).toBe("multiple_of_16");
    expect((error as InvalidSizeError).suggestions).toEqual(["1792x928", "1792x944"]);
  });
});
