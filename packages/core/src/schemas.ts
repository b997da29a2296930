// The `@easel/core/schemas` entry: zod/mini schemas of every request parameter, response
// field, stream event and error body. A separate entry so that apps which only call the
// client do not pay for zod in their bundles.
export { ImageGenerateParamsSchema } from "./request-schema";
export {
  ApiErrorBodySchema,
  ImageDataSchema,
  ImagesResponseSchema,
  ImageUsageSchema,
} from "./response-schema";
export {
  CompletedImageEventSchema,
  PartialImageEventSchema,
  StreamErrorEventSchema,
} from "./stream-event-schema";
