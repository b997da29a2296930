import {
  BACKGROUNDS,
  type Background,
  OUTPUT_FORMATS,
  type OutputFormat,
  type Quality,
  RESPONSE_FORMATS,
  type ResponseFormat,
  STYLES,
  type Style,
} from "./image-params";

/** USD per million tokens (FACTS §6). */
export interface TokenPrices {
  kind: "tokens";
  textInput: number;
  imageInput: number;
  imageOutput: number;
}

/** USD per image by quality and size (dall-e models, FACTS §6). */
export interface ImagePrices {
  kind: "per-image";
  perImage: Partial<Record<Quality, Partial<Record<string, number>>>>;
}

/** Everything easel knows about one model: its rules, lifecycle and prices. */
export interface ModelSpec {
  id: string;
  family: "dall-e" | "gpt-image";
  /**
   * Named sizes the model accepts (`auto` included where it is allowed), in the order the
   * API lists them in its errors.
   */
  sizes: readonly string[];
  /** Takes any `WIDTHxHEIGHT` meeting the free-size rules (`parseSize`). */
  freeSize: boolean;
  maxN: number;
  maxPromptChars: number;
  qualities: readonly Quality[];
  styles: readonly Style[];
  responseFormats: readonly ResponseFormat[];
  outputFormats: readonly OutputFormat[];
  backgrounds: readonly Background[];
  /** Accepts `moderation` and `output_compression`. */
  gptImageParams: boolean;
  streaming: boolean;
  maxPartialImages: number;
  /** ISO date from which the model no longer serves requests. */
  retiredOn?: string;
  replacement?: string;
  prices?: TokenPrices | ImagePrices;
}

/** The GPT image models' named sizes, in the order the API lists them. */
const GPT_SIZES: readonly string[] = ["1024x1024", "1024x1536", "1536x1024", "auto"];

/** USD per million tokens: text input, image input, image output (FACTS §6). */
const tokens = (textInput: number, imageInput: number, imageOutput: number): TokenPrices => ({
  kind: "tokens",
  textInput,
  imageInput,
  imageOutput,
});

/**
 * A row: a GPT image model unless `gpt` is false (the dall-e models: no GPT-only parameters,
 * no streaming, `url` or `b64_json` responses). `rules` overrides what differs.
 */
function row(id: string, gpt: boolean, rules: Partial<ModelSpec> = {}): ModelSpec {
  return {
    id,
    family: gpt ? "gpt-image" : "dall-e",
    sizes: GPT_SIZES,
    freeSize: false,
    maxN: 10,
    maxPromptChars: 32_000,
    qualities: ["low", "medium", "high", "auto"],
    styles: [],
    responseFormats: gpt ? [] : RESPONSE_FORMATS,
    outputFormats: gpt ? OUTPUT_FORMATS : [],
    backgrounds: gpt ? BACKGROUNDS : [],
    gptImageParams: gpt,
    streaming: gpt,
    maxPartialImages: gpt ? 3 : 0,
    ...rules,
  };
}

// gpt-image-2 cannot do transparent backgrounds (spec pages 000 and 004). A later API spec
// commit calls it "in preview"; FACTS §2 says reject by default, so the registry leaves it
// out and `validate: false` lets a caller try anyway.
const gptImage2: Partial<ModelSpec> = {
  freeSize: true,
  backgrounds: ["opaque", "auto"],
  prices: tokens(5, 8, 30),
};

/**
 * The model table. One row per model of the spec; `getModelSpec` reads it. A model string
 * not listed here is allowed and checked by the rules common to all models.
 *
 * @example
 * ```ts
 * MODEL_REGISTRY["gpt-image-2"].freeSize; // true
 * MODEL_REGISTRY["dall-e-3"].maxN;        // 1
 * ```
 */
export const MODEL_REGISTRY: Readonly<Record<string, ModelSpec>> = Object.fromEntries(
  [
    row("dall-e-2", false, {
      sizes: ["256x256", "512x512", "1024x1024"],
      maxPromptChars: 1000,
      qualities: ["standard", "auto"],
      retiredOn: "2026-05-12",
      replacement: "gpt-image-1-mini",
      prices: {
        kind: "per-image",
        perImage: { standard: { "256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02 } },
      },
    }),
    row("dall-e-3", false, {
      sizes: ["1024x1024", "1024x1792", "1792x1024"],
      maxN: 1,
      maxPromptChars: 4000,
      qualities: ["standard", "hd", "auto"],
      styles: STYLES,
      retiredOn: "2026-05-12",
      replacement: "gpt-image-1.5",
      prices: {
        kind: "per-image",
        perImage: {
          standard: { "1024x1024": 0.04, "1792x1024": 0.08, "1024x1792": 0.08 },
          hd: { "1024x1024": 0.08, "1792x1024": 0.12, "1024x1792": 0.12 },
        },
      },
    }),
    row("gpt-image-1", true, {
      retiredOn: "2026-10-23",
      replacement: "gpt-image-1.5",
      prices: tokens(5, 10, 40),
    }),
    row("gpt-image-1-mini", true, { prices: tokens(2, 2.5, 8) }),
    // Output price from a third-party source (FACTS §6).
    row("gpt-image-1.5", true, { prices: tokens(5, 8, 32) }),
    row("gpt-image-2", true, gptImage2),
    row("gpt-image-2-2026-04-21", true, gptImage2),
    // No published rules or prices beyond "a GPT image model": the common GPT image rules apply.
    row("chatgpt-image-latest", true),
  ].map((spec) => [spec.id, spec]),
);

/**
 * The registry row for a model, or `undefined` for a model easel does not know.
 *
 * @example
 * ```ts
 * getModelSpec("dall-e-3")?.styles; // ["vivid", "natural"]
 * getModelSpec("gpt-image-9");      // undefined: checked by the common rules only
 * ```
 */
export function getModelSpec(model: string): ModelSpec | undefined {
  return Object.hasOwn(MODEL_REGISTRY, model) ? MODEL_REGISTRY[model] : undefined;
}

/**
 * True when the model was retired on or before `now`.
 *
 * @example
 * ```ts
 * isRetired(MODEL_REGISTRY["dall-e-3"]!, new Date("2026-06-01")); // true
 * ```
 */
export function isRetired(spec: ModelSpec, now: Date = new Date()): boolean {
  // Without a date, Date.parse gives NaN, and no time is >= NaN.
  return +now >= Date.parse(spec.retiredOn as string);
}

// gpt-image-1 output tokens by quality at 1024x1024, 1024x1536 and 1536x1024, the first
// three of GPT_SIZES (FACTS §6).
const OUTPUT_TOKENS = {
  low: [272, 408, 400],
  medium: [1056, 1584, 1568],
  high: [4160, 6240, 6208],
};

/** Output tokens added by each partial image (FACTS §2). */
export const PARTIAL_IMAGE_OUTPUT_TOKENS = 100;

/**
 * Image output tokens for one image of a GPT image model, from the published table; sizes
 * outside it scale with the pixel count of 1024x1024. `auto` quality counts as medium and
 * `auto` size as 1024x1024, which is what the API most often picks.
 *
 * @example
 * ```ts
 * imageOutputTokens("high", "1024x1536"); // 6240
 * imageOutputTokens("low", "2048x2048");  // 1088
 * ```
 */
export function imageOutputTokens(quality: string | undefined, size: string | undefined): number {
  const tokens = OUTPUT_TOKENS[quality === "low" || quality === "high" ? quality : "medium"];
  const known = size === undefined || size === "auto" ? 0 : GPT_SIZES.indexOf(size);
  if (known >= 0) return tokens[known]!;
  const match = /^(\d+)x(\d+)$/.exec(size!);
  const pixels = match ? Number(match[1]) * Number(match[2]) : 1024 * 1024;
  return Math.round((tokens[0]! * pixels) / (1024 * 1024));
}
