import { describe, expect, it } from "vitest";
import { estimateCost } from "./estimate-cost";
import { estimateUsage } from "./estimate-usage";

describe("estimateUsage", () => {
  it("counts the table's output tokens and 100 per partial image, for each image", () => {
    const usage = estimateUsage({
      prompt: "a fox",
      quality: "high",
      size: "1024x1536",
      n: 2,
      partial_images: 1,
    });
    expect(usage).toEqual({
      input_tokens: 2,
      input_tokens_details: { image_tokens: 0, text_tokens: 2 },
      output_tokens: 12_680,
      total_tokens: 12_682,
      output_tokens_details: { image_tokens: 12_680, text_tokens: 0 },
    });
  });

  it("defaults to one image, no partials, medium quality and 1024x1024", () => {
    const usage = estimateUsage({ prompt: "A cute baby sea otter" });
    expect(usage.input_tokens).toBe(6);
    expect(usage.output_tokens).toBe(1056);
    expect(estimateUsage({ prompt: "x", quality: null, size: null, n: null }).output_tokens).toBe(
      1056,
    );
  });

  it("scales sizes outside the table by their pixels, and prices through estimateCost", () => {
    const small = estimateUsage({ prompt: "x", quality: "low", size: "1024x1024" });
    const large = estimateUsage({ prompt: "x", quality: "low", size: "2048x2048" });
    expect(large.output_tokens).toBe(4 * small.output_tokens);
    expect(estimateCost(large, "gpt-image-2")!.total).toBeGreaterThan(
      estimateCost(small, "gpt-image-2")!.total,
    );
  });
});
