/** The models the spec names. Any other string is accepted too: the API adds models. */
export const IMAGE_MODELS = [
  "dall-e-2",
  "dall-e-3",
  "gpt-image-1",
  "gpt-image-1-mini",
  "gpt-image-1.5",
  "gpt-image-2",
  "gpt-image-2-2026-04-21",
  "chatgpt-image-latest",
] as const;
export type ImageModel = (typeof IMAGE_MODELS)[number];

export const BACKGROUNDS = ["transparent", "opaque", "auto"] as const;
export type Background = (typeof BACKGROUNDS)[number];

export const MODERATIONS = ["low", "auto"] as const;
export type Moderation = (typeof MODERATIONS)[number];

export const OUTPUT_FORMATS = ["png", "jpeg", "webp"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export const QUALITIES = ["standard", "hd", "low", "medium", "high", "auto"] as const;
export type Quality = (typeof QUALITIES)[number];

export const RESPONSE_FORMATS = ["url", "b64_json"] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export const STYLES = ["vivid", "natural"] as const;
export type Style = (typeof STYLES)[number];

/** The named sizes of the spec; `gpt-image-2` also takes any valid `WIDTHxHEIGHT`. */
export const NAMED_SIZES = [
  "auto",
  "1024x1024",
  "1536x1024",
  "1024x1536",
  "256x256",
  "512x512",
  "1792x1024",
  "1024x1792",
] as const;
export type NamedSize = (typeof NAMED_SIZES)[number];

/**
 * The body of `POST /images/generations`, every parameter of the spec.
 *
 * @example
 * ```ts
 * const params: ImageGenerateParams = {
 *   model: "gpt-image-2",
 *   prompt: "A watercolor fox in the snow",
 *   size: "1536x864",
 *   quality: "high",
 * };
 * ```
 */
export interface ImageGenerateParams {
  /** What to draw. At most 32,000 characters for GPT image models, 1,000 for dall-e-2, 4,000 for dall-e-3. */
  prompt: string;
  /** `transparent` needs `png` or `webp` output; not supported by gpt-image-2. GPT image models only. */
  background?: Background | null;
  /** Defaults to `dall-e-2` unless a GPT-image-only parameter is present. */
  model?: ImageModel | (string & {}) | null;
  /** Content moderation level, GPT image models only. */
  moderation?: Moderation | null;
  /** Number of images, 1-10 (dall-e-3: 1 only). */
  n?: number | null;
  /** 0-100, only for `jpeg` and `webp` output of GPT image models. Defaults to 100. */
  output_compression?: number | null;
  /** GPT image models only. Defaults to `png`. */
  output_format?: OutputFormat | null;
  /** 0-3 partial images sent while streaming. Each costs 100 output tokens. */
  partial_images?: number | null;
  /** `low`/`medium`/`high`/`auto` for GPT image models, `standard`/`hd` for dall-e-3. */
  quality?: Quality | null;
  /** dall-e models only: `url` (default, valid 60 minutes) or `b64_json`. */
  response_format?: ResponseFormat | null;
  /** A named size, `auto`, or for gpt-image-2 any valid `WIDTHxHEIGHT`. */
  size?: NamedSize | (string & {}) | null;
  /** Stream partial and final images as server-sent events. GPT image models only. */
  stream?: boolean | null;
  /** dall-e-3 only. */
  style?: Style | null;
  /** An identifier of your end user, for abuse monitoring. */
  user?: string | null;
}

/** Every parameter name the endpoint accepts. */
export const IMAGE_PARAM_NAMES: readonly (keyof ImageGenerateParams)[] = [
  "prompt",
  "background",
  "model",
  "moderation",
  "n",
  "output_compression",
  "output_format",
  "partial_images",
  "quality",
  "response_format",
  "size",
  "stream",
  "style",
  "user",
];
