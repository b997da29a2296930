import { decodeBase64 } from "./base64";
import { EaselError } from "./errors/easel-error";
import { OUTPUT_FORMATS } from "./image-params";

/** The MIME types the API returns. */
export type ImageMimeType = "image/png" | "image/jpeg" | "image/webp";

/**
 * One image from a response or a stream event: the API's fields plus `mimeType` and a
 * `bytes()` that decodes the base64 once and caches it.
 */
export interface GeneratedImage {
  /** Base64 image data (GPT image models, or dall-e with `response_format: "b64_json"`). */
  readonly b64_json: string | undefined;
  /** A URL valid for 60 minutes (dall-e with `response_format: "url"`). */
  readonly url: string | undefined;
  /** dall-e-3's rewritten prompt. */
  readonly revisedPrompt: string | undefined;
  readonly mimeType: ImageMimeType;
  /** The file extension for `mimeType`: `png`, `jpeg` or `webp`. */
  readonly extension: "png" | "jpeg" | "webp";
  /** The image's bytes, decoded on first call and cached. Throws for URL results. */
  bytes(): Uint8Array;
}

/**
 * The MIME type of base64 image data from its first bytes (PNG, JPEG, WebP signatures).
 *
 * @example
 * ```ts
 * sniffMimeType("iVBORw0KGgo..."); // "image/png"
 * ```
 */
export function sniffMimeType(b64: string): ImageMimeType | undefined {
  try {
    // 16 base64 characters are 12 bytes: enough for the RIFF....WEBP signature. `atob`
    // gives them as a binary string (one char per byte), in every runtime.
    const head = atob(b64.slice(0, 16));
    return /^\x89PNG/.test(head)
      ? "image/png"
      : /^\xff\xd8\xff/.test(head)
        ? "image/jpeg"
        : /^RI.{6}WE/s.test(head)
          ? "image/webp"
          : undefined;
  } catch {
    // `atob` throws on invalid base64; unknown data is simply not sniffed.
    return undefined;
  }
}

/**
 * Wraps the API's image fields. `outputFormat` (the response's `output_format`) wins over
 * sniffing the bytes; dall-e images are PNG.
 *
 * @example
 * ```ts
 * const image = createGeneratedImage({ b64_json }, "png");
 * await writeFile("out.png", image.bytes());
 * ```
 */
export function createGeneratedImage(
  data: {
    b64_json?: string | undefined;
    url?: string | undefined;
    revised_prompt?: string | undefined;
  },
  outputFormat?: string,
): GeneratedImage {
  const b64 = data.b64_json;
  const mimeType =
    ((OUTPUT_FORMATS as readonly unknown[]).includes(outputFormat)
      ? (`image/${outputFormat}` as ImageMimeType)
      : b64 && sniffMimeType(b64)) || "image/png";
  let cached: Uint8Array | undefined;
  return {
    b64_json: b64,
    url: data.url,
    revisedPrompt: data.revised_prompt,
    mimeType,
    extension: mimeType.slice(6) as GeneratedImage["extension"],
    bytes() {
      if (b64 === undefined) {
        throw new EaselError("This image is a URL: download image.url, or request b64_json.");
      }
      try {
        // Only `atob` (browsers) rejects bad base64; Buffer skips invalid characters.
        cached ??= decodeBase64(b64);
      } catch (cause) {
        throw new EaselError("This image's base64 is invalid.", { cause });
      }
      return cached;
    },
  };
}
