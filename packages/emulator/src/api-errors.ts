/** The `error` object of an API error body (FACTS §3), extra fields allowed. */
export interface ApiErrorObject {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
  [extra: string]: unknown;
}

/** An error the emulator answers with: the HTTP status and the API's body. */
export interface EmulatedError {
  status: number;
  error: ApiErrorObject;
  /** Extra response headers (`retry-after` for 429). */
  headers?: Record<string, string>;
}

const error = (
  status: number,
  message: string,
  type: string,
  param: string | null,
  code: string | null,
): EmulatedError => ({ status, error: { message, type, param, code } });

// The real API's wording, so tests that match on messages behave the same against both.
export const missingApiKey = (): EmulatedError =>
  error(
    401,
    "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
    "invalid_request_error",
    null,
    null,
  );

export const invalidApiKey = (key: string): EmulatedError =>
  error(
    401,
    `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    "invalid_request_error",
    null,
    "invalid_api_key",
  );

/**
 * The API shows a key's first and last characters; never more than 7 of them, and none of a
 * short key, so the emulator cannot leak a usable secret into logs or test output.
 */
export function maskKey(key: string): string {
  if (key.length < 16) return "*".repeat(Math.min(key.length, 8));
  return `${key.slice(0, 3)}${"*".repeat(Math.min(key.length - 7, 40))}${key.slice(-4)}`;
}

export const invalidJson = (): EmulatedError =>
  error(
    400,
    "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
    "invalid_request_error",
    null,
    null,
  );

export const invalidUrl = (method: string, pathname: string): EmulatedError =>
  error(404, `Invalid URL (${method} ${pathname})`, "invalid_request_error", null, null);

export const rateLimited = (model: string, retryAfter: number): EmulatedError => ({
  ...error(
    429,
    `Rate limit reached for ${model} in organization org-emulator on requests per min (RPM): Limit 5, Used 5, Requested 1. Please try again in ${retryAfter}s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
    "requests",
    null,
    "rate_limit_exceeded",
  ),
  headers: { "retry-after": String(retryAfter), "retry-after-ms": String(retryAfter * 1000) },
});

export const serverError = (): EmulatedError =>
  error(
    500,
    "The server had an error while processing your request. Sorry about that!",
    "server_error",
    null,
    null,
  );

export const unavailable = (): EmulatedError =>
  error(503, "The server is overloaded or not ready yet.", "server_error", null, null);

/** The captured 400 body of a refused prompt (FACTS §3), key order included. */
export const moderationBlocked = (): EmulatedError => ({
  status: 400,
  error: {
    message: "Your request was rejected by the safety system.",
    type: "image_generation_user_error",
    param: null,
    code: "moderation_blocked",
    moderation_details: { moderation_stage: "input", categories: ["other"] },
  },
});

/** The captured mid-stream error event (FACTS §3), field order included. */
export function moderationErrorEvent(sequenceNumber: number) {
  return {
    type: "error",
    error: {
      type: "image_generation_user_error",
      code: "moderation_blocked",
      message: "Your request was rejected by the safety system.",
      param: null,
    },
    sequence_number: sequenceNumber,
  };
}

export const unknownModel = (model: string, known: readonly string[]): EmulatedError =>
  error(
    400,
    `Invalid value: '${model.slice(0, 100)}'. Supported values are: ${known.map((m) => `'${m}'`).join(", ")}.`,
    "invalid_request_error",
    "model",
    "invalid_value",
  );

export const unknownFault = (name: string, known: readonly string[]): EmulatedError =>
  error(
    400,
    `Unknown emulator fault '${name.slice(0, 60)}' in x-emulator-fault. Known faults: ${known.join(", ")}.`,
    "invalid_request_error",
    null,
    "unknown_emulator_fault",
  );

export const fileNotFound = (id: string): EmulatedError =>
  error(
    404,
    `No image file with id '${id.slice(0, 80)}'.`,
    "invalid_request_error",
    null,
    "not_found",
  );

export const fileExpired = (id: string, expiredAt: number, ttlMs: number): EmulatedError =>
  error(
    410,
    `The URL of image '${id.slice(0, 80)}' expired at ${new Date(expiredAt).toISOString()}: image URLs are only valid for ${Math.round(ttlMs / 60_000)} minutes after the image was generated. Download images promptly or ask for response_format 'b64_json'.`,
    "invalid_request_error",
    null,
    "expired",
  );
