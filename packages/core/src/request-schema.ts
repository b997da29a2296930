import * as z from "zod/mini";
import {
  BACKGROUNDS,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
  RESPONSE_FORMATS,
  STYLES,
} from "./image-params";

const optional = <T extends z.ZodMiniType>(schema: T) => z.optional(z.nullable(schema));

/**
 * A zod schema of the request body's shape (types and enums). Model-specific rules (sizes
 * per model, `n` for dall-e-3, prompt length) live in `validateImageRequest`, which reports
 * them in the API's words.
 *
 * @example
 * ```ts
 * ImageGenerateParamsSchema.safeParse({ prompt: "a cat", n: 2 }).success; // true
 * ```
 */
export const ImageGenerateParamsSchema = /* @__PURE__ */ z.strictObject({
  prompt: z.string(),
  background: optional(z.enum(BACKGROUNDS)),
  model: optional(z.string()),
  moderation: optional(z.enum(MODERATIONS)),
  n: optional(z.int().check(z.minimum(1), z.maximum(10))),
  output_compression: optional(z.int().check(z.minimum(0), z.maximum(100))),
  output_format: optional(z.enum(OUTPUT_FORMATS)),
  partial_images: optional(z.int().check(z.minimum(0), z.maximum(3))),
  quality: optional(z.enum(QUALITIES)),
  response_format: optional(z.enum(RESPONSE_FORMATS)),
  size: optional(z.string()),
  stream: optional(z.boolean()),
  style: optional(z.enum(STYLES)),
  user: optional(z.string()),
});
