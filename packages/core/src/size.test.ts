import { describe, expect, it } from "vitest";
import { EaselError } from "./errors/easel-error";
import { InvalidSizeError, type SizeRule } from "./errors/invalid-size-error";
import {
  checkSize,
  formatSize,
  isExperimentalSize,
  isValidFreeSize,
  parseSize,
  SIZE_LIMITS,
} from "./size";

/** Runs `fn` and returns what it threw; fails the test when it does not throw. */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected a throw");
}

function dims(size: string): { width: number; height: number } {
  const [width, height] = size.split("x").map(Number);
  return { width: width!, height: height! };
}

describe("SIZE_LIMITS", () => {
  it("holds the free-size numbers of FACTS §1", () => {
    expect(SIZE_LIMITS).toEqual({
      multiple: 16,
      maxAspectRatio: 3,
      maxEdge: 3840,
      minPixels: 655_360,
      maxPixels: 8_294_400,
      experimentalAbovePixels: 2560 * 1440,
    });
    expect(SIZE_LIMITS.maxPixels).toBe(3840 * 2160);
  });
});

describe("parseSize accepts sizes that meet every rule, bounds included", () => {
  it.each([
    ["1536x864", "the spec's example"],
    ["1024x1024", "a named GPT size"],
    ["1536x1024", "a named GPT size"],
    ["1024x1536", "a named GPT size"],
    ["1792x1024", "a dall-e-3 size that also meets the free rules"],
    ["1440x480", "aspect ratio exactly 3:1"],
    ["480x1440", "aspect ratio exactly 1:3"],
    ["3840x1280", "long edge exactly 3840 (and 3:1)"],
    ["1280x3840", "long edge exactly 3840, portrait"],
    ["1024x640", "exactly 655,360 pixels"],
    ["640x1024", "exactly 655,360 pixels, portrait"],
    ["1280x512", "exactly 655,360 pixels at 2.5:1"],
    ["3840x2160", "exactly 8,294,400 pixels, landscape"],
    ["2160x3840", "exactly 8,294,400 pixels, portrait"],
    ["2880x2880", "exactly 8,294,400 pixels, square"],
    ["2560x1440", "the experimental threshold"],
  ])("%s (%s)", (size) => {
    const parsed = parseSize(size);
    expect(parsed).toEqual(dims(size));
    expect(formatSize(parsed)).toBe(size);
    expect(checkSize(size)).toEqual({ ok: true, value: dims(size) });
    expect(isValidFreeSize(dims(size))).toBe(true);
  });

  it("accepts 'auto'", () => {
    expect(parseSize("auto")).toBe("auto");
    expect(checkSize("auto")).toEqual({ ok: true, value: "auto" });
    expect(formatSize("auto")).toBe("auto");
  });
});

// One step (16 px) past each bound, with the exact message the validator passes on.
const RULE_CASES: { size: string; rule: SizeRule; message: string }[] = [
  {
    size: "1792x936",
    rule: "multiple_of_16",
    message: "Invalid size '1792x936'. Width and height must both be divisible by 16.",
  },
  {
    size: "1536x872",
    rule: "multiple_of_16",
    message: "Invalid size '1536x872'. Width and height must both be divisible by 16.",
  },
  {
    size: "1544x864",
    rule: "multiple_of_16",
    message: "Invalid size '1544x864'. Width and height must both be divisible by 16.",
  },
  {
    size: "1456x480",
    rule: "aspect_ratio",
    message: "Invalid size '1456x480'. The aspect ratio must be between 1:3 and 3:1.",
  },
  {
    size: "480x1456",
    rule: "aspect_ratio",
    message: "Invalid size '480x1456'. The aspect ratio must be between 1:3 and 3:1.",
  },
  {
    size: "3856x1296",
    rule: "max_edge",
    message: "Invalid size '3856x1296'. The long edge must be at most 3840 pixels.",
  },
  {
    size: "1296x3856",
    rule: "max_edge",
    message: "Invalid size '1296x3856'. The long edge must be at most 3840 pixels.",
  },
  {
    size: "1024x624",
    rule: "min_pixels",
    message:
      "Invalid size '1024x624'. The image must have 655360 to 8294400 pixels (it has 638976).",
  },
  {
    size: "1008x640",
    rule: "min_pixels",
    message:
      "Invalid size '1008x640'. The image must have 655360 to 8294400 pixels (it has 645120).",
  },
  {
    size: "1024x512",
    rule: "min_pixels",
    message:
      "Invalid size '1024x512'. The image must have 655360 to 8294400 pixels (it has 524288).",
  },
  {
    size: "3840x2176",
    rule: "max_pixels",
    message:
      "Invalid size '3840x2176'. The image must have 655360 to 8294400 pixels (it has 8355840).",
  },
  {
    size: "2176x3840",
    rule: "max_pixels",
    message:
      "Invalid size '2176x3840'. The image must have 655360 to 8294400 pixels (it has 8355840).",
  },
  {
    size: "2896x2880",
    rule: "max_pixels",
    message:
      "Invalid size '2896x2880'. The image must have 655360 to 8294400 pixels (it has 8340480).",
  },
  {
    size: "2880x2896",
    rule: "max_pixels",
    message:
      "Invalid size '2880x2896'. The image must have 655360 to 8294400 pixels (it has 8340480).",
  },
];

describe("parseSize rejects one step past each bound", () => {
  it.each(RULE_CASES)("$size breaks $rule", ({ size, rule, message }) => {
    const check = checkSize(size);
    expect(check).toMatchObject({ ok: false, rule, message });
    expect(isValidFreeSize(dims(size))).toBe(false);

    const error = thrown(() => parseSize(size));
    expect(InvalidSizeError.isInstance(error)).toBe(true);
    expect(EaselError.isInstance(error)).toBe(true);
    expect(error).toBeInstanceOf(InvalidSizeError);
    expect(error).toBeInstanceOf(EaselError);
    expect(error).toBeInstanceOf(Error);
    const sizeError = error as InvalidSizeError;
    expect(sizeError.name).toBe("InvalidSizeError");
    expect(sizeError.rule).toBe(rule);
    expect(sizeError.size).toBe(size);
    expect(sizeError.isRetryable).toBe(false);
    expect(sizeError.suggestions).toEqual(check.ok ? [] : check.suggestions);
    expect(sizeError.suggestions.length).toBeGreaterThan(0);
    expect(sizeError.message).toBe(
      `${message} Nearest valid sizes: ${sizeError.suggestions.join(", ")}.`,
    );
  });
});

describe("parseSize rejects anything that is not exactly WIDTHxHEIGHT", () => {
  it.each([
    ["", "empty"],
    [" 1024x1024", "leading space"],
    ["1024x1024 ", "trailing space"],
    ["1024 x 1024", "spaces around x"],
    ["1024x1024\n", "trailing newline"],
    ["\t1024x1024", "leading tab"],
    ["1024X1024", "upper-case X"],
    ["1024×1024", "multiplication sign"],
    ["1024*1024", "asterisk"],
    ["1024,1024", "comma"],
    ["01024x1024", "leading zero in width"],
    ["1024x01024", "leading zero in height"],
    ["0x0", "zero edges"],
    ["0x1024", "zero width"],
    ["+1024x1024", "plus sign"],
    ["-1024x1024", "minus sign"],
    ["1024x-1024", "negative height"],
    ["1024.0x1024", "decimal width"],
    ["1024x1024.5", "decimal height"],
    ["1e3x1024", "exponent"],
    ["0x400x1024", "hex-looking"],
    ["１０２４x１０２４", "full-width digits"],
    ["١٠٢٤x١٠٢٤", "Arabic-Indic digits"],
    ["𝟏𝟎𝟐𝟒x𝟏𝟎𝟐𝟒", "mathematical bold digits (astral plane)"],
    ["1024x", "no height"],
    ["x1024", "no width"],
    ["1024", "one number"],
    ["1024x1024x1", "three numbers"],
    ["1234567890x16", "ten digits"],
    ["AUTO", "upper-case auto"],
    ["Auto", "capitalised auto"],
    [" auto", "auto with a space"],
    ["auto ", "auto with a trailing space"],
    ["large", "a word"],
  ])("%j (%s)", (size) => {
    const message = `Invalid size '${size.slice(0, 40)}'. Use 'auto' or WIDTHxHEIGHT, like 1536x864.`;
    expect(checkSize(size)).toEqual({ ok: false, rule: "format", message, suggestions: [] });
    const error = thrown(() => parseSize(size));
    expect(InvalidSizeError.isInstance(error)).toBe(true);
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as InvalidSizeError).rule).toBe("format");
    expect((error as InvalidSizeError).suggestions).toEqual([]);
    expect((error as InvalidSizeError).message).toBe(message);
  });

  it("caps the echoed input at 40 characters", () => {
    const long = "9".repeat(10_000);
    const check = checkSize(long);
    expect(check.ok).toBe(false);
    expect(check.ok ? "" : check.message).toBe(
      `Invalid size '${"9".repeat(40)}'. Use 'auto' or WIDTHxHEIGHT, like 1536x864.`,
    );
  });
});

describe("isInstance", () => {
  it("tells easel errors from others", () => {
    expect(EaselError.isInstance(new Error("x"))).toBe(false);
    expect(EaselError.isInstance(null)).toBe(false);
    expect(EaselError.isInstance("InvalidSizeError")).toBe(false);
    expect(EaselError.isInstance({ name: "InvalidSizeError", rule: "format" })).toBe(false);
    expect(InvalidSizeError.isInstance(new EaselError("x"))).toBe(false);
    expect(EaselError.isInstance(new EaselError("x"))).toBe(true);
  });
});

function l1(size: string, from: { width: number; height: number }): number {
  const { width, height } = dims(size);
  return Math.abs(width - from.width) + Math.abs(height - from.height);
}

describe("suggestions are valid and near", () => {
  it.each([
    { size: "1792x936", expected: ["1792x928", "1792x944"] },
    { size: "1536x872", expected: ["1536x864", "1536x880"] },
    { size: "1456x480", expected: ["1440x480", "1456x496", "1440x496"] },
    { size: "3856x1296", expected: ["3840x1296", "3840x1280"] },
    { size: "1024x624", expected: ["1024x640", "1040x640"] },
    { size: "3840x2176", expected: ["3840x2160", "3824x2160"] },
    { size: "2896x2880", expected: ["2880x2880", "2896x2864", "2880x2864"] },
  ])("$size: every suggestion is one 16 px step away at most", ({ size, expected }) => {
    const asked = dims(size);
    const error = thrown(() => parseSize(size)) as InvalidSizeError;
    expect(error.suggestions).toEqual(expected);
    for (const suggestion of error.suggestions) {
      expect(checkSize(suggestion).ok).toBe(true);
      const { width, height } = dims(suggestion);
      expect(Math.abs(width - asked.width)).toBeLessThanOrEqual(16);
      expect(Math.abs(height - asked.height)).toBeLessThanOrEqual(16);
    }
  });

  it.each([
    { size: "1024x512", ratio: 2 },
    { size: "16x16", ratio: 1 },
    { size: "100000x100000", ratio: 1 },
    { size: "4000x1000", ratio: 3 },
    { size: "16x48000", ratio: 1 / 3 },
    { size: "999999999x999999999", ratio: 1 },
  ])(
    "$size: far out of range, suggestions keep the aspect ratio as far as the rules allow",
    ({ size, ratio }) => {
      const check = checkSize(size);
      expect(check.ok).toBe(false);
      const suggestions = check.ok ? [] : check.suggestions;
      expect(suggestions.length).toBeGreaterThan(0);
      expect(suggestions.length).toBeLessThanOrEqual(3);
      expect(new Set(suggestions).size).toBe(suggestions.length);
      for (const suggestion of suggestions) {
        expect(checkSize(suggestion).ok).toBe(true);
        const { width, height } = dims(suggestion);
        expect(Math.abs(width / height - ratio)).toBeLessThan(0.1 * Math.max(ratio, 1));
      }
    },
  );

  it("1024x512 (too small, 2:1) suggests the smallest 2:1 size that is allowed", () => {
    expect(checkSize("1024x512")).toMatchObject({ ok: false, suggestions: ["1152x576"] });
  });

  it.each(RULE_CASES)("$size: suggestions are sorted nearest first", ({ size }) => {
    const check = checkSize(size);
    const suggestions = check.ok ? [] : check.suggestions;
    const distances = suggestions.map((s) => l1(s, dims(size)));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
  });
});

describe("formatSize", () => {
  it.each([
    [{ width: 1536, height: 864 }, "1536x864"],
    [{ width: 2160, height: 3840 }, "2160x3840"],
    ["auto" as const, "auto"],
  ])("formats %j as %s and parses back", (size, text) => {
    expect(formatSize(size)).toBe(text);
    expect(parseSize(text)).toEqual(size);
  });
});

describe("isExperimentalSize (above 2560x1440 = 3,686,400 px)", () => {
  it.each([
    ["2560x1440", false],
    ["1920x1920", false],
    ["2880x1280", false],
    ["1536x864", false],
    ["2576x1440", true],
    ["2560x1456", true],
    ["1936x1920", true],
    ["3840x2160", true],
    ["2160x3840", true],
    ["2880x2880", true],
    ["auto", false],
    ["not a size", false],
    ["3856x2160", false],
  ])("%s -> %s", (size, experimental) => {
    expect(isExperimentalSize(size)).toBe(experimental);
  });

  it("takes dimensions too", () => {
    expect(isExperimentalSize({ width: 2560, height: 1440 })).toBe(false);
    expect(isExperimentalSize({ width: 2576, height: 1440 })).toBe(true);
  });
});
