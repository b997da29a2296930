export { decodeBase64, decodeWithAtob, encodeBase64 } from "./base64";
export {
  type CompletedImageStreamEvent,
  type DecodeImageStreamOptions,
  decodeImageStream,
  type ImageEventExtras,
  type ImageStreamEvent,
  isCompletedImageEvent,
  isPartialImageEvent,
  type PartialImageStreamEvent,
  type UnknownStreamEvent,
} from "./decode-image-stream";
export { AbortError } from "./errors/abort-error";
export {
  ApiError,
  type ApiErrorInit,
  AuthenticationError,
  BadRequestError,
  ConflictError,
  createApiError,
  InternalServerError,
  ModerationBlockedError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  UnprocessableEntityError,
} from "./errors/api-error";
export { ConnectionError } from "./errors/connection-error";
export type { EaselErrorOptions } from "./errors/easel-error";
export { EaselError } from "./errors/easel-error";
export { ImageRequestValidationError } from "./errors/image-request-validation-error";
export { InvalidSizeError, type SizeRule } from "./errors/invalid-size-error";
export {
  InvalidResponseError,
  StreamIdleTimeoutError,
  StreamProtocolError,
  StreamTruncatedError,
} from "./errors/stream-errors";
export { TimeoutError } from "./errors/timeout-error";
export { type CostEstimate, estimateCost, type ImageCountUsage } from "./estimate-cost";
export { estimateUsage, type UsageEstimateParams } from "./estimate-usage";
export type { FetchFunction } from "./fetch-function";
export {
  createGeneratedImage,
  type GeneratedImage,
  type ImageMimeType,
  sniffMimeType,
} from "./generated-image";
export {
  BACKGROUNDS,
  type Background,
  IMAGE_MODELS,
  IMAGE_PARAM_NAMES,
  type ImageGenerateParams,
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
export { ImageStream, type ImageStreamInit, type ImageStreamResult } from "./image-stream";
export {
  createImagesClient,
  type ImagesClient,
  type ImagesClientOptions,
  type ImagesResource,
  type ImagesResult,
  type NonStreamingImageGenerateParams,
  type RequestOptions,
  type StreamingImageGenerateParams,
} from "./images-client";
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
export { failedBeforeSending } from "./network-failure";
export type { ApiErrorBody, ImageData, ImagesResponse, ImageUsage } from "./response-schema";
export { retryDelayMs, shouldRetryResponse, sleep } from "./retry-policy";
export { safeUrl } from "./safe-url";
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
export type {
  CompletedImageEvent,
  PartialImageEvent,
  StreamErrorEvent,
} from "./stream-event-schema";
export {
  listValues,
  type ValidateOptions,
  type ValidationIssue,
  type ValidationResult,
  type ValidationWarning,
  validateImageRequest,
} from "./validate-image-request";
export {
  COMPLETED_EVENT_SHAPE,
  checkShape,
  type FieldType,
  IMAGE_DATA_SHAPE,
  IMAGES_RESPONSE_SHAPE,
  PARTIAL_EVENT_SHAPE,
  type Shape,
  USAGE_SHAPE,
} from "./wire-shape";
