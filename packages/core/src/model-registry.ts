import type { Background, OutputFormat, Quality, ResponseFormat, Style } from "./image-params";

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
  /** Named sizes the model accepts (`auto` included where it is allowed). */
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

const GPT_SIZES = ["auto", "1024x1024", "1536x1024", "1024x1536"] as const;
const GPT_QUALITIES: readonly Quality[] = ["low", "medium", "high", "auto"];
const ALL_FORMATS: readonly OutputFormat[] = ["png", "jpeg", "webp"];

function gptImage(id: string, extra: Partial<ModelSpec> & { prices?: TokenPrices }): ModelSpec {
  return {
    id,
    family: "gpt-image",
    sizes: GPT_SIZES,
    freeSize: false,
    maxN: 10,
    maxPromptChars: 32_000,
    qualities: GPT_QUALITIES,
    styles: [],
    responseFormats: [],
    outputFormats: ALL_FORMATS,
    backgrounds: ["transparent", "opaque", "auto"],
    gptImageParams: true,
    streaming: true,
    maxPartialImages: 3,
    ...extra,
  };
}

const tokens = (textInput: number, imageInput: number, imageOutput: number): TokenPrices => ({
  kind: "tokens",
  textInput,
  imageInput,
  imageOutput,
});

// gpt-image-2 cannot do transparent backgrounds (spec pages 000 and 004). A later API spec
// commit calls it "in preview"; FACTS §2 says reject by default, so the registry leaves it
// out and `validate: false` lets a caller try anyway.
const gptImage2 = {
  freeSize: true,
  backgrounds: ["opaque", "auto"] as Background[],
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
export const MODEL_REGISTRY: Readonly<Record<string, ModelSpec>> = {
  "dall-e-2": {
    id: "dall-e-2",
    family: "dall-e",
    sizes: ["256x256", "512x512", "1024x1024"],
    freeSize: false,
    maxN: 10,
    maxPromptChars: 1000,
    qualities: ["standard", "auto"],
    styles: [],
    responseFormats: ["url", "b64_json"],
    outputFormats: [],
    backgrounds: [],
    gptImageParams: false,
    streaming: false,
    maxPartialImages: 0,
    retiredOn: "2026-05-12",
    replacement: "gpt-image-1-mini",
    prices: {
      kind: "per-image",
      perImage: { standard: { "256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02 } },
    },
  },
  "dall-e-3": {
    id: "dall-e-3",
    family: "dall-e",
    sizes: ["1024x1024", "1792x1024", "1024x1792"],
    freeSize: false,
    maxN: 1,
    maxPromptChars: 4000,
    qualities: ["standard", "hd", "auto"],
    styles: ["vivid", "natural"],
    responseFormats: ["url", "b64_json"],
    outputFormats: [],
    backgrounds: [],
    gptImageParams: false,
    streaming: false,
    maxPartialImages: 0,
    retiredOn: "2026-05-12",
    replacement: "gpt-image-1.5",
    prices: {
      kind: "per-image",
      perImage: {
        standard: { "1024x1024": 0.04, "1792x1024": 0.08, "1024x1792": 0.08 },
        hd: { "1024x1024": 0.08, "1792x1024": 0.12, "1024x1792": 0.12 },
      },
    },
  },
  "gpt-image-1": gptImage("gpt-image-1", {
    retiredOn: "2026-10-23",
    replacement: "gpt-image-1.5",
    prices: tokens(5, 10, 40),
  }),
  "gpt-image-1-mini": gptImage("gpt-image-1-mini", { prices: tokens(2, 2.5, 8) }),
  // Output price from a third-party source (FACTS §6).
  "gpt-image-1.5": gptImage("gpt-image-1.5", { prices: tokens(5, 8, 32) }),
  "gpt-image-2": gptImage("gpt-image-2", gptImage2),
  "gpt-image-2-2026-04-21": gptImage("gpt-image-2-2026-04-21", gptImage2),
  // No published rules or prices beyond "a GPT image model": the common GPT image rules apply.
  "chatgpt-image-latest": gptImage("chatgpt-image-latest", {}),
};

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
  return spec.retiredOn !== undefined && now.getTime() >= Date.parse(spec.retiredOn);
}

// gpt-image-1 output tokens by quality at the three standard sizes (FACTS §6).
const OUTPUT_TOKENS: Record<"low" | "medium" | "high", Record<string, number>> = {
  low: { "1024x1024": 272, "1024x1536": 408, "1536x1024": 400 },
  medium: { "1024x1024": 1056, "1024x1536": 1584, "1536x1024": 1568 },
  high: { "1024x1024": 4160, "1024x1536": 6240, "1536x1024": 6208 },
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
  const level = quality === "low" || quality === "high" ? quality : "medium";
  const table = OUTPUT_TOKENS[level];
  const key = size === undefined || size === "auto" ? "1024x1024" : size;
  const known = table[key];
  if (known !== undefined) return known;
  const match = /^(\d+)x(\d+)$/.exec(key);
  const pixels = match ? Number(match[1]) * Number(match[2]) : 1024 * 1024;
  return Math.round((table["1024x1024"]! * pixels) / (1024 * 1024));
}
