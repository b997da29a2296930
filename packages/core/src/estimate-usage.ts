import { imageOutputTokens, PARTIAL_IMAGE_OUTPUT_TOKENS } from "./model-registry";
import type { ImageUsage } from "./response-schema";

/** The parameters of a GPT image request that its usage depends on. */
export interface UsageEstimateParams {
  prompt: string;
  quality?: string | null | undefined;
  size?: string | null | undefined;
  n?: number | null | undefined;
  partial_images?: number | null | undefined;
}

/**
 * The `usage` a GPT image request should come back with, before it is sent: output tokens
 * from the published table (FACTS §6) plus 100 per partial image, for each of `n` images, and
 * one text token per four characters of prompt (rounded up; the API tokenizes, this is the
 * usual rule of thumb for English). Feed it to `estimateCost` for a price before sending; the
 * emulator answers with exactly this.
 *
 * @example
 * ```ts
 * const usage = estimateUsage({ prompt: "a fox", quality: "high", size: "1024x1536", n: 2, partial_images: 1 });
 * usage.output_tokens; // 2 * 6240 + 2 * 100 = 12680
 * estimateCost(usage, "gpt-image-1.5")?.total;
 * ```
 */
export function estimateUsage(params: UsageEstimateParams): ImageUsage {
  const text = Math.ceil(params.prompt.length / 4);
  const output =
    (imageOutputTokens(params.quality ?? undefined, params.size ?? undefined) +
      (params.partial_images ?? 0) * PARTIAL_IMAGE_OUTPUT_TOKENS) *
    (params.n ?? 1);
  return {
    input_tokens: text,
    input_tokens_details: { image_tokens: 0, text_tokens: text },
    output_tokens: output,
    total_tokens: text + output,
    output_tokens_details: { image_tokens: output, text_tokens: 0 },
  };
}
