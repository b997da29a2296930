import { InvalidSizeError, type SizeRule } from "./errors/invalid-size-error";

/** A concrete image size in pixels. */
export interface ImageDimensions {
  width: number;
  height: number;
}

// The free-size numbers, as constants so the minifier writes them in place.
const MULTIPLE = 16;
const MAX_ASPECT_RATIO = 3;
const MAX_EDGE = 3840;
const MIN_PIXELS = 655_360;
const MAX_PIXELS = 8_294_400;
/** Sizes with more pixels than 2560x1440 are accepted but experimental. */
export const EXPERIMENTAL_ABOVE_PIXELS = 3_686_400;

/**
 * The free-size limits of `gpt-image-2` (FACTS §1): a pixel budget plus an edge cap, not a
 * 3840x2160 box, so 2160x3840 and 2880x2880 are valid too.
 *
 * @example
 * ```ts
 * SIZE_LIMITS.maxEdge; // 3840
 * ```
 */
export const SIZE_LIMITS = {
  multiple: MULTIPLE,
  maxAspectRatio: MAX_ASPECT_RATIO,
  maxEdge: MAX_EDGE,
  minPixels: MIN_PIXELS,
  maxPixels: MAX_PIXELS,
  /** Sizes with more pixels than 2560x1440 are accepted but experimental. */
  experimentalAbovePixels: EXPERIMENTAL_ABOVE_PIXELS,
} as const;

/** The outcome of checking a size string without throwing; the validator's fast path. */
export type SizeCheck =
  | { ok: true; value: ImageDimensions | "auto" }
  | { ok: false; rule: SizeRule; message: string; suggestions: string[] };

// No leading zeros, lower-case "x", nothing around it: exactly what formatSize prints, so
// every accepted string round-trips.
const SIZE_PATTERN = /^([1-9]\d{0,8})x([1-9]\d{0,8})$/;

// The first free-size rule a size breaks and its wording (the messages quote SIZE_LIMITS).
function brokenRule(width: number, height: number): [SizeRule, string] | undefined {
  const long = Math.max(width, height);
  const pixels = width * height;
  return width % MULTIPLE || height % MULTIPLE
    ? ["multiple_of_16", "Width and height must both be divisible by 16."]
    : long > Math.min(width, height) * MAX_ASPECT_RATIO
      ? ["aspect_ratio", "The aspect ratio must be between 1:3 and 3:1."]
      : long > MAX_EDGE
        ? ["max_edge", `The long edge must be at most ${MAX_EDGE} pixels.`]
        : pixels < MIN_PIXELS || pixels > MAX_PIXELS
          ? [
              pixels < MIN_PIXELS ? "min_pixels" : "max_pixels",
              `The image must have 655360 to 8294400 pixels (it has ${pixels}).`,
            ]
          : undefined;
}

/** True when a concrete size meets every free-size rule. */
export function isValidFreeSize(size: ImageDimensions): boolean {
  return !brokenRule(size.width, size.height);
}

// The nearest sizes that meet every rule: each edge rounded to the multiples of 16 around it,
// then, if none of those is valid, the size scaled into bounds (aspect ratio kept where the
// rules allow) and rounded the same way. Ordered by distance from what was asked.
function suggest(width: number, height: number): string[] {
  const found: [distance: number, size: string][] = [];
  const roundings = (edge: number) => {
    const down = edge - (edge % MULTIPLE);
    return down === edge ? [edge] : [down, down + MULTIPLE];
  };
  const near = (w: number, h: number) => {
    for (const x of roundings(w)) {
      for (const y of roundings(h)) {
        if (!brokenRule(x, y))
          found.push([Math.abs(x - width) + Math.abs(y - height), `${x}x${y}`]);
      }
    }
  };
  near(width, height);
  if (found.length === 0) {
    const ratio = Math.min(Math.max(width / height, 1 / MAX_ASPECT_RATIO), MAX_ASPECT_RATIO);
    const pixels = Math.min(Math.max(width * height, MIN_PIXELS), MAX_PIXELS);
    const h = Math.sqrt(pixels / ratio);
    const scale = Math.min(1, MAX_EDGE / Math.max(h * ratio, h));
    near(Math.round(h * ratio * scale), Math.round(h * scale));
  }
  return found
    .sort((a, b) => a[0] - b[0])
    .slice(0, 3)
    .map((c) => c[1]);
}

// A size for a message. JavaScript callers may pass anything (a query parser's null-prototype
// object, a value whose toString throws); describing it must not throw a TypeError instead,
// so what cannot be printed is named by its type.
function shown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return typeof value;
  }
}

/**
 * Checks a size string against the free-size rules without throwing.
 *
 * @example
 * ```ts
 * checkSize("1536x864"); // { ok: true, value: { width: 1536, height: 864 } }
 * checkSize("1024x512"); // { ok: false, rule: "min_pixels", ... }
 * ```
 */
export function checkSize(text: string): SizeCheck {
  if (text === "auto") return { ok: true, value: "auto" };
  const match = SIZE_PATTERN.exec(typeof text === "string" ? text : "");
  const width = Number(match?.[1]);
  const height = Number(match?.[2]);
  const broken: [SizeRule, string] | undefined = match
    ? brokenRule(width, height)
    : ["format", "Use 'auto' or WIDTHxHEIGHT, like 1536x864."];
  // The multiple-of-16 message is the API's own wording (FACTS §1); suggestions travel
  // separately so the emulator can answer exactly as the API does.
  return broken
    ? {
        ok: false,
        rule: broken[0],
        message: `Invalid size '${shown(text).slice(0, 40)}'. ${broken[1]}`,
        suggestions: match ? suggest(width, height) : [],
      }
    : { ok: true, value: { width, height } };
}

/**
 * Parses `"WIDTHxHEIGHT"` or `"auto"` under the free-size rules of `gpt-image-2`: both edges
 * multiples of 16, aspect ratio within 1:3..3:1, long edge at most 3840, and 655,360 to
 * 8,294,400 pixels. Throws `InvalidSizeError` naming the broken rule and the nearest valid
 * sizes.
 *
 * @example
 * ```ts
 * parseSize("2160x3840"); // { width: 2160, height: 3840 }
 * parseSize("auto");      // "auto"
 * parseSize("1792x936");  // throws InvalidSizeError (rule "multiple_of_16")
 * ```
 */
export function parseSize(text: string): ImageDimensions | "auto" {
  const result = checkSize(text);
  if (result.ok) return result.value;
  const hint =
    result.suggestions.length > 0 ? ` Nearest valid sizes: ${result.suggestions.join(", ")}.` : "";
  throw new InvalidSizeError({
    size: shown(text),
    rule: result.rule,
    message: result.message + hint,
    suggestions: result.suggestions,
  });
}

/**
 * The inverse of `parseSize`.
 *
 * @example
 * ```ts
 * formatSize({ width: 1536, height: 864 }); // "1536x864"
 * ```
 */
export function formatSize(size: ImageDimensions | "auto"): string {
  return size === "auto" ? "auto" : `${size.width}x${size.height}`;
}

/**
 * True for sizes above 2560x1440 pixels, which the API accepts but calls experimental.
 *
 * @example
 * ```ts
 * isExperimentalSize("3840x2160"); // true
 * isExperimentalSize({ width: 2560, height: 1440 }); // false
 * ```
 */
export function isExperimentalSize(size: ImageDimensions | string): boolean {
  const check = typeof size === "string" ? checkSize(size) : { ok: true, value: size };
  return (
    check.ok &&
    check.value !== "auto" &&
    check.value.width * check.value.height > EXPERIMENTAL_ABOVE_PIXELS
  );
}
