import { type ImageUsage, imageOutputTokens, PARTIAL_IMAGE_OUTPUT_TOKENS } from "@easel/core";

/**
 * Text tokens of a prompt. The API tokenizes; the emulator approximates with one token per
 * four characters (rounded up), the usual rule of thumb for English text.
 *
 * @example
 * promptTokens("A cute baby sea otter"); // 6
 */
export function promptTokens(prompt: string): number {
  return Math.ceil(prompt.length / 4);
}

/**
 * The `usage` of `images` images (and `partialImages` partial images each) at `quality` and
 * `size`: output tokens from core's table (FACTS §6) plus 100 per partial image, input tokens
 * from {@link promptTokens}.
 *
 * @example
 * computeUsage({ prompt: "a fox", quality: "high", size: "1024x1536", images: 2, partialImages: 1 })
 *   .output_tokens; // 2 * 6240 + 2 * 100 = 12680
 */
export function computeUsage(args: {
  prompt: string;
  quality: string;
  size: string;
  images: number;
  partialImages: number;
}): ImageUsage {
  const text = promptTokens(args.prompt);
  const output =
    (imageOutputTokens(args.quality, args.size) +
      args.partialImages * PARTIAL_IMAGE_OUTPUT_TOKENS) *
    args.images;
  return {
    input_tokens: text,
    input_tokens_details: { image_tokens: 0, text_tokens: text },
    output_tokens: output,
    total_tokens: text + output,
    output_tokens_details: { image_tokens: output, text_tokens: 0 },
  };
}
