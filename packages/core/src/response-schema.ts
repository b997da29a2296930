import * as z from "zod/mini";
import { OUTPUT_FORMATS } from "./image-params";

// Response schemas are loose on purpose: the API adds fields and new sizes (gpt-image-2
// answers with sizes outside the legacy enum), and a client must not break when it does.

/**
 * Token usage of a generation (GPT image models).
 *
 * @example
 * ```ts
 * ImageUsageSchema.parse({ input_tokens: 50, output_tokens: 50, total_tokens: 100,
 *   input_tokens_details: { text_tokens: 10, image_tokens: 40 } });
 * ```
 */
export const ImageUsageSchema = /* @__PURE__ */ z.looseObject({
  input_tokens: z.number(),
  input_tokens_details: z.optional(
    z.looseObject({ image_tokens: z.number(), text_tokens: z.number() }),
  ),
  output_tokens: z.number(),
  total_tokens: z.number(),
  output_tokens_details: z.optional(
    z.looseObject({ image_tokens: z.number(), text_tokens: z.number() }),
  ),
});
export type ImageUsage = z.infer<typeof ImageUsageSchema>;

/**
 * One generated image: base64 data or (dall-e with `response_format: "url"`) a URL.
 *
 * @example
 * ```ts
 * ImageDataSchema.parse({ b64_json: "iVBORw0KGgo..." });
 * ```
 */
export const ImageDataSchema = /* @__PURE__ */ z.looseObject({
  b64_json: z.optional(z.string()),
  revised_prompt: z.optional(z.string()),
  url: z.optional(z.string()),
});
export type ImageData = z.infer<typeof ImageDataSchema>;

/**
 * The body of a successful non-streamed `POST /images/generations`.
 *
 * @example
 * ```ts
 * const body = ImagesResponseSchema.parse(await response.json());
 * console.log(body.data?.length, body.usage?.total_tokens);
 * ```
 */
export const ImagesResponseSchema = /* @__PURE__ */ z.looseObject({
  created: z.number(),
  background: z.optional(z.string()),
  data: z.optional(z.array(ImageDataSchema)),
  output_format: z.optional(z.enum(OUTPUT_FORMATS)),
  quality: z.optional(z.string()),
  size: z.optional(z.string()),
  usage: z.optional(ImageUsageSchema),
});
export type ImagesResponse = z.infer<typeof ImagesResponseSchema>;

/**
 * The error body the API answers with: `{"error": {"message", "type", "param", "code"}}`.
 *
 * @example
 * ```ts
 * const parsed = ApiErrorBodySchema.safeParse(await response.json());
 * if (parsed.success) console.log(parsed.data.error.code);
 * ```
 */
export const ApiErrorBodySchema = /* @__PURE__ */ z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.optional(z.nullable(z.string())),
    param: z.optional(z.nullable(z.string())),
    code: z.optional(z.nullable(z.string())),
  }),
});
export type ApiErrorBody = z.infer<typeof ApiErrorBodySchema>;
