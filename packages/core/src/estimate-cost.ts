import { getModelSpec } from "./model-registry";
import type { ImageUsage } from "./response-schema";

/** A cost in USD and where it comes from. */
export interface CostEstimate {
  currency: "USD";
  total: number;
  breakdown: {
    textInput: number;
    imageInput: number;
    imageOutput: number;
    /** Per-image price for the dall-e models. */
    images: number;
  };
}

/** The request's shape, for the dall-e models that bill per image instead of per token. */
export interface ImageCountUsage {
  images: number;
  size: string;
  quality?: string;
}

const isCountUsage = (usage: ImageUsage | ImageCountUsage): usage is ImageCountUsage =>
  typeof (usage as ImageCountUsage).images === "number" && typeof usage.size === "string";

const round = (usd: number) => Math.round(usd * 1e6) / 1e6;

/** Rounds each part to a millionth of a dollar, and the total from the rounded parts. */
function cost(
  ...parts: [textInput: number, imageInput: number, imageOutput: number, images: number]
): CostEstimate {
  const [textInput, imageInput, imageOutput, images] = parts.map(round) as typeof parts;
  return {
    currency: "USD",
    total: round(textInput + imageInput + imageOutput + images),
    breakdown: { textInput, imageInput, imageOutput, images },
  };
}

/**
 * Prices a generation from the registry (FACTS §6): token usage for the GPT image models, or
 * image count, size and quality for dall-e. `undefined` when the model's prices are unknown.
 *
 * @example
 * ```ts
 * const cost = estimateCost(result.usage!, "gpt-image-2");
 * console.log(`$${cost?.total.toFixed(4)}`);
 * estimateCost({ images: 1, size: "1792x1024", quality: "hd" }, "dall-e-3")?.total; // 0.12
 * ```
 */
export function estimateCost(
  usage: ImageUsage | ImageCountUsage,
  model: string,
): CostEstimate | undefined {
  const prices = getModelSpec(model)?.prices;
  if (isCountUsage(usage)) {
    const each =
      prices?.kind === "per-image"
        ? prices.perImage[usage.quality === "hd" ? "hd" : "standard"]?.[usage.size]
        : undefined;
    return each === undefined ? undefined : cost(0, 0, 0, each * usage.images);
  }
  if (prices?.kind !== "tokens") return undefined;
  const imageIn = usage.input_tokens_details?.image_tokens ?? 0;
  const textIn = usage.input_tokens_details?.text_tokens ?? usage.input_tokens - imageIn;
  const textOut = usage.output_tokens_details?.text_tokens ?? 0;
  const imageOut = usage.output_tokens_details?.image_tokens ?? usage.output_tokens - textOut;
  // Output text tokens are rare; they are billed at the text input rate here (no published rate).
  return cost(
    (prices.textInput * (textIn + textOut)) / 1e6,
    (prices.imageInput * imageIn) / 1e6,
    (prices.imageOutput * imageOut) / 1e6,
    0,
  );
}
