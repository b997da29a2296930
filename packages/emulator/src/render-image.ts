import { encodeImage } from "./image/encode-image";
import { renderPattern } from "./image/render-pattern";
import type { RgbaImage } from "./image/rgba-image";
import type { Generation } from "./resolve-generation";

/**
 * The seed of image `index` of a request: the prompt itself for the first image, so one image
 * and the first of several are the same picture, and a numbered variant for the others.
 */
export function imageSeed(prompt: string, index: number): string {
  return index === 0 ? prompt : `${prompt}\u0000#${index + 1}`;
}

/**
 * Renders and encodes image `index` of a generation, `progress` < 1 for a partial image.
 * Deterministic: the same prompt, size, format, quality, background and style give the same
 * bytes. The raw RGBA buffer (33 MB at 3840x2160) is dropped as soon as it is encoded, so
 * one image costs one raw copy at a time.
 *
 * @example
 * const png = await renderImage(generation, 0, 1);
 */
export async function renderImage(
  generation: Generation,
  index: number,
  progress: number,
): Promise<Uint8Array> {
  const transparent = generation.background === "transparent";
  const image = renderPattern({
    seed: imageSeed(generation.prompt, index),
    width: generation.width,
    height: generation.height,
    transparent,
    progress,
  });
  finishPixels(image, generation);
  return encodeImage(image, {
    format: generation.outputFormat,
    alpha: transparent,
    compression: generation.compression,
  });
}

/** Colour levels per channel for each detail level (`high`: untouched). */
const LEVELS = { low: 12, medium: 48 } as const;

/**
 * Makes `quality` and dall-e-3's `style` visible in place: lower quality posterizes the colour
 * (fewer levels, visible banding, smaller files, as low quality is on the real API), and
 * `natural` style mutes colour towards grey.
 */
export function finishPixels(image: RgbaImage, generation: Generation): void {
  const levels = generation.detail === "high" ? 0 : LEVELS[generation.detail];
  const mute = generation.style === "natural" ? 0.7 : 1;
  if (levels === 0 && mute === 1) return;
  const table = new Uint8Array(256);
  for (let v = 0; v < 256; v++) {
    table[v] =
      levels === 0 ? v : Math.round(Math.round((v / 255) * (levels - 1)) * (255 / (levels - 1)));
  }
  const data = image.data;
  for (let o = 0; o < data.length; o += 4) {
    let r = data[o]!;
    let g = data[o + 1]!;
    let b = data[o + 2]!;
    if (mute !== 1) {
      const luma = 0.299 * r + 0.587 * g + 0.114 * b;
      r = (luma + (r - luma) * mute + 0.5) | 0;
      g = (luma + (g - luma) * mute + 0.5) | 0;
      b = (luma + (b - luma) * mute + 0.5) | 0;
    }
    data[o] = table[r]!;
    data[o + 1] = table[g]!;
    data[o + 2] = table[b]!;
  }
}
