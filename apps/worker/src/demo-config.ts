import type { EaselEnv, RateLimiter } from "@easel/edge";

/** The Worker's bindings (wrangler.jsonc, secrets). */
export interface Env extends EaselEnv {
  ASSETS: Fetcher;
  /** The bearer token the page must send when the upstream is OpenAI. A secret. */
  PROXY_TOKEN?: string;
  /** Comma-separated origins allowed besides the Worker's own, or "*". */
  ALLOWED_ORIGINS?: string;
  /** The Workers Rate Limiting binding; used only with a real key. */
  RATE_LIMITER?: RateLimiter;
}

/** Where generations go: the emulator inside this Worker, or OpenAI. */
export type UpstreamKind = "emulator" | "openai";

/**
 * What `GET /api/config` answers: the page reads it to say which upstream it talks to, to ask
 * for a token when one is needed, and to offer only what the proxy will accept.
 */
export interface DemoConfig {
  upstream: UpstreamKind;
  /** `"token"`: send `Authorization: Bearer <PROXY_TOKEN>`; `"none"`: send nothing. */
  auth: "none" | "token";
  /** The proxy's base path: generations go to `${basePath}/images/generations`. */
  basePath: string;
  /** Models the proxy accepts, the default first. */
  models: string[];
  /** The largest `n`. */
  maxN: number;
  /** The largest `width * height`. */
  maxPixels: number;
  /** The largest request body, in bytes. */
  maxBodyBytes: number;
  /** Whether `stream: true` is allowed (always, for the GPT image models). */
  streaming: boolean;
  /** `moderation` forced on every request, or null. */
  moderation: "auto" | "low" | null;
}

export const BASE_PATH = "/api";
export const MAX_BODY_BYTES = 64 * 1024;
const MODELS = ["gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini"];

/**
 * The policy of each mode. With a real key every image costs money, so requests are smaller
 * (one image, at most 2560x1440, the sizes the API does not call experimental); the emulator
 * costs nothing, so it allows the whole range.
 */
export function demoConfig(env: Env): DemoConfig {
  const upstream: UpstreamKind = env.OPENAI_API_KEY ? "openai" : "emulator";
  return {
    upstream,
    auth: upstream === "openai" ? "token" : "none",
    basePath: BASE_PATH,
    models: MODELS,
    maxN: upstream === "openai" ? 1 : 4,
    maxPixels: upstream === "openai" ? 2560 * 1440 : 3840 * 2160,
    maxBodyBytes: MAX_BODY_BYTES,
    streaming: true,
    moderation: null,
  };
}

/** `ALLOWED_ORIGINS` as the proxy's option. */
export function allowedOrigins(env: Env): readonly string[] | "*" {
  const value = (env.ALLOWED_ORIGINS ?? "").trim();
  if (value === "*") return "*";
  return value
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => origin.length > 0);
}
