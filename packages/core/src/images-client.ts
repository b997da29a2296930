import { AbortError } from "./errors/abort-error";
import { type ApiError, createApiError } from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { ImageRequestValidationError } from "./errors/image-request-validation-error";
import { InvalidResponseError } from "./errors/stream-errors";
import { TimeoutError } from "./errors/timeout-error";
import type { FetchFunction } from "./fetch-function";
import { createGeneratedImage, type GeneratedImage } from "./generated-image";
import type { ImageGenerateParams } from "./image-params";
import { ImageStream } from "./image-stream";
import type { ImagesResponse } from "./response-schema";
import { failedBeforeSending, retryDelayMs, shouldRetryResponse, sleep } from "./retry-policy";
import { type ValidationWarning, validateImageRequest } from "./validate-image-request";
import { checkShape, IMAGE_DATA_SHAPE, IMAGES_RESPONSE_SHAPE } from "./wire-shape";

/** Options of `createImagesClient`. Every one is optional. */
export interface ImagesClientOptions {
  /** Sent as `Authorization: Bearer ...`. Leave out when calling a proxy that adds it. */
  apiKey?: string | undefined;
  /** Defaults to `https://api.openai.com/v1`. */
  baseURL?: string | undefined;
  /** Sent as `OpenAI-Organization`. */
  organization?: string | undefined;
  /** Sent as `OpenAI-Project`. */
  project?: string | undefined;
  /** The transport; `globalThis.fetch` (read at call time) by default. */
  fetch?: FetchFunction | undefined;
  /** Per attempt, ms: the whole non-streamed response, or until a stream's headers. Default 600,000 (10 min). */
  timeout?: number | undefined;
  /** A stream that sends no bytes for this long (ms) is aborted. Default 120,000. */
  idleTimeout?: number | undefined;
  /** Retries of failures that cannot have been billed. Default 2. */
  maxRetries?: number | undefined;
  /** Headers sent with every request. */
  defaultHeaders?: Record<string, string> | undefined;
  /** Check requests before sending them (no fetch for an invalid one). Default true. */
  validate?: boolean | undefined;
  /**
   * Also retry failures after the request was sent (timeouts, dropped connections), which
   * may bill the same image twice. Default false.
   */
  retryUnsafe?: boolean | undefined;
  /** Receives each validation warning (retired model, experimental size, ignored parameter). */
  onWarning?: ((warning: ValidationWarning) => void) | undefined;
  /** Receives one line per attempt, retry and response; never the API key. */
  debug?: ((message: string, details: Record<string, unknown>) => void) | undefined;
}

/** Per-call options of `client.images.generate`. */
export interface RequestOptions {
  /** Aborts the request, its retries and their waits. */
  signal?: AbortSignal | undefined;
  timeout?: number | undefined;
  idleTimeout?: number | undefined;
  maxRetries?: number | undefined;
  headers?: Record<string, string> | undefined;
}

/** A non-streamed result: the API's response plus the request id, headers and decoded images. */
export type ImagesResult = ImagesResponse & {
  /** One entry per image, with `mimeType` and a cached `bytes()`. */
  images: GeneratedImage[];
  requestId: string | null;
  headers: Headers;
  /** Validation warnings for this request. */
  warnings: ValidationWarning[];
};

/** Parameters of a streamed generation. */
export type StreamingImageGenerateParams = ImageGenerateParams & { stream: true };
/** Parameters of a non-streamed generation. */
export type NonStreamingImageGenerateParams = ImageGenerateParams & { stream?: false | null };

/** The client's `images` resource. */
export interface ImagesResource {
  generate(params: StreamingImageGenerateParams, options?: RequestOptions): Promise<ImageStream>;
  generate(
    params: NonStreamingImageGenerateParams,
    options?: RequestOptions,
  ): Promise<ImagesResult>;
  generate(
    params: ImageGenerateParams,
    options?: RequestOptions,
  ): Promise<ImagesResult | ImageStream>;
}

/** A client for `POST /images/generations`. */
export interface ImagesClient {
  readonly images: ImagesResource;
  readonly baseURL: string;
}

const DEFAULT_BASE_URL = "https://api.openai.com/v1";
const UNSAFE_REASON =
  "the request had been sent, so the image may already be generated and billed; pass retryUnsafe: true to retry such failures";
const EXCERPT = 200;

// Where a request went, without credentials or query strings that could hold secrets.
function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}

/**
 * Creates a client with the official SDK's shape (`client.images.generate`), on any runtime
 * with `fetch`. Validates before sending, streams typed events, and retries only what cannot
 * bill twice.
 *
 * @example
 * ```ts
 * const client = createImagesClient({ apiKey: process.env.OPENAI_API_KEY });
 * const result = await client.images.generate({ model: "gpt-image-1.5", prompt: "a red kite" });
 * const png = result.images[0]!.bytes();
 * ```
 */
export function createImagesClient(options: ImagesClientOptions = {}): ImagesClient {
  const baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const url = `${baseURL}/images/generations`;
  const debug = options.debug;
  // A server may echo a rejected key in its error text; it must not reach an error message.
  const secret = options.apiKey;
  const redact = (text: string) =>
    secret && secret.length >= 8 ? text.split(secret).join("[redacted]") : text;

  async function generate(
    params: ImageGenerateParams,
    call: RequestOptions = {},
  ): Promise<ImagesResult | ImageStream> {
    let body: ImageGenerateParams = params;
    let warnings: ValidationWarning[] = [];
    if (options.validate !== false) {
      const checked = validateImageRequest(params);
      if (!checked.ok) throw new ImageRequestValidationError(checked.issues, checked.warnings);
      body = checked.request;
      warnings = checked.warnings;
      for (const warning of warnings) options.onWarning?.(warning);
    }
    const streaming = (body as { stream?: unknown }).stream === true;
    const expectedImages = typeof body.n === "number" && body.n > 0 ? body.n : 1;
    const headers = new Headers({
      "content-type": "application/json",
      accept: streaming ? "text/event-stream" : "application/json",
    });
    try {
      if (options.apiKey) headers.set("authorization", `Bearer ${options.apiKey}`);
      if (options.organization) headers.set("openai-organization", options.organization);
      if (options.project) headers.set("openai-project", options.project);
      for (const [k, v] of Object.entries(options.defaultHeaders ?? {})) headers.set(k, v);
      for (const [k, v] of Object.entries(call.headers ?? {})) headers.set(k, v);
    } catch {
      // The runtime's TypeError quotes the value, which may be the key: no cause, no value.
      throw new EaselError(
        "A header value is not allowed in HTTP (a line break or control character inside the apiKey, organization, project or headers options?). Remove it and try again.",
      );
    }
    const payload = JSON.stringify(body);
    const timeout = call.timeout ?? options.timeout ?? 600_000;
    const maxRetries = Math.max(0, call.maxRetries ?? options.maxRetries ?? 2);
    const userSignal = call.signal;
    const fetchFn: FetchFunction =
      options.fetch ?? ((input, init) => globalThis.fetch(input, init));

    for (let attempt = 0; ; attempt++) {
      if (userSignal?.aborted) throw new AbortError(userSignal.reason);
      const canRetry = attempt < maxRetries;
      const controller = new AbortController();
      const onUserAbort = () => controller.abort(new AbortError(userSignal?.reason));
      userSignal?.addEventListener("abort", onUserAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TimeoutError(timeout));
      }, timeout);
      const cleanup = () => {
        clearTimeout(timer);
        userSignal?.removeEventListener("abort", onUserAbort);
      };
      const retryWait = async (headersForDelay: Headers | undefined, reason: string) => {
        const delay = retryDelayMs(headersForDelay, attempt);
        debug?.("retrying", { attempt: attempt + 1, delayMs: delay, reason });
        try {
          await sleep(delay, userSignal);
        } catch (reasonValue) {
          throw new AbortError(reasonValue);
        }
      };
      // A failure after the request went out: retried only with retryUnsafe.
      const unsafeFailure = (error: EaselError) => ({
        error,
        retry: options.retryUnsafe === true && canRetry,
      });

      debug?.("request", {
        attempt,
        url: safeUrl(url),
        stream: streaming,
        model: body.model ?? null,
      });
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: "POST",
          headers,
          body: payload,
          signal: controller.signal,
        });
      } catch (error) {
        cleanup();
        if (userSignal?.aborted) throw new AbortError(userSignal.reason);
        let outcome: { error: EaselError; retry: boolean };
        if (timedOut) {
          outcome = unsafeFailure(
            new TimeoutError(timeout, options.retryUnsafe ? undefined : UNSAFE_REASON),
          );
        } else if (failedBeforeSending(error)) {
          outcome = {
            error: new ConnectionError(
              `Could not connect to ${safeUrl(url)}: ${describe(error)}. Check the network and baseURL.`,
              {
                cause: error,
                requestSent: false,
                isRetryable: true,
              },
            ),
            retry: canRetry,
          };
        } else {
          outcome = unsafeFailure(
            new ConnectionError(
              `The connection to ${safeUrl(url)} failed after the request was sent: ${describe(error)}.${options.retryUnsafe ? "" : ` It was not retried: ${UNSAFE_REASON}.`}`,
              {
                cause: error,
                requestSent: true,
                notRetriedReason: options.retryUnsafe ? undefined : UNSAFE_REASON,
              },
            ),
          );
        }
        debug?.("failed", { attempt, error: outcome.error.name, willRetry: outcome.retry });
        if (!outcome.retry) throw outcome.error;
        await retryWait(undefined, outcome.error.name);
        continue;
      }

      const requestId = response.headers.get("x-request-id");
      debug?.("response", { attempt, status: response.status, requestId });
      if (!response.ok) {
        let apiError: ApiError;
        try {
          apiError = await readApiError(response, redact);
        } catch (error) {
          cleanup();
          if (userSignal?.aborted) throw new AbortError(userSignal.reason);
          if (timedOut) throw new TimeoutError(timeout);
          throw error;
        }
        cleanup();
        const retry =
          canRetry && shouldRetryResponse(response.status, response.headers, apiError.type);
        if (!retry) throw apiError;
        await retryWait(response.headers, `HTTP ${response.status}`);
        continue;
      }

      if (streaming) {
        // The timeout covered the wait for headers; from here the idle timeout watches.
        clearTimeout(timer);
        return new ImageStream({
          response,
          controller,
          expectedImages,
          idleTimeout: call.idleTimeout ?? options.idleTimeout ?? 120_000,
          onSettled: cleanup,
          redact,
        });
      }

      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        cleanup();
        if (userSignal?.aborted) throw new AbortError(userSignal.reason);
        const outcome = timedOut
          ? unsafeFailure(
              new TimeoutError(timeout, options.retryUnsafe ? undefined : UNSAFE_REASON),
            )
          : unsafeFailure(
              new ConnectionError(
                `The connection dropped while the response was arriving: ${describe(error)}.${options.retryUnsafe ? "" : ` It was not retried: ${UNSAFE_REASON}.`}`,
                {
                  cause: error,
                  requestSent: true,
                  notRetriedReason: options.retryUnsafe ? undefined : UNSAFE_REASON,
                },
              ),
            );
        if (!outcome.retry) throw outcome.error;
        await retryWait(undefined, outcome.error.name);
        continue;
      }
      cleanup();
      return toResult(text, response, warnings, redact);
    }
  }

  return {
    baseURL,
    images: { generate: generate as ImagesResource["generate"] },
  };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const codes: string[] = [];
  for (let e: unknown = error.cause, depth = 0; e && typeof e === "object" && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes.length > 0 ? `${error.message} (${codes.join(", ")})` : error.message;
}

async function readApiError(
  response: Response,
  redact: (text: string) => string,
): Promise<ApiError> {
  const text = redact(await response.text());
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const error = (json as { error?: unknown } | undefined)?.error as
    | Record<string, unknown>
    | undefined;
  if (typeof error === "object" && error !== null && typeof error.message === "string") {
    const text = (key: string) => (typeof error[key] === "string" ? (error[key] as string) : null);
    return createApiError({
      status: response.status,
      message: error.message,
      type: text("type"),
      code: text("code"),
      param: text("param"),
      headers: response.headers,
      error,
      // The retry policy's verdict, budget aside: callers can tell a 429 from a 400.
      isRetryable: shouldRetryResponse(response.status, response.headers, text("type")),
    });
  }
  return createApiError({
    status: response.status,
    message: text.trim()
      ? `${response.statusText || "Error"}: ${text.slice(0, EXCERPT)}`
      : response.statusText || "Error",
    headers: response.headers,
    isRetryable: shouldRetryResponse(response.status, response.headers, null),
  });
}

function toResult(
  text: string,
  response: Response,
  warnings: ValidationWarning[],
  redact: (text: string) => string,
): ImagesResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new InvalidResponseError(
      "The API's response is not valid JSON",
      response.status,
      redact(text.slice(0, EXCERPT)),
      cause,
    );
  }
  const problems = checkShape(json, IMAGES_RESPONSE_SHAPE);
  const items = (json as { data?: unknown } | null)?.data;
  if (items !== undefined) {
    if (!Array.isArray(items)) problems.push("data: expected array");
    else {
      for (let i = 0; i < items.length; i++) {
        problems.push(...checkShape(items[i], IMAGE_DATA_SHAPE, `data.${i}`));
      }
    }
  }
  if (problems.length > 0) {
    throw new InvalidResponseError(
      `The API's response does not match the images schema (${problems.join("; ")})`,
      response.status,
      redact(text.slice(0, EXCERPT)),
    );
  }
  const data = json as ImagesResponse;
  return {
    ...data,
    images: (data.data ?? []).map((image) => createGeneratedImage(image, data.output_format)),
    requestId: response.headers.get("x-request-id"),
    headers: response.headers,
    warnings,
  };
}
