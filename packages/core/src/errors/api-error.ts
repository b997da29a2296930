import { EaselError } from "./easel-error";

/** What the API said, as parsed from its error body and headers. */
export interface ApiErrorInit {
  /** HTTP status; `undefined` for an error event inside a stream that started with 200. */
  status: number | undefined;
  message: string;
  type?: string | null | undefined;
  code?: string | null | undefined;
  param?: string | null | undefined;
  headers?: Headers | undefined;
  /** The whole `error` object of the body, extra fields (like `moderation_details`) included. */
  error?: Record<string, unknown> | undefined;
  isRetryable?: boolean;
}

const ADVICE: Record<number, string> = {
  400: "Fix the request; sending it again unchanged will fail the same way.",
  401: "Check the API key (OPENAI_API_KEY or the apiKey option) and the organization and project headers.",
  403: "The key is not allowed to use this model or endpoint; check the project's permissions and verification.",
  404: "Check the model name and baseURL.",
  409: "The request conflicted with another one; retry it.",
  422: "The request was understood but cannot be processed; fix its parameters.",
  429: "You hit a rate limit or quota; wait (see retry-after) or lower the request rate, and check your billing.",
};

/**
 * An error answer from the API. Carries everything the API said: `status`, `code`, `type`,
 * `param`, `requestId` (quote it to OpenAI support) and the response `headers`.
 *
 * @example
 * ```ts
 * try {
 *   await client.images.generate({ model: "gpt-image-2", prompt });
 * } catch (error) {
 *   if (ApiError.isInstance(error)) console.log(error.status, error.code, error.requestId);
 * }
 * ```
 */
export class ApiError extends EaselError {
  static override readonly kind: string = "ApiError";
  readonly status: number | undefined;
  readonly code: string | null;
  readonly type: string | null;
  readonly param: string | null;
  readonly requestId: string | null;
  readonly headers: Headers | undefined;
  /** The API's `error` object as sent, for fields easel does not model. */
  readonly error: Record<string, unknown> | undefined;

  constructor(init: ApiErrorInit) {
    const requestId = init.headers?.get("x-request-id") ?? null;
    const status = init.status === undefined ? "Stream error" : String(init.status);
    const advice =
      init.code === "moderation_blocked"
        ? "The safety system refused it; rephrase the prompt (sending it unchanged is refused again)."
        : init.status === undefined
          ? ""
          : (ADVICE[init.status] ??
            (init.status >= 500
              ? "The API failed on its side; retrying later usually works."
              : ""));
    super(
      `${status}: ${init.message}${init.code ? ` (code ${init.code})` : ""}${requestId ? ` [request ${requestId}]` : ""}${advice ? ` ${advice}` : ""}`,
      { isRetryable: init.isRetryable ?? false },
    );
    this.status = init.status;
    this.code = init.code ?? null;
    this.type = init.type ?? null;
    this.param = init.param ?? null;
    this.requestId = requestId;
    this.headers = init.headers;
    this.error = init.error;
  }
}

/**
 * 400: the API refused the request's content.
 *
 * @example
 * ```ts
 * if (BadRequestError.isInstance(error)) console.log(error.param, error.message);
 * ```
 */
export class BadRequestError extends ApiError {
  static override readonly kind: string = "BadRequestError";
}

/**
 * 401: missing or wrong API key.
 *
 * @example
 * ```ts
 * if (AuthenticationError.isInstance(error)) console.log("check OPENAI_API_KEY");
 * ```
 */
export class AuthenticationError extends ApiError {
  static override readonly kind: string = "AuthenticationError";
}

/**
 * 403: the key may not do this (model access, organization verification).
 *
 * @example
 * ```ts
 * if (PermissionDeniedError.isInstance(error)) console.log(error.message);
 * ```
 */
export class PermissionDeniedError extends ApiError {
  static override readonly kind: string = "PermissionDeniedError";
}

/**
 * 404: unknown model or wrong `baseURL`.
 *
 * @example
 * ```ts
 * if (NotFoundError.isInstance(error)) console.log("check the model and baseURL");
 * ```
 */
export class NotFoundError extends ApiError {
  static override readonly kind: string = "NotFoundError";
}

/**
 * 409: a conflict; retried automatically.
 *
 * @example
 * ```ts
 * if (ConflictError.isInstance(error)) console.log(error.requestId);
 * ```
 */
export class ConflictError extends ApiError {
  static override readonly kind: string = "ConflictError";
}

/**
 * 422: understood but not processable.
 *
 * @example
 * ```ts
 * if (UnprocessableEntityError.isInstance(error)) console.log(error.param);
 * ```
 */
export class UnprocessableEntityError extends ApiError {
  static override readonly kind: string = "UnprocessableEntityError";
}

/**
 * 429: rate limit or quota. Retried automatically, honoring `retry-after`; `retryAfterMs`
 * says how long the API asked to wait.
 *
 * @example
 * ```ts
 * if (RateLimitError.isInstance(error)) console.log(`retry in ${error.retryAfterMs} ms`);
 * ```
 */
export class RateLimitError extends ApiError {
  static override readonly kind: string = "RateLimitError";
  get retryAfterMs(): number | undefined {
    const ms = Number(this.headers?.get("retry-after-ms"));
    if (Number.isFinite(ms) && ms >= 0 && this.headers?.has("retry-after-ms")) return ms;
    const after = this.headers?.get("retry-after");
    if (!after) return undefined;
    const seconds = Number(after);
    if (Number.isFinite(seconds)) return seconds * 1000;
    const date = Date.parse(after);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
  }
}

/**
 * 5xx: the API failed on its side. Retried automatically.
 *
 * @example
 * ```ts
 * if (InternalServerError.isInstance(error)) console.log(error.status, error.requestId);
 * ```
 */
export class InternalServerError extends ApiError {
  static override readonly kind: string = "InternalServerError";
}

/**
 * The safety system refused the prompt or the image (`code: "moderation_blocked"`), as an
 * HTTP 400 or as an error event in a stream. Never retried: the same prompt is refused again.
 * `moderationDetails` holds the API's `moderation_details` when it sent them.
 *
 * @example
 * ```ts
 * if (ModerationBlockedError.isInstance(error)) console.log("rephrase the prompt", error.moderationDetails);
 * ```
 */
export class ModerationBlockedError extends BadRequestError {
  static override readonly kind: string = "ModerationBlockedError";
  get moderationDetails(): unknown {
    return this.error?.moderation_details;
  }
}

const BY_STATUS: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

/**
 * Builds the right `ApiError` subclass for a status and error body.
 *
 * @example
 * ```ts
 * const error = createApiError({ status: 429, message: "Slow down", headers: response.headers });
 * RateLimitError.isInstance(error); // true
 * ```
 */
export function createApiError(init: ApiErrorInit): ApiError {
  if (init.code === "moderation_blocked") return new ModerationBlockedError(init);
  const status = init.status;
  if (status === undefined) return new ApiError(init);
  const Class = BY_STATUS[status] ?? (status >= 500 ? InternalServerError : ApiError);
  return new Class(init);
}
