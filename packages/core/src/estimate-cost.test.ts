import { describe, expect, it } from "vitest";
import { estimateCost } from "./estimate-cost";
import type { ImageUsage } from "./response-schema";

// One high-quality 1024x1024 image with a short prompt (FACTS §6: 4160 output tokens).
const usage: ImageUsage = {
  input_tokens: 50,
  input_tokens_details: { text_tokens: 40, image_tokens: 10 },
  output_tokens: 4160,
  output_tokens_details: { image_tokens: 4160, text_tokens: 0 },
  total_tokens: 4210,
};

describe("estimateCost for the GPT image models (per million tokens)", () => {
  it.each([
    // model, text in, image in, image out (FACTS §6)
    ["gpt-image-1", 5, 10, 40],
    ["gpt-image-1-mini", 2, 2.5, 8],
    ["gpt-image-1.5", 5, 8, 32],
    ["gpt-image-2", 5, 8, 30],
    ["gpt-image-2-2026-04-21", 5, 8, 30],
  ])("%s", (model, textIn, imageIn, imageOut) => {
    const cost = estimateCost(usage, model);
    const textInput = (40 * textIn) / 1e6;
    const imageInput = (10 * imageIn) / 1e6;
    const imageOutput = (4160 * imageOut) / 1e6;
    expect(cost?.currency).toBe("USD");
    expect(cost?.breakdown.textInput).toBeCloseTo(textInput, 9);
    expect(cost?.breakdown.imageInput).toBeCloseTo(imageInput, 9);
    expect(cost?.breakdown.imageOutput).toBeCloseTo(imageOutput, 9);
    expect(cost?.breakdown.images).toBe(0);
    expect(cost?.total).toBeCloseTo(textInput + imageInput + imageOutput, 9);
  });

  it("prices gpt-image-1 at 1024x1024 high: $0.1664 of output", () => {
    expect(estimateCost(usage, "gpt-image-1")?.breakdown.imageOutput).toBe(0.1664);
    expect(estimateCost(usage, "gpt-image-1")?.total).toBe(0.1667);
  });

  it("counts all input as text and all output as image when the details are missing", () => {
    const cost = estimateCost(
      { input_tokens: 100, output_tokens: 1000, total_tokens: 1100 },
      "gpt-image-2",
    );
    expect(cost?.breakdown).toEqual({
      textInput: 0.0005,
      imageInput: 0,
      imageOutput: 0.03,
      images: 0,
    });
    expect(cost?.total).toBe(0.0305);
  });

  it("bills output text tokens at the text input rate", () => {
    const cost = estimateCost(
      {
        input_tokens: 0,
        output_tokens: 1100,
        output_tokens_details: { image_tokens: 1000, text_tokens: 100 },
        total_tokens: 1100,
      },
      "gpt-image-1",
    );
    expect(cost?.breakdown.textInput).toBeCloseTo((100 * 5) / 1e6, 9);
    expect(cost?.breakdown.imageOutput).toBeCloseTo((1000 * 40) / 1e6, 9);
  });

  it("is undefined for a model without prices or an unknown model", () => {
    expect(estimateCost(usage, "gpt-image-9")).toBeUndefined();
    expect(estimateCost(usage, "chatgpt-image-latest")).toBeUndefined();
    expect(estimateCost(usage, "")).toBeUndefined();
    expect(estimateCost(usage, "__proto__")).toBeUndefined();
  });

  it("is undefined when a token model gets a per-image count", () => {
    expect(estimateCost({ images: 1, size: "1024x1024" }, "gpt-image-1")).toBeUndefined();
  });
});

describe("estimateCost for dall-e (per image)", () => {
  it.each([
    ["dall-e-3", "standard", "1024x1024", 1, 0.04],
    ["dall-e-3", "standard", "1792x1024", 1, 0.08],
    ["dall-e-3", "standard", "1024x1792", 1, 0.08],
    ["dall-e-3", "hd", "1024x1024", 1, 0.08],
    ["dall-e-3", "hd", "1792x1024", 1, 0.12],
    ["dall-e-3", "hd", "1024x1792", 1, 0.12],
    ["dall-e-2", "standard", "256x256", 1, 0.016],
    ["dall-e-2", "standard", "512x512", 1, 0.018],
    ["dall-e-2", "standard", "1024x1024", 3, 0.06],
    ["dall-e-2", undefined, "1024x1024", 10, 0.2],
  ])("%s %s %s x%i = $%d", (model, quality, size, images, total) => {
    const cost = estimateCost({ images, size, ...(quality ? { quality } : {}) }, model);
    expect(cost).toEqual({
      currency: "USD",
      total,
      breakdown: { textInput: 0, imageInput: 0, imageOutput: 0, images: total },
    });
  });

  it("is undefined for a size or quality the model has no price for", () => {
    expect(estimateCost({ images: 1, size: "1536x1024" }, "dall-e-3")).toBeUndefined();
    expect(
      estimateCost({ images: 1, size: "1024x1024", quality: "hd" }, "dall-e-2"),
    ).toBeUndefined();
  });

  it("is undefined when a per-image model gets token usage", () => {
    expect(estimateCost(usage, "dall-e-3")).toBeUndefined();
  });
});
