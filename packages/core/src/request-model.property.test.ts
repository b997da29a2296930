import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InvalidSizeError } from "./errors/invalid-size-error";
import {
  BACKGROUNDS,
  IMAGE_MODELS,
  IMAGE_PARAM_NAMES,
  MODERATIONS,
  NAMED_SIZES,
  OUTPUT_FORMATS,
  QUALITIES,
  RESPONSE_FORMATS,
  STYLES,
} from "./image-params";
import { ImageGenerateParamsSchema } from "./request-schema";
import { checkSize, formatSize, isValidFreeSize, parseSize } from "./size";
import { type ValidationResult, validateImageRequest } from "./validate-image-request";

const RUNS = { numRuns: 1000 };
const NOW = new Date("2026-01-01T00:00:00Z");

// The free-size rules of FACTS §1, recomputed here with literal numbers (not SIZE_LIMITS).
function meetsRules(width: number, height: number): boolean {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  const pixels = width * height;
  return (
    width % 16 === 0 &&
    height % 16 === 0 &&
    long <= 3 * short &&
    long <= 3840 &&
    pixels >= 655_360 &&
    pixels <= 8_294_400
  );
}

/** A positive decimal integer written the canonical way (no sign, zeros, spaces, exponent). */
function canonicalInt(text: string): number | undefined {
  const value = Number(text);
  return Number.isSafeInteger(value) && value > 0 && String(value) === text ? value : undefined;
}

/** What the size parser should accept, decided independently of its regex. */
function independentlyAccepted(text: string): boolean {
  if (text === "auto") return true;
  const parts = text.split("x");
  if (parts.length !== 2) return false;
  const width = canonicalInt(parts[0]!);
  const height = canonicalInt(parts[1]!);
  return width !== undefined && height !== undefined && meetsRules(width, height);
}

const ruleIsBroken: Record<string, (w: number, h: number) => boolean> = {
  multiple_of_16: (w, h) => w % 16 !== 0 || h % 16 !== 0,
  aspect_ratio: (w, h) => Math.max(w, h) > 3 * Math.min(w, h),
  max_edge: (w, h) => Math.max(w, h) > 3840,
  min_pixels: (w, h) => w * h < 655_360,
  max_pixels: (w, h) => w * h > 8_294_400,
};

const edge = fc.integer({ min: 1, max: 6000 });
const step = fc.integer({ min: 1, max: 300 }).map((n) => n * 16);
const wxh = (w: fc.Arbitrary<number>, h: fc.Arbitrary<number>) =>
  fc.tuple(w, h).map(([width, height]) => `${width}x${height}`);

/** Strings that look like sizes often enough to reach every branch of the parser. */
const sizeLike = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom(...NAMED_SIZES, "AUTO", "", " 1024x1024", "1024X1024", "01024x1024"),
  wxh(edge, edge),
  wxh(step, step),
  wxh(fc.integer(), fc.integer()),
  fc
    .tuple(step, step, fc.constantFrom("", " ", "0", "+", "-", ".0", "\n"))
    .map(([w, h, noise]) =>
      noise === "0" || noise === "+" ? `${noise}${w}x${h}` : `${w}x${h}${noise}`,
    ),
);

function expectWellFormed(result: ValidationResult): void {
  expect(typeof result.ok).toBe("boolean");
  expect(Array.isArray(result.warnings)).toBe(true);
  for (const warning of result.warnings) {
    expect(typeof warning.code).toBe("string");
    expect(typeof warning.message).toBe("string");
  }
  if (result.ok) {
    expect("issues" in result).toBe(false);
    expect(typeof result.model).toBe("string");
    for (const [key, value] of Object.entries(result.request)) {
      expect(IMAGE_PARAM_NAMES).toContain(key);
      expect(value).not.toBeNull();
      expect(value).not.toBeUndefined();
    }
    // Whatever the validator lets through also has the request body's shape.
    expect(ImageGenerateParamsSchema.safeParse(result.request).success).toBe(true);
  } else {
    expect(result.issues.length).toBeGreaterThan(0);
    for (const issue of result.issues) {
      expect(typeof issue.code).toBe("string");
      expect(issue.code.length).toBeGreaterThan(0);
      expect(typeof issue.message).toBe("string");
      expect(issue.message.length).toBeGreaterThan(0);
      expect(issue.param === null || typeof issue.param === "string").toBe(true);
      expect(["invalid_request_error", "image_generation_user_error"]).toContain(issue.type);
    }
  }
}

describe("size parser properties", () => {
  it("accepts exactly the strings an independent reading of the rules accepts, and round-trips them", () => {
    fc.assert(
      fc.property(sizeLike, (text) => {
        const check = checkSize(text);
        expect(check.ok).toBe(independentlyAccepted(text));
        if (!check.ok) return;
        const parsed = parseSize(text);
        expect(parsed).toEqual(check.value);
        expect(formatSize(parsed)).toBe(text);
        if (parsed !== "auto") {
          expect(meetsRules(parsed.width, parsed.height)).toBe(true);
          expect(isValidFreeSize(parsed)).toBe(true);
        }
      }),
      RUNS,
    );
  });

  it("accepts every WxH that meets the rules", () => {
    const valid = fc
      .tuple(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 1, max: 240 }))
      .map(([a, b]) => ({ width: a * 16, height: b * 16 }))
      .filter(({ width, height }) => meetsRules(width, height));
    fc.assert(
      fc.property(valid, (size) => {
        const text = formatSize(size);
        expect(parseSize(text)).toEqual(size);
        expect(isValidFreeSize(size)).toBe(true);
        const result = validateImageRequest(
          { model: "gpt-image-2", prompt: "a fox", size: text },
          { now: NOW },
        );
        expect(result.ok).toBe(true);
        const experimental = size.width * size.height > 2560 * 1440;
        expect(result.warnings.map((w) => w.code)).toEqual(
          experimental ? ["experimental_size"] : [],
        );
      }),
      RUNS,
    );
  });

  it("names a rule the size really breaks, and suggests only valid sizes", () => {
    fc.assert(
      fc.property(edge, edge, (width, height) => {
        fc.pre(!meetsRules(width, height));
        const text = `${width}x${height}`;
        const check = checkSize(text);
        expect(check.ok).toBe(false);
        if (check.ok) return;
        expect(ruleIsBroken[check.rule]?.(width, height)).toBe(true);
        expect(check.suggestions.length).toBeLessThanOrEqual(3);
        expect(new Set(check.suggestions).size).toBe(check.suggestions.length);
        for (const suggestion of check.suggestions) {
          expect(independentlyAccepted(suggestion)).toBe(true);
          expect(suggestion).not.toBe("auto");
        }
        let error: unknown;
        try {
          parseSize(text);
        } catch (e) {
          error = e;
        }
        expect(InvalidSizeError.isInstance(error)).toBe(true);
        expect((error as InvalidSizeError).rule).toBe(check.rule);
        expect((error as InvalidSizeError).suggestions).toEqual(check.suggestions);
      }),
      RUNS,
    );
  });

  it("checkSize never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: "binary" }), sizeLike), (text) => {
        const check = checkSize(text);
        expect(typeof check.ok).toBe("boolean");
        if (!check.ok) {
          expect(typeof check.message).toBe("string");
          expect(check.message.length).toBeLessThan(250);
        }
      }),
      RUNS,
    );
  });
});

/** Values a parameter might plausibly get, good and bad, plus anything at all. */
const paramValue = fc.oneof(
  fc.constantFrom(
    ...IMAGE_MODELS,
    ...QUALITIES,
    ...STYLES,
    ...BACKGROUNDS,
    ...MODERATIONS,
    ...OUTPUT_FORMATS,
    ...RESPONSE_FORMATS,
    ...NAMED_SIZES,
    "1536x864",
    "3840x2160",
    "1792x936",
    "gpt-image-9",
    "",
  ),
  fc.integer({ min: -2, max: 102 }),
  fc.boolean(),
  fc.constant(null),
  fc.string(),
  sizeLike,
  fc.jsonValue(),
  fc.anything(),
);

const paramObject = fc
  .tuple(
    fc.record(
      Object.fromEntries(IMAGE_PARAM_NAMES.map((name) => [name, paramValue])) as Record<
        string,
        typeof paramValue
      >,
      { requiredKeys: [] },
    ),
    fc.option(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 2 }), { freq: 4 }),
  )
  .map(([known, extra]) => ({ ...(extra ?? {}), ...known }));

describe("validateImageRequest properties", () => {
  it("returns a well-formed result for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expectWellFormed(validateImageRequest(value, { now: NOW }));
      }),
      RUNS,
    );
  });

  it("returns a well-formed result for anything at all", () => {
    const anything = fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expectWellFormed(validateImageRequest(value, { now: NOW }));
      }),
      RUNS,
    );
  });

  it("returns a well-formed result for objects built from the parameter names", () => {
    fc.assert(
      fc.property(paramObject, (params) => {
        const result = validateImageRequest(params, { now: NOW });
        expectWellFormed(result);
        if (!result.ok) {
          for (const issue of result.issues) {
            // Every issue is about a parameter that was sent, or the missing prompt.
            if (issue.param !== null) {
              expect([...Object.keys(params), "prompt"]).toContain(issue.param);
            }
          }
        }
        // Validation is a pure function of the body.
        expect(validateImageRequest(params, { now: NOW })).toEqual(result);
      }),
      RUNS,
    );
  });

  it("accepts every request built only from values the model allows", () => {
    const validSize = fc
      .tuple(fc.integer({ min: 1, max: 240 }), fc.integer({ min: 1, max: 240 }))
      .map(([a, b]) => [a * 16, b * 16] as const)
      .filter(([w, h]) => meetsRules(w, h))
      .map(([w, h]) => `${w}x${h}`);
    const common = {
      prompt: fc.string({ minLength: 1, maxLength: 300 }),
      n: fc.integer({ min: 1, max: 10 }),
      quality: fc.constantFrom("low", "medium", "high", "auto"),
      output_format: fc.constantFrom(...OUTPUT_FORMATS),
      output_compression: fc.integer({ min: 0, max: 100 }),
      background: fc.constantFrom("opaque", "auto"),
      moderation: fc.constantFrom(...MODERATIONS),
      stream: fc.boolean(),
      partial_images: fc.integer({ min: 0, max: 3 }),
      user: fc.string(),
    };
    const request = fc.oneof(
      fc.record(
        {
          model: fc.constantFrom("gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"),
          size: fc.constantFrom("auto", "1024x1024", "1536x1024", "1024x1536"),
          ...common,
        },
        { requiredKeys: ["model", "prompt"] },
      ),
      fc.record(
        {
          model: fc.constantFrom("gpt-image-2", "gpt-image-2-2026-04-21"),
          size: fc.oneof(validSize, fc.constant("auto")),
          ...common,
        },
        { requiredKeys: ["model", "prompt"] },
      ),
      fc.record(
        {
          model: fc.constant("dall-e-3"),
          prompt: fc.string({ minLength: 1, maxLength: 4000 }),
          n: fc.constant(1),
          quality: fc.constantFrom("standard", "hd", "auto"),
          size: fc.constantFrom("1024x1024", "1792x1024", "1024x1792"),
          style: fc.constantFrom(...STYLES),
          response_format: fc.constantFrom(...RESPONSE_FORMATS),
          user: fc.string(),
        },
        { requiredKeys: ["model", "prompt"] },
      ),
    );
    fc.assert(
      fc.property(request, (params) => {
        const result = validateImageRequest(params, { now: NOW });
        expect(result.ok ? [] : result.issues).toEqual([]);
        expect(result.ok && result.model).toBe(params.model);
        expect(result.ok && result.request).toEqual(params);
      }),
      RUNS,
    );
  });
});
