import {
  checkSize,
  EaselError,
  failedBeforeSending,
  listValues,
  type Moderation,
  type ValidationIssue,
  validateImageRequest,
} from "@easel/core";
import { apiErrorResponse } from "./api-error-response";
import { secretsEqual } from "./constant-time";
import { addPreflightHeaders, decideCors, PASSED_RESPONSE_HEADERS } from "./cors";
import { jsonDepthExceeds } from "./json-depth";
import type { RateLimiter } from "./rate-limit";
import { readBoundedBody } from "./read-bounded-body";
import { redactSecrets } from "./redact-secrets";
import { type EaselEnv, type ExecutionContextLike, readBinding } from "./worker-env";

/** Where the proxy sends a request it accepted; `fetch` by default. */
export type UpstreamFunction<Env> = (request: Request, env: Env) => Promise<Response>;

/** A value given directly, or computed per request from the Worker's `env` (and the request). */
export type FromEnv<Env, T> = T | ((env: Env, request: Request) => T);

/** Options of `createImagesProxy`. Auth must be chosen: `token`, `authorize`, or `auth: "none"`. */
export interface ImagesProxyOptions<Env = EaselEnv> {
  /** The path prefix; the proxy answers `{basePath}/images/generations`. Default `/api`. */
  basePath?: string;
  /**
   * The bearer token clients must send (`Authorization: Bearer <token>`), compared in
   * constant time. Usually read from a secret: `token: (env) => env.PROXY_TOKEN`.
   */
  token?: FromEnv<Env, string | undefined>;
  /** Decides instead of `token`: resolve `true` to let the request through. */
  authorize?: (request: Request, env: Env) => boolean | Promise<boolean>;
  /** `"none"` opens the proxy to anyone who can reach it. Must be explicit. */
  auth?: "none";
  /**
   * Origins (`https://app.example.com`) whose pages may call the proxy, or `"*"`. The
   * Worker's own origin and requests without `Origin` always pass. Default `[]`.
   */
  allowedOrigins?: readonly string[] | "*";
  /** Models clients may use (the model the API would resolve, default included). */
  allowedModels?: readonly string[];
  /** The largest `n` clients may ask for. */
  maxN?: number;
  /** The largest `width * height` clients may ask for; `auto` and an absent size pass. */
  maxPixels?: number;
  /** Forces `moderation` on every request to a GPT image model, whatever the client sent. */
  moderation?: Moderation;
  /** Request bodies over this many bytes get 413. Default 65,536. */
  maxBodyBytes?: number;
  /** JSON nested deeper than this gets 400 before it is parsed. Default 16. */
  maxJsonDepth?: number;
  /**
   * A limiter with the Workers Rate Limiting binding's shape, or a function of `env` returning
   * one (`(env) => env.RATE_LIMITER`); `undefined` means no limit.
   */
  rateLimiter?: FromEnv<Env, RateLimiter | undefined>;
  /** The rate-limit key of a request. Default: the `CF-Connecting-IP` header. */
  rateLimitKey?: (request: Request, env: Env) => string;
  /** `retry-after` seconds sent with a 429 when the limiter does not say. Default 60. */
  retryAfterSeconds?: number;
  /** The API key. Default `env.OPENAI_API_KEY`. */
  apiKey?: FromEnv<Env, string | undefined>;
  /** Default `env.OPENAI_BASE_URL`, else `https://api.openai.com/v1`. */
  baseURL?: FromEnv<Env, string | undefined>;
  /** Sent as `OpenAI-Organization`. Default `env.OPENAI_ORG_ID`. */
  organization?: FromEnv<Env, string | undefined>;
  /** Sent as `OpenAI-Project`. Default `env.OPENAI_PROJECT_ID`. */
  project?: FromEnv<Env, string | undefined>;
  /** Sends the upstream request; overrides `fetch`. The Worker's dev mode points it at the emulator. */
  upstream?: UpstreamFunction<Env>;
  /** The transport when no `upstream` is given. Default `globalThis.fetch`, read per call. */
  fetch?: (request: Request) => Promise<Response>;
}

/** A Worker `fetch` handler; also callable directly. */
export interface ImagesProxy<Env = EaselEnv> {
  (request: Request, env: Env, ctx?: ExecutionContextLike): Promise<Response>;
  fetch(request: Request, env: Env, ctx?: ExecutionContextLike): Promise<Response>;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const DEFAULT_MAX_BODY = 64 * 1024;
const DEFAULT_MAX_DEPTH = 16;
// An oversized body is read and discarded up to this size so the client gets its 413 instead
// of a connection reset; beyond it the connection is cut.
const DRAIN_LIMIT = 1024 * 1024;
// Error bodies are the only upstream bodies the proxy reads (to redact them); the API's are
// a few hundred bytes.
const MAX_ERROR_BODY = 256 * 1024;
function resolve<Env, T>(
  value: FromEnv<Env, T> | undefined,
  env: Env,
  request: Request,
): T | undefined {
  return typeof value === "function"
    ? (value as (env: Env, request: Request) => T)(env, request)
    : value;
}

function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  const match = header === null ? null : /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  return match ? match[1]! : null;
}

const WIDTH_X_HEIGHT = /^(\d{1,9})x(\d{1,9})$/;

function pixelsOf(size: unknown): number | undefined {
  if (typeof size !== "string" || size === "auto") return undefined;
  const free = checkSize(size);
  if (free.ok) return free.value === "auto" ? undefined : free.value.width * free.value.height;
  // Legacy named sizes (256x256) break the free-size rules but are still sizes.
  const match = WIDTH_X_HEIGHT.exec(size);
  return match ? Number(match[1]) * Number(match[2]) : undefined;
}

/** Checks the operator's limits; reports every one a request breaks. */
function policyIssues(
  body: Record<string, unknown>,
  resolvedModel: string | undefined,
  options: ImagesProxyOptions<never>,
): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const model = resolvedModel ?? (typeof body.model === "string" ? body.model : undefined);
  if (options.allowedModels && model !== undefined && !options.allowedModels.includes(model)) {
    issues.push({
      param: "model",
      code: "model_not_allowed",
      type: "invalid_request_error",
      message: `Model '${model.slice(0, 100)}' is not available through this proxy. Allowed models: ${listValues(options.allowedModels)}.`,
    });
  }
  if (options.maxN !== undefined && typeof body.n === "number" && body.n > options.maxN) {
    issues.push({
      param: "n",
      code: "integer_above_max_value",
      type: "invalid_request_error",
      message: `Invalid 'n': this proxy allows at most ${options.maxN} image${options.maxN === 1 ? "" : "s"} per request, but got ${body.n}.`,
    });
  }
  const pixels = pixelsOf(body.size);
  if (options.maxPixels !== undefined && pixels !== undefined && pixels > options.maxPixels) {
    issues.push({
      param: "size",
      code: "size_above_proxy_limit",
      type: "invalid_request_error",
      message: `Invalid size '${String(body.size)}': this proxy allows at most ${options.maxPixels.toLocaleString("en-US")} pixels per image.`,
    });
  }
  return issues;
}

/**
 * Creates the server half of a browser app: a Worker `fetch` handler that accepts
 * `POST {basePath}/images/generations` with the API's JSON body, checks who is asking (auth,
 * origin, rate limit) and what (size limit, depth, core's validation, the operator's policy)
 * before anything costs money, adds the API key, and streams the API's answer back untouched:
 * the body is passed through, never buffered or parsed, so even a 4K image costs almost no
 * CPU. A client that goes away cancels the upstream request (set the `enable_request_signal`
 * compatibility flag so workerd aborts `request.signal` on disconnect).
 *
 * Refusals are in the API's error shape (`{"error": {message, type, param, code}}`) and never
 * reach the upstream; a 400 from validation also lists every issue under `issues`.
 *
 * @example
 * ```ts
 * import { createImagesProxy, type EaselEnv, type RateLimiter } from "@easel/edge";
 *
 * interface Env extends EaselEnv { PROXY_TOKEN: string; RATE_LIMITER: RateLimiter }
 *
 * const proxy = createImagesProxy<Env>({
 *   token: (env) => env.PROXY_TOKEN,
 *   allowedOrigins: ["https://easel.example.com"],
 *   allowedModels: ["gpt-image-2"],
 *   maxN: 2,
 *   rateLimiter: (env) => env.RATE_LIMITER,
 * });
 *
 * // An object with `fetch`: workerd takes a bare default-exported function for a class.
 * export default { fetch: proxy };
 * ```
 */
export function createImagesProxy<Env = EaselEnv>(
  options: ImagesProxyOptions<Env>,
): ImagesProxy<Env> {
  if (options.auth !== "none" && options.token === undefined && options.authorize === undefined) {
    // Failing at startup beats an open proxy spending someone's key.
    throw new EaselError(
      'createImagesProxy needs `token`, `authorize`, or an explicit `auth: "none"`: without one anyone could spend your API key.',
    );
  }
  const basePath = (options.basePath ?? "/api").replace(/\/+$/, "");
  const route = `${basePath}/images/generations`;
  const allowedOrigins = options.allowedOrigins ?? [];
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const maxJsonDepth = options.maxJsonDepth ?? DEFAULT_MAX_DEPTH;
  const drainUpTo = Math.max(maxBodyBytes, DRAIN_LIMIT);

  async function handle(request: Request, env: Env): Promise<Response> {
    const cors = decideCors(request, allowedOrigins);
    const refuse = (
      status: number,
      message: string,
      code: string,
      extra: { type?: string; param?: string | null; issues?: ValidationIssue[] } = {},
    ) =>
      apiErrorResponse(
        status,
        {
          message,
          type: extra.type ?? "invalid_request_error",
          param: extra.param ?? null,
          code,
        },
        { headers: cors.headers, ...(extra.issues ? { issues: extra.issues } : {}) },
      );

    if (!cors.allowed) {
      return refuse(
        403,
        `Origin '${cors.origin.slice(0, 200)}' may not use this proxy.`,
        "origin_not_allowed",
      );
    }
    if (new URL(request.url).pathname !== route) {
      return refuse(
        404,
        `No route ${request.method} ${new URL(request.url).pathname.slice(0, 200)}.`,
        "not_found",
      );
    }
    if (request.method === "OPTIONS") {
      const headers = addPreflightHeaders(cors.headers);
      headers.set("allow", "POST, OPTIONS");
      return new Response(null, { status: 204, headers });
    }
    if (request.method !== "POST") {
      cors.headers.set("allow", "POST, OPTIONS");
      return refuse(
        405,
        `Method ${request.method} is not allowed; use POST.`,
        "method_not_allowed",
      );
    }

    // Who is asking.
    if (options.authorize !== undefined) {
      if (!(await options.authorize(request, env))) {
        return unauthorized(cors.headers, "The request was not authorized by this proxy.");
      }
    } else if (options.token !== undefined || options.auth !== "none") {
      // A token given alongside auth: "none" still applies: the safer reading of a mixed config.
      const expected = resolve(options.token, env, request);
      if (expected === undefined || expected === "") {
        return refuse(500, "The proxy's token is not configured.", "proxy_misconfigured", {
          type: "server_error",
        });
      }
      const given = bearerToken(request);
      if (given === null) {
        return unauthorized(
          cors.headers,
          "Missing bearer token: send 'Authorization: Bearer <token>'.",
        );
      }
      if (!(await secretsEqual(given, expected))) {
        return unauthorized(cors.headers, "Invalid bearer token for this proxy.");
      }
    }
    const limiter = resolve(options.rateLimiter, env, request);
    if (limiter !== undefined) {
      const key = options.rateLimitKey
        ? options.rateLimitKey(request, env)
        : (request.headers.get("cf-connecting-ip") ?? "anonymous");
      const outcome = await limiter.limit({ key });
      if (!outcome.success) {
        cors.headers.set(
          "retry-after",
          String(outcome.retryAfter ?? options.retryAfterSeconds ?? 60),
        );
        return refuse(429, "Too many requests to this proxy; retry later.", "rate_limit_exceeded", {
          type: "requests",
        });
      }
    }

    // What is asked.
    const contentType = request.headers.get("content-type") ?? "";
    if (!/^application\/json\s*(;|$)/i.test(contentType)) {
      return refuse(
        415,
        "Send the request body as JSON with 'Content-Type: application/json'.",
        "unsupported_media_type",
      );
    }
    let text: string;
    try {
      const body = await readBoundedBody(request, maxBodyBytes, drainUpTo);
      if (!body.ok) {
        return refuse(
          413,
          `The request body is over this proxy's limit of ${maxBodyBytes} bytes.`,
          "request_too_large",
        );
      }
      text = body.text;
    } catch {
      return refuse(400, "The request body could not be read as UTF-8 text.", "invalid_json");
    }
    if (jsonDepthExceeds(text, maxJsonDepth)) {
      return refuse(
        400,
        `The JSON body is nested deeper than ${maxJsonDepth} levels.`,
        "json_too_deep",
      );
    }
    let params: unknown;
    try {
      params = JSON.parse(text);
    } catch {
      return refuse(400, "We could not parse the JSON body of your request.", "invalid_json");
    }
    const checked = validateImageRequest(params);
    const body =
      typeof params === "object" && params !== null && !Array.isArray(params)
        ? (params as Record<string, unknown>)
        : {};
    const issues = [
      ...(checked.ok ? [] : checked.issues),
      ...policyIssues(
        body,
        checked.ok ? checked.model : undefined,
        options as ImagesProxyOptions<never>,
      ),
    ];
    if (!checked.ok || issues.length > 0) {
      const first = issues[0]!;
      return refuse(400, first.message, first.code, {
        type: first.type,
        param: first.param,
        issues,
      });
    }

    // Forward. The body is rebuilt from the validated request, so what goes upstream is what
    // was checked (a duplicated key like {"n":1,"n":10} cannot mean one thing here and another
    // there), and only these headers go: nothing the client sent (cookies, its authorization,
    // host, x-forwarded-*, openai-*) reaches the API.
    const apiKey =
      options.apiKey !== undefined
        ? resolve(options.apiKey, env, request)
        : readBinding(env, "OPENAI_API_KEY");
    if (apiKey === undefined || apiKey === "") {
      return refuse(500, "The proxy has no API key configured.", "proxy_misconfigured", {
        type: "server_error",
      });
    }
    const upstreamBody: Record<string, unknown> = { ...checked.request };
    if (options.moderation !== undefined && (checked.spec?.family ?? "gpt-image") === "gpt-image") {
      upstreamBody.moderation = options.moderation;
    }
    const streaming = upstreamBody.stream === true;
    const headers = new Headers({
      "content-type": "application/json",
      accept: streaming ? "text/event-stream" : "application/json",
      authorization: `Bearer ${apiKey}`,
    });
    const organization =
      options.organization !== undefined
        ? resolve(options.organization, env, request)
        : readBinding(env, "OPENAI_ORG_ID");
    const project =
      options.project !== undefined
        ? resolve(options.project, env, request)
        : readBinding(env, "OPENAI_PROJECT_ID");
    if (organization) headers.set("openai-organization", organization);
    if (project) headers.set("openai-project", project);
    const baseURL = (
      (options.baseURL !== undefined
        ? resolve(options.baseURL, env, request)
        : readBinding(env, "OPENAI_BASE_URL")) ?? DEFAULT_BASE_URL
    ).replace(/\/+$/, "");
    const upstreamRequest = new Request(`${baseURL}/images/generations`, {
      method: "POST",
      headers,
      body: JSON.stringify(upstreamBody),
      // The client going away aborts this fetch (workerd, with enable_request_signal).
      signal: request.signal,
    });

    let response: Response;
    try {
      response = options.upstream
        ? await options.upstream(upstreamRequest, env)
        : await (options.fetch ?? ((r: Request) => globalThis.fetch(r)))(upstreamRequest);
    } catch (error) {
      if (request.signal.aborted) {
        // Nobody is listening; the status is for logs only.
        return refuse(499, "The client closed the request.", "client_closed_request");
      }
      if (failedBeforeSending(error)) {
        return refuse(502, "The proxy could not reach the upstream API.", "upstream_unreachable", {
          type: "server_error",
        });
      }
      // The upstream had the request and may have generated (and billed) the image: a client
      // that retried this 502 could pay twice, so the proxy tells core's retry policy not to.
      cors.headers.set("x-should-retry", "false");
      return refuse(
        502,
        "The connection to the upstream API dropped after the request was sent; the image may have been generated and billed, so do not retry blindly.",
        "upstream_connection_lost",
        { type: "server_error" },
      );
    }

    const out = cors.headers;
    for (const name of PASSED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) out.set(name, value);
    }
    if (response.ok) {
      // The body as a stream, untouched: the first partial image reaches the client as soon
      // as the API sends it, and a cancelled client cancels this body and with it the fetch.
      return new Response(response.body, { status: response.status, headers: out });
    }
    return upstreamError(response, out, [apiKey]);
  }

  const proxy = (async (request: Request, env: Env) => {
    try {
      return await handle(request, env);
    } catch {
      // A throwing hook or limiter: refuse without detail (it could hold a secret).
      return apiErrorResponse(500, {
        message: "The proxy failed to handle the request.",
        type: "server_error",
        param: null,
        code: "proxy_error",
      });
    }
  }) as ImagesProxy<Env>;
  proxy.fetch = proxy;
  return proxy;
}

function unauthorized(headers: Headers, message: string): Response {
  headers.set("www-authenticate", 'Bearer realm="easel"');
  return apiErrorResponse(
    401,
    { message, type: "invalid_request_error", param: null, code: "invalid_proxy_token" },
    { headers },
  );
}

/**
 * An upstream error, status kept: its JSON body passed on (minus anything key-shaped), or, when
 * it is not JSON in the API's shape (an HTML 502 page), an API-shaped body saying so.
 */
async function upstreamError(
  response: Response,
  headers: Headers,
  secrets: readonly string[],
): Promise<Response> {
  let text: string | undefined;
  try {
    const body = await readBoundedBody(response, MAX_ERROR_BODY);
    if (body.ok) text = body.text;
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    try {
      const parsed = JSON.parse(text) as unknown;
      if (
        typeof parsed === "object" &&
        parsed !== null &&
        typeof (parsed as { error?: unknown }).error === "object"
      ) {
        headers.set("content-type", "application/json");
        return new Response(redactSecrets(text, secrets), { status: response.status, headers });
      }
    } catch {
      // Not JSON: described below.
    }
  }
  return apiErrorResponse(
    response.status,
    {
      message: `The upstream API answered ${response.status} without an error body in the API's shape.`,
      type: response.status >= 500 ? "server_error" : "invalid_request_error",
      param: null,
      code: "upstream_error",
    },
    { headers },
  );
}
