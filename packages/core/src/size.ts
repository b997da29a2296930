import { InvalidSizeError, type SizeRule } from "./errors/invalid-size-error";

/** A concrete image size in pixels. */
export interface ImageDimensions {
  width: number;
  height: number;
}

/**
 * The free-size limits of `gpt-image-2` (FACTS §1): a pixel budget plus an edge cap, not a
 * 3840x2160 box, so 2160x3840 and 2880x2880 are valid too.
 */
export const SIZE_LIMITS = {
  multiple: 16,
  maxAspectRatio: 3,
  maxEdge: 3840,
  minPixels: 655_360,
  maxPixels: 8_294_400,
  /** Sizes with more pixels than 2560x1440 are accepted but experimental. */
  experimentalAbovePixels: 3_686_400,
} as const;

/** The outcome of checking a size string without throwing; the validator's fast path. */
export type SizeCheck =
  | { ok: true; value: ImageDimensions | "auto" }
  | { ok: false; rule: SizeRule; message: string; suggestions: string[] };

// No leading zeros, lower-case "x", nothing around it: exactly what formatSize prints, so
// every accepted string round-trips.
const SIZE_PATTERN = /^([1-9][0-9]{0,8})x([1-9][0-9]{0,8})$/;

function brokenRule({ width, height }: ImageDimensions): { rule: SizeRule; text: string } | null {
  const { multiple, maxAspectRatio, maxEdge, minPixels, maxPixels } = SIZE_LIMITS;
  if (width % multiple !== 0 || height % multiple !== 0) {
    return { rule: "multiple_of_16", text: "Width and height must both be divisible by 16." };
  }
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  if (long > short * maxAspectRatio) {
    return {
      rule: "aspect_ratio",
      text: "The aspect ratio must be between 1:3 and 3:1 (long edge at most 3 times the short edge).",
    };
  }
  if (long > maxEdge) {
    return { rule: "max_edge", text: `The long edge must be at most ${maxEdge} pixels.` };
  }
  const pixels = width * height;
  if (pixels < minPixels) {
    return {
      rule: "min_pixels",
      text: `The image must have at least ${minPixels.toLocaleString("en-US")} pixels (it has ${pixels.toLocaleString("en-US")}).`,
    };
  }
  if (pixels > maxPixels) {
    return {
      rule: "max_pixels",
      text: `The image must have at most ${maxPixels.toLocaleString("en-US")} pixels, 3840x2160 (it has ${pixels.toLocaleString("en-US")}).`,
    };
  }
  return null;
}

/** True when a concrete size meets every free-size rule. */
export function isValidFreeSize(size: ImageDimensions): boolean {
  return brokenRule(size) === null;
}

// The nearest sizes that meet every rule: each edge rounded to the multiples of 16 around it,
// then, if still out of bounds, scaled to fit. Ordered by distance from what was asked.
function suggest({ width, height }: ImageDimensions): string[] {
  const { multiple } = SIZE_LIMITS;
  const candidates = new Map<string, number>();
  const roundings = (edge: number) => {
    const down = Math.floor(edge / multiple) * multiple;
    return down === edge ? [edge] : [down, down + multiple];
  };
  const consider = (w: number, h: number) => {
    if (w <= 0 || h <= 0 || !isValidFreeSize({ width: w, height: h })) return;
    candidates.set(formatSize({ width: w, height: h }), Math.abs(w - width) + Math.abs(h - height));
  };
  for (const w of roundings(width)) for (const h of roundings(height)) consider(w, h);
  if (candidates.size === 0 && Number.isFinite(width * height) && width > 0 && height > 0) {
    // Keep the aspect ratio where possible and scale the pixel count into range.
    const ratio = Math.min(Math.max(width / height, 1 / 3), 3);
    const pixels = Math.min(Math.max(width * height, SIZE_LIMITS.minPixels), SIZE_LIMITS.maxPixels);
    let h = Math.sqrt(pixels / ratio);
    let w = h * ratio;
    const scale = Math.min(1, SIZE_LIMITS.maxEdge / Math.max(w, h));
    w *= scale;
    h *= scale;
    for (const cw of roundings(Math.round(w)))
      for (const ch of roundings(Math.round(h))) consider(cw, ch);
  }
  return [...candidates.entries()]
    .sort((a, b) => a[1] - b[1])
    .slice(0, 3)
    .map(([size]) => size);
}

// A size for a message. JavaScript callers may pass anything (a query parser's null-prototype
// object, a value whose toString throws); describing it must not throw a TypeError instead.
function shown(value: unknown): string {
  if (typeof value === "string") return value;
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
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
  const match = typeof text === "string" ? SIZE_PATTERN.exec(text) : null;
  if (!match) {
    return {
      ok: false,
      rule: "format",
      message: `Invalid size '${shown(text).slice(0, 40)}'. Use 'auto' or WIDTHxHEIGHT in pixels, for example 1536x864.`,
      suggestions: [],
    };
  }
  const size = { width: Number(match[1]), height: Number(match[2]) };
  const broken = brokenRule(size);
  if (broken) {
    // The message is the API's own wording (FACTS §1); suggestions travel separately so the
    // emulator can answer exactly as the API does.
    return {
      ok: false,
      rule: broken.rule,
      message: `Invalid size '${text}'. ${broken.text}`,
      suggestions: suggest(size),
    };
  }
  return { ok: true, value: size };
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
  const value = typeof size === "string" ? checkSize(size) : { ok: true as const, value: size };
  if (!value.ok || value.value === "auto") return false;
  return value.value.width * value.value.height > SIZE_LIMITS.experimentalAbovePixels;
}
