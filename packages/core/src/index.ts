export { EaselError } from "./errors/easel-error";
export { InvalidSizeError, type SizeRule } from "./errors/invalid-size-error";
export {
  BACKGROUNDS,
  type Background,
  IMAGE_MODELS,
  IMAGE_PARAM_NAMES,
  type ImageGenerateParams,
  ImageGenerateParamsSchema,
  type ImageModel,
  MODERATIONS,
  type Moderation,
  NAMED_SIZES,
  type NamedSize,
  OUTPUT_FORMATS,
  type OutputFormat,
  QUALITIES,
  type Quality,
  RESPONSE_FORMATS,
  type ResponseFormat,
  STYLES,
  type Style,
} from "./image-params";
export {
  getModelSpec,
  type ImagePrices,
  imageOutputTokens,
  isRetired,
  MODEL_REGISTRY,
  type ModelSpec,
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  type TokenPrices,
} from "./model-registry";
export {
  type ApiErrorBody,
  ApiErrorBodySchema,
  type ImageData,
  ImageDataSchema,
  type ImagesResponse,
  ImagesResponseSchema,
  type ImageUsage,
  ImageUsageSchema,
} from "./response-schema";
export {
  checkSize,
  formatSize,
  type ImageDimensions,
  isExperimentalSize,
  isValidFreeSize,
  parseSize,
  SIZE_LIMITS,
  type SizeCheck,
} from "./size";
export {
  type CompletedImageEvent,
  CompletedImageEventSchema,
  type PartialImageEvent,
  PartialImageEventSchema,
  type StreamErrorEvent,
  StreamErrorEventSchema,
} from "./stream-event-schema";
export {
  listValues,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
  type ValidationWarning,
  validateImageRequest,
} from "./validate-image-request";
