import { describe, expect, it } from "vitest";
import { IMAGE_MODELS } from "./image-params";
import {
  getModelSpec,
  imageOutputTokens,
  isRetired,
  MODEL_REGISTRY,
  type ModelSpec,
  PARTIAL_IMAGE_OUTPUT_TOKENS,
} from "./model-registry";

const GPT_SIZES = ["1024x1024", "1024x1536", "1536x1024", "auto"];
const GPT_QUALITIES = ["low", "medium", "high", "auto"];

// FACTS §1-2, one row per model, written out rather than derived from the registry. Sizes
// are in the order the API lists them in its errors (the validator quotes them as stored).
const EXPECTED: Record<string, Partial<ModelSpec>> = {
  "dall-e-2": {
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
  },
  "dall-e-3": {
    family: "dall-e",
    sizes: ["1024x1024", "1024x1792", "1792x1024"],
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
  },
};
const gpt = (freeSize: boolean, transparent: boolean): Partial<ModelSpec> => ({
  family: "gpt-image",
  sizes: GPT_SIZES,
  freeSize,
  maxN: 10,
  maxPromptChars: 32_000,
  qualities: GPT_QUALITIES as ModelSpec["qualities"],
  styles: [],
  responseFormats: [],
  outputFormats: ["png", "jpeg", "webp"],
  backgrounds: transparent ? ["transparent", "opaque", "auto"] : ["opaque", "auto"],
  gptImageParams: true,
  streaming: true,
  maxPartialImages: 3,
});
EXPECTED["gpt-image-1"] = { ...gpt(false, true), retiredOn: "2026-10-23" };
EXPECTED["gpt-image-1-mini"] = gpt(false, true);
EXPECTED["gpt-image-1.5"] = gpt(false, true);
EXPECTED["gpt-image-2"] = gpt(true, false);
EXPECTED["gpt-image-2-2026-04-21"] = gpt(true, false);
EXPECTED["chatgpt-image-latest"] = gpt(false, true);

describe("MODEL_REGISTRY", () => {
  it("has one row per model of the spec, and no others", () => {
    expect(Object.keys(MODEL_REGISTRY).sort()).toEqual([...IMAGE_MODELS].sort());
    expect(Object.keys(EXPECTED).sort()).toEqual([...IMAGE_MODELS].sort());
  });

  it.each(Object.entries(EXPECTED))("%s follows FACTS §1-2", (id, expected) => {
    const spec = MODEL_REGISTRY[id]!;
    expect(spec.id).toBe(id);
    expect(spec).toMatchObject(expected);
    expect([...spec.sizes].sort()).toEqual([...(expected.sizes ?? [])].sort());
    if (!("retiredOn" in expected)) expect(spec.retiredOn).toBeUndefined();
  });

  it.each(Object.keys(EXPECTED))("%s: a retired model names a live replacement", (id) => {
    const spec = MODEL_REGISTRY[id]!;
    if (spec.retiredOn === undefined) {
      expect(spec.replacement).toBeUndefined();
      return;
    }
    expect(spec.replacement).toBeDefined();
    const replacement = MODEL_REGISTRY[spec.replacement!]!;
    expect(replacement.retiredOn).toBeUndefined();
  });

  it.each([
    ["gpt-image-1", 5, 10, 40],
    ["gpt-image-1-mini", 2, 2.5, 8],
    ["gpt-image-1.5", 5, 8, 32],
    ["gpt-image-2", 5, 8, 30],
    ["gpt-image-2-2026-04-21", 5, 8, 30],
  ])("%s token prices (FACTS §6)", (id, textInput, imageInput, imageOutput) => {
    expect(MODEL_REGISTRY[id]!.prices).toEqual({
      kind: "tokens",
      textInput,
      imageInput,
      imageOutput,
    });
  });

  it("dall-e per-image prices (FACTS §6)", () => {
    expect(MODEL_REGISTRY["dall-e-2"]!.prices).toEqual({
      kind: "per-image",
      perImage: { standard: { "256x256": 0.016, "512x512": 0.018, "1024x1024": 0.02 } },
    });
    expect(MODEL_REGISTRY["dall-e-3"]!.prices).toEqual({
      kind: "per-image",
      perImage: {
        standard: { "1024x1024": 0.04, "1792x1024": 0.08, "1024x1792": 0.08 },
        hd: { "1024x1024": 0.08, "1792x1024": 0.12, "1024x1792": 0.12 },
      },
    });
  });
});

describe("getModelSpec", () => {
  it.each(IMAGE_MODELS)("finds %s", (id) => {
    expect(getModelSpec(id)).toBe(MODEL_REGISTRY[id]);
  });

  it.each([
    "gpt-image-9",
    "",
    "GPT-IMAGE-1",
    "dall-e-2 ",
    "constructor",
    "__proto__",
    "toString",
    "hasOwnProperty",
  ])("returns undefined for %j", (id) => {
    expect(getModelSpec(id)).toBeUndefined();
  });
});

describe("isRetired", () => {
  it.each([
    ["dall-e-2", "2026-05-11T23:59:59.999Z", false],
    ["dall-e-2", "2026-05-12T00:00:00.000Z", true],
    ["dall-e-3", "2026-05-11T23:59:59.999Z", false],
    ["dall-e-3", "2026-05-12T00:00:00.000Z", true],
    ["gpt-image-1", "2026-10-22T23:59:59.999Z", false],
    ["gpt-image-1", "2026-10-23T00:00:00.000Z", true],
    ["gpt-image-1", "2030-01-01T00:00:00.000Z", true],
    ["gpt-image-1.5", "2030-01-01T00:00:00.000Z", false],
    ["gpt-image-2", "2030-01-01T00:00:00.000Z", false],
  ])("%s at %s -> %s", (id, at, retired) => {
    expect(isRetired(MODEL_REGISTRY[id]!, new Date(at))).toBe(retired);
  });
});

describe("imageOutputTokens (FACTS §6)", () => {
  it.each([
    ["low", "1024x1024", 272],
    ["low", "1024x1536", 408],
    ["low", "1536x1024", 400],
    ["medium", "1024x1024", 1056],
    ["medium", "1024x1536", 1584],
    ["medium", "1536x1024", 1568],
    ["high", "1024x1024", 4160],
    ["high", "1024x1536", 6240],
    ["high", "1536x1024", 6208],
    ["auto", "1024x1024", 1056],
    [undefined, undefined, 1056],
    ["high", "auto", 4160],
    ["low", "2048x2048", 1088],
  ])("%s at %s -> %i", (quality, size, tokens) => {
    expect(imageOutputTokens(quality, size)).toBe(tokens);
  });

  it("a partial image costs 100 output tokens", () => {
    expect(PARTIAL_IMAGE_OUTPUT_TOKENS).toBe(100);
  });
});
