const MAX_RETRY_AFTER_MS = 60_000;

/**
 * Whether an error answer may be retried. `x-should-retry` from the API wins, except that an
 * `image_generation_user_error` never is: the same request fails the same way (FACTS §3).
 * Without the header: 408, 409, 429 and 5xx except 501 (FACTS §5; "not implemented" stays so).
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
  return (
    hint === "true" ||
    (hint !== "false" &&
      (status === 408 || status === 409 || status === 429 || (status >= 500 && status !== 501)))
  );
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
  const asked = retryAfterMs(headers);
  return asked === undefined
    ? Math.round(Math.min(500 * 2 ** retry, 8000) * (1 - random() * 0.25))
    : Math.min(asked, MAX_RETRY_AFTER_MS);
}

/**
 * The wait the API asked for, in ms and uncapped: `retry-after-ms`, else `retry-after` in
 * seconds or as an HTTP date (a date in the past is 0). `undefined` when neither is usable
 * (absent, empty, negative, not a number). `RateLimitError.retryAfterMs` reads this too.
 */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  // Headers trims values, so an empty string is the only blank one (and Number("") is 0).
  const ms = Number(headers?.get("retry-after-ms") || Number.NaN);
  if (ms >= 0 && ms < Number.POSITIVE_INFINITY) return ms;
  const after = headers?.get("retry-after");
  if (!after) return undefined;
  const seconds = Number(after);
  if (Number.isFinite(seconds)) return seconds < 0 ? undefined : seconds * 1000;
  const date = Date.parse(after);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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
