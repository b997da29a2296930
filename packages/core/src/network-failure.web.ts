// How a failed `fetch` is told and described in browsers (core's web build, for the `browser`
// condition, puts this file in place of network-failure.ts). There a failed fetch carries
// no error code, only a message such as "Failed to fetch", so nothing proves that the request
// never reached the API: every failure may have been billed.

/** No failure here is known to have happened before sending (network-failure.ts). */
export const TELLS_NOT_SENT = false;

/** The error's message (it has no codes to add here). */
export function describeFailure(error: unknown): string {
  return `${(error as Error | null | undefined)?.message ?? error}`;
}

/**
 * Always `false` here: without an error code no failure is known to have happened before
 * sending, so none is retried unless `retryUnsafe` is set. Billing safety comes first.
 *
 * @example
 * ```ts
 * failedBeforeSending(new TypeError("Failed to fetch")); // false
 * ```
 */
export function failedBeforeSending(_error: unknown): boolean {
  return false;
}
