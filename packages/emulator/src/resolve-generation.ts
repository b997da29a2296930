import type { ImageGenerateParams, ModelSpec } from "@easel/core";

/** A validated request with every default resolved as the API resolves it. */
export interface Generation {
  model: string;
  family: "dall-e" | "gpt-image";
  prompt: string;
  n: number;
  width: number;
  height: number;
  /** The size generated, `WIDTHxHEIGHT` (never `auto`). */
  size: string;
  /** `low`, `medium` or `high` for GPT image models; `standard` or `hd` for dall-e. */
  quality: string;
  /** How much detail the picture keeps (quality mapped onto one scale). */
  detail: "low" | "medium" | "high";
  background: "transparent" | "opaque";
  outputFormat: "png" | "jpeg" | "webp";
  /** 0-100, used by jpeg and webp. */
  compression: number;
  stream: boolean;
  /** Partial images per image; 0 unless streaming. */
  partialImages: number;
  /** dall-e only: `url` (the API's default) or `b64_json`. */
  responseFormat: "url" | "b64_json" | undefined;
  style: "vivid" | "natural" | undefined;
}

/** The three sizes `size: "auto"` picks from, as the GPT image models do. */
export const AUTO_SIZES = ["1024x1024", "1536x1024", "1024x1536"] as const;

/**
 * Fills in the defaults the API applies: `auto` size becomes one of {@link AUTO_SIZES}
 * chosen by a hash of the prompt (so the same prompt always gets the same shape), `auto`
 * quality becomes `medium` (`standard` on dall-e), `auto` background becomes `opaque`.
 *
 * @example
 * resolveGeneration({ prompt: "a fox", model: "gpt-image-1.5" }, "gpt-image-1.5", spec).size;
 * // "1024x1024", "1536x1024" or "1024x1536", always the same for "a fox"
 */
export function resolveGeneration(
  request: ImageGenerateParams,
  model: string,
  spec: ModelSpec | undefined,
): Generation {
  const family = spec?.family ?? "gpt-image";
  const dallE = family === "dall-e";
  const requestedSize = request.size ?? (dallE ? "1024x1024" : "auto");
  const size =
    requestedSize === "auto"
      ? AUTO_SIZES[hashString(request.prompt) % AUTO_SIZES.length]!
      : requestedSize;
  const [width, height] = size.split("x").map(Number) as [number, number];
  const requestedQuality = request.quality ?? "auto";
  const quality = dallE
    ? requestedQuality === "hd"
      ? "hd"
      : "standard"
    : requestedQuality === "auto"
      ? "medium"
      : requestedQuality;
  const detail =
    quality === "low" ? "low" : quality === "high" || quality === "hd" ? "high" : "medium";
  const stream = request.stream === true;
  return {
    model,
    family,
    prompt: request.prompt,
    n: request.n ?? 1,
    width,
    height,
    size,
    quality,
    detail,
    background: request.background === "transparent" ? "transparent" : "opaque",
    outputFormat: request.output_format ?? "png",
    compression: request.output_compression ?? 100,
    stream,
    partialImages: stream ? (request.partial_images ?? 0) : 0,
    responseFormat: dallE ? (request.response_format ?? "url") : undefined,
    style: model === "dall-e-3" ? (request.style ?? "vivid") : undefined,
  };
}

/** FNV-1a over UTF-16 code units: a stable, engine-independent hash for choices. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
