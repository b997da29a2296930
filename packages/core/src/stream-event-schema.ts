import * as z from "zod/mini";
import { OUTPUT_FORMATS } from "./image-params";
import { ImageUsageSchema } from "./response-schema";

// Field sets from spec page 004. `size`, `quality` and `background` are plain strings because
// gpt-image-2 answers with sizes outside the schema's enum (FACTS §4). The metadata fields are
// optional: the examples on spec pages 000 and 003 show events without them, and a client
// that refused such an event would lose an image it had already paid for.
const eventFields = {
  b64_json: z.string(),
  background: z.optional(z.string()),
  created_at: z.optional(z.number()),
  output_format: z.optional(z.enum(OUTPUT_FORMATS)),
  quality: z.optional(z.string()),
  size: z.optional(z.string()),
};

/**
 * `image_generation.partial_image`: a less finished image sent while streaming.
 *
 * @example
 * ```ts
 * const event = PartialImageEventSchema.parse(JSON.parse(data));
 * console.log(event.partial_image_index);
 * ```
 */
export const PartialImageEventSchema = /* @__PURE__ */ z.looseObject({
  type: z.literal("image_generation.partial_image"),
  ...eventFields,
  partial_image_index: z.number(),
});
export type PartialImageEvent = z.infer<typeof PartialImageEventSchema>;

/**
 * `image_generation.completed`: the final image and the usage of the whole generation.
 *
 * @example
 * ```ts
 * const event = CompletedImageEventSchema.parse(JSON.parse(data));
 * console.log(event.usage.total_tokens);
 * ```
 */
export const CompletedImageEventSchema = /* @__PURE__ */ z.looseObject({
  type: z.literal("image_generation.completed"),
  ...eventFields,
  usage: ImageUsageSchema,
});
export type CompletedImageEvent = z.infer<typeof CompletedImageEventSchema>;

/**
 * An error sent inside the stream (FACTS §3):
 * `{"type":"error","error":{"type","code","message","param"},"sequence_number":0}`.
 *
 * @example
 * ```ts
 * StreamErrorEventSchema.safeParse(JSON.parse(data)).success;
 * ```
 */
export const StreamErrorEventSchema = /* @__PURE__ */ z.looseObject({
  type: z.literal("error"),
  error: z.looseObject({
    message: z.string(),
    type: z.optional(z.nullable(z.string())),
    param: z.optional(z.nullable(z.string())),
    code: z.optional(z.nullable(z.string())),
  }),
  sequence_number: z.optional(z.number()),
});
export type StreamErrorEvent = z.infer<typeof StreamErrorEventSchema>;
