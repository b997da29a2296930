import { retryAfterMs, shouldRetryResponse } from "../retry-policy";
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

// Where an answer files in KINDS below: a safety refusal under "moderation" whatever its status,
// every 5xx under 500, anything else under its status (a stream error, with none, finds nothing).
const kindOf = ({ code, status }: ApiErrorInit): number | "moderation" =>
  code === "moderation_blocked"
    ? "moderation"
    : (status as number) >= 500
      ? 500
      : (status as number);

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
  // `declare`: assigned in the constructor, so no class-field code is emitted for them.
  declare readonly status: number | undefined;
  declare readonly code: string | null;
  declare readonly type: string | null;
  declare readonly param: string | null;
  declare readonly requestId: string | null;
  declare readonly headers: Headers | undefined;
  /** The API's `error` object as sent, for fields easel does not model. */
  declare readonly error: Record<string, unknown> | undefined;

  constructor(init: ApiErrorInit) {
    const { status, code = null, type = null, param = null, headers, error } = init;
    const requestId = headers?.get("x-request-id") ?? null;
    const advice = KINDS[kindOf(init)]?.[1];
    super(
      `${status ?? "Stream error"}: ${init.message}${code ? ` (code ${code})` : ""}${requestId ? ` [request ${requestId}]` : ""}${advice ? ` ${advice}` : ""}`,
      init,
    );
    Object.assign(this, { status, code, type, param, requestId, headers, error });
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
 * says how long the API asked to wait (`retry-after-ms`, else `retry-after` in seconds or as
 * an HTTP date; `undefined` when absent or unusable), read as the retry policy reads it.
 *
 * @example
 * ```ts
 * if (RateLimitError.isInstance(error)) console.log(`retry in ${error.retryAfterMs} ms`);
 * ```
 */
export class RateLimitError extends ApiError {
  static override readonly kind: string = "RateLimitError";
  get retryAfterMs(): number | undefined {
    return retryAfterMs(this.headers);
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

// Each kind's class and what to do about it (appended to the message).
const KINDS: Record<number | "moderation", [typeof ApiError, string]> = {
  400: [BadRequestError, "Fix the request."],
  401: [AuthenticationError, "Check the API key."],
  403: [PermissionDeniedError, "Check the API key's access."],
  404: [NotFoundError, "Check the model and baseURL."],
  409: [ConflictError, "Retry later."],
  422: [UnprocessableEntityError, "Fix the request."],
  429: [RateLimitError, "Retry later or raise your quota."],
  500: [InternalServerError, "Retry later."],
  moderation: [ModerationBlockedError, "Rephrase the prompt."],
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
  const Class = KINDS[kindOf(init)]?.[0] ?? ApiError;
  return new Class(init);
}

/**
 * The right `ApiError` for the (already redacted) text of an error answer: an HTTP error body
 * when `response` is given, else a stream's error event. Both are `{"error": {message, type,
 * code, param}}` (FACTS §3); they differ when the text is not that. An HTTP body without a
 * string `message` is not the API's (a proxy's HTML page, say): no `error`, no fields, and the
 * status text with the body's first characters as the message. An error event is the API's
 * whatever it holds: `error` is its error object (`{}` without one), and a missing message
 * gets a fallback of its own.
 */
export function readApiError(text: string, response?: Response): ApiError {
  let error: Record<string, unknown> | undefined;
  try {
    error = JSON.parse(text)?.error;
  } catch {
    // Not JSON: no error object.
  }
  if (!(error instanceof Object) || (response && typeof error.message !== "string")) {
    error = response ? undefined : {};
  }
  const field = (key: string) => (typeof error?.[key] === "string" ? (error[key] as string) : null);
  const type = field("type");
  const label = response?.statusText || "Error";
  return createApiError({
    status: response?.status,
    message:
      field("message") ??
      (response
        ? text.trim()
          ? `${label}: ${text.slice(0, 200)}`
          : label
        : "The error event has no message."),
    type,
    code: field("code"),
    param: field("param"),
    headers: response?.headers,
    error,
    isRetryable: !!response && shouldRetryResponse(response.status, response.headers, type),
  });
}
