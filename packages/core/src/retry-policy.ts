/** Statuses worth retrying: timeouts, conflicts, rate limits and server failures (FACTS §5). */
const RETRY_STATUSES = new Set([408, 409, 429, 500, 502, 503, 504]);
const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an error answer may be retried. `x-should-retry` from the API wins, except that an
 * `image_generation_user_error` never is: the same request fails the same way (FACTS §3).
 *
 * @example
 * ```ts
 * shouldRetryResponse(503, new Headers(), null); // true
 * shouldRetryResponse(400, new Headers(), "image_generation_user_error"); // false
 * ```
 */
export function shouldRetryResponse(
  status: number,
  headers: Headers,
  errorType: string | null,
): boolean {
  if (errorType === "image_generation_user_error") return false;
  const hint = headers.get("x-should-retry");
  if (hint === "true") return true;
  if (hint === "false") return false;
  return RETRY_STATUSES.has(status) || status > 504;
}

/**
 * How long to wait before retry number `retry` (0-based): the API's `retry-after-ms` or
 * `retry-after` (seconds or an HTTP date), capped at 60 s; else exponential backoff from
 * 0.5 s, capped at 8 s, with up to 25% jitter.
 *
 * @example
 * ```ts
 * retryDelayMs(new Headers({ "retry-after": "2" }), 0); // 2000
 * retryDelayMs(new Headers(), 2);                        // 1500..2000
 * ```
 */
export function retryDelayMs(
  headers: Headers | undefined,
  retry: number,
  random: () => number = Math.random,
): number {
  const fromHeaders = headers ? retryAfterMs(headers) : undefined;
  if (fromHeaders !== undefined) return Math.min(fromHeaders, MAX_RETRY_AFTER_MS);
  const base = Math.min(500 * 2 ** retry, 8000);
  return Math.round(base * (1 - random() * 0.25));
}

function retryAfterMs(headers: Headers): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms)) && Number(ms) >= 0)
    return Number(ms);
  const after = headers.get("retry-after");
  if (after === null || after.trim() === "") return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

// Network failures that happen before the request can have reached the API: nothing was
// generated, so a retry cannot bill twice. Everything else (a socket closed after the body
// went out, an unknown failure) may have been billed.
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "ENETDOWN",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CONNECT",
]);

/**
 * Whether a `fetch` rejection happened before the request was delivered. Reads the error
 * codes along the `cause` chain (Node's undici puts them there); a failure with no code (as
 * browsers report them) counts as possibly delivered, because billing safety comes first.
 *
 * @example
 * ```ts
 * failedBeforeSending(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })); // true
 * failedBeforeSending(new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } })); // false
 * ```
 */
export function failedBeforeSending(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A `setTimeout` promise that rejects with the signal's reason when it aborts.
 *
 * @example
 * ```ts
 * await sleep(500, controller.signal);
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
