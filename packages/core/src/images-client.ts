import { ignore } from "./decode-image-stream";
import { AbortError } from "./errors/abort-error";
import { readApiError } from "./errors/api-error";
import { ConnectionError } from "./errors/connection-error";
import { EaselError } from "./errors/easel-error";
import { ImageRequestValidationError } from "./errors/image-request-validation-error";
import { InvalidResponseError } from "./errors/stream-errors";
import { TimeoutError } from "./errors/timeout-error";
import type { FetchFunction } from "./fetch-function";
import { createGeneratedImage, type GeneratedImage } from "./generated-image";
import type { ImageGenerateParams } from "./image-params";
import { ImageStream } from "./image-stream";
import { describeFailure, failedBeforeSending, TELLS_NOT_SENT } from "./network-failure";
import type { ImagesResponse } from "./response-schema";
import { retryDelayMs, sleep } from "./retry-policy";
import { safeUrl } from "./safe-url";
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
// Why a failure after sending is not retried (ConnectionError and TimeoutError carry it).
const UNSAFE_REASON = "it may already be billed; pass retryUnsafe: true to retry";

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
  // Read once into locals: the minifier shortens locals, not `options.x` reads.
  const {
    apiKey,
    organization,
    project,
    defaultHeaders,
    validate,
    retryUnsafe,
    onWarning,
    debug,
    // globalThis.fetch is read at call time, so a fetch installed later is used.
    fetch: fetchFn = (input, init) => globalThis.fetch(input, init),
  } = options;
  const baseURL = (options.baseURL ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  const url = `${baseURL}/images/generations`;
  const where = safeUrl(url);
  // A server may echo a rejected key in its error text; it must not reach an error message.
  const redact = (text: string) =>
    apiKey && apiKey.length >= 8 ? text.replaceAll(apiKey, "[redacted]") : text;

  async function generate(
    params: ImageGenerateParams,
    call: RequestOptions = {},
  ): Promise<ImagesResult | ImageStream> {
    let body: ImageGenerateParams = params;
    let warnings: ValidationWarning[] = [];
    if (validate !== false) {
      const checked = validateImageRequest(params);
      if (!checked.ok) throw new ImageRequestValidationError(checked.issues, checked.warnings);
      body = checked.request;
      warnings = checked.warnings;
      for (const warning of warnings) onWarning?.(warning);
    }
    const streaming = (body as { stream?: unknown }).stream === true;
    const headers = new Headers({
      "content-type": "application/json",
      accept: streaming ? "text/event-stream" : "application/json",
    });
    try {
      if (apiKey) headers.set("authorization", `Bearer ${apiKey}`);
      if (organization) headers.set("openai-organization", organization);
      if (project) headers.set("openai-project", project);
      // Per-call headers win over the client's (set later, Headers is case-insensitive).
      for (const [k, v] of Object.entries({ ...defaultHeaders, ...call.headers })) {
        headers.set(k, v);
      }
    } catch {
      // The runtime's TypeError quotes the value, which may be the key: no cause, no value.
      throw new EaselError(
        "A header value has a character HTTP forbids; check apiKey and headers.",
      );
    }
    const payload = JSON.stringify(body);
    const timeout = call.timeout ?? options.timeout ?? 600_000;
    const maxRetries = Math.max(0, call.maxRetries ?? options.maxRetries ?? 2);
    const signal = call.signal;
    // Why the previous attempt is retried, and the answer's headers (retry-after) if any.
    let why = "";
    let answer: Headers | undefined;

    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) {
        const delay = retryDelayMs(answer, attempt - 1);
        debug?.("retrying", { attempt, delayMs: delay, reason: why });
        // The caller's signal cuts the wait short (sleep rejects), and the check below throws.
        await sleep(delay, signal).catch(ignore);
      }
      if (signal?.aborted) throw new AbortError(signal.reason);
      const canRetry = attempt < maxRetries;
      const controller = new AbortController();
      const onUserAbort = () => controller.abort(new AbortError(signal?.reason));
      signal?.addEventListener("abort", onUserAbort, { once: true });
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new TimeoutError(timeout));
      }, timeout);
      const cleanup = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onUserAbort);
      };
      // A fetch or a body read that failed: throws the error that ends the call, or returns
      // to retry. After sending (or on a timeout) a retry may bill the same image twice, so
      // only retryUnsafe allows it.
      const fail = (error: unknown, sent: boolean) => {
        cleanup();
        if (signal?.aborted) throw new AbortError(signal.reason);
        const unsafe = sent || timedOut;
        const reason = unsafe && !retryUnsafe ? UNSAFE_REASON : undefined;
        const what = describeFailure(error);
        const failure = timedOut
          ? new TimeoutError(timeout, reason)
          : new ConnectionError(
              // The constant first: the web build, which never tells, drops the first text.
              TELLS_NOT_SENT && !unsafe
                ? `Could not connect to ${where}: ${what}; check the network and baseURL.`
                : `The connection to ${where} failed after sending: ${what}${reason ? `, not retried: ${reason}` : ""}.`,
              { cause: error, requestSent: unsafe, isRetryable: !unsafe, notRetriedReason: reason },
            );
        const retry = canRetry && !reason;
        debug?.("failed", { attempt, error: failure.name, willRetry: retry });
        if (!retry) throw failure;
        why = failure.name;
        answer = undefined;
      };

      debug?.("request", { attempt, url: where, stream: streaming, model: body.model ?? null });
      let response: Response;
      try {
        response = await fetchFn(url, {
          method: "POST",
          headers,
          body: payload,
          signal: controller.signal,
        });
      } catch (error) {
        fail(error, !failedBeforeSending(error));
        continue;
      }
      const { ok, status } = response;
      debug?.("response", { attempt, status, requestId: response.headers.get("x-request-id") });

      if (ok && streaming) {
        // The timeout covered the wait for headers; from here the idle timeout watches.
        clearTimeout(timer);
        return new ImageStream({
          response,
          controller,
          expectedImages: typeof body.n === "number" && body.n > 0 ? body.n : 1,
          idleTimeout: call.idleTimeout ?? options.idleTimeout ?? 120_000,
          onSettled: cleanup,
          redact,
        });
      }

      let text: string;
      try {
        text = await response.text();
      } catch (error) {
        fail(error, true);
        continue;
      }
      cleanup();
      if (ok) return toResult(text, response, warnings);
      // isRetryable is the retry policy's verdict on this answer, the budget aside.
      const apiError = readApiError(redact(text), response);
      if (!(canRetry && apiError.isRetryable)) throw apiError;
      why = `HTTP ${status}`;
      answer = response.headers;
    }
  }

  function toResult(text: string, response: Response, warnings: ValidationWarning[]) {
    const invalid = (problem: string, cause?: unknown) =>
      new InvalidResponseError(
        `The response ${problem}`,
        response.status,
        // Redacted before it is cut, so no piece of a secret survives at the cut.
        redact(text).slice(0, 200),
        cause,
      );
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw invalid("is not JSON", cause);
    }
    const problems = checkShape(json, IMAGES_RESPONSE_SHAPE);
    const items = (json as { data?: unknown } | null)?.data;
    if (items !== undefined) {
      problems.push(
        ...(Array.isArray(items)
          ? items.flatMap((item, i) => checkShape(item, IMAGE_DATA_SHAPE, `data.${i}`))
          : ["data: expected array"]),
      );
    }
    if (problems.length > 0) {
      throw invalid(`is malformed (${problems.join("; ")})`);
    }
    const data = json as ImagesResponse;
    const result: ImagesResult = {
      ...data,
      images: (data.data ?? []).map((image) => createGeneratedImage(image, data.output_format)),
      requestId: response.headers.get("x-request-id"),
      headers: response.headers,
      warnings,
    };
    return result;
  }

  return {
    baseURL,
    images: { generate: generate as ImagesResource["generate"] },
  };
}
