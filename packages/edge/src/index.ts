export type { ProxyErrorDetail } from "./api-error-response";
export { createImagesClient, type EdgeImagesClientOptions } from "./images-client";
export {
  createImagesProxy,
  type FromEnv,
  type ImagesProxy,
  type ImagesProxyOptions,
  type UpstreamFunction,
} from "./images-proxy";
export {
  createMemoryRateLimiter,
  type MemoryRateLimiterOptions,
  type RateLimiter,
  type RateLimitOutcome,
} from "./rate-limit";
export type { EaselEnv, ExecutionContextLike } from "./worker-env";
