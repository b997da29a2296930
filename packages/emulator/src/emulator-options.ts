/**
 * Every fault the emulator can inject. Connection faults (`reset-before-headers`,
 * `reset-after-headers`, `drop-after-request`) act on the socket and are faithful only behind
 * the Node server (`startEmulator`); the others are plain HTTP and work everywhere.
 *
 * @example
 * ```ts
 * FAULT_NAMES.includes("stall"); // true
 * ```
 */
export const FAULT_NAMES = [
  "rate-limit",
  "server-error",
  "unavailable",
  "reset-before-headers",
  "reset-after-headers",
  "drop-after-request",
  "truncate",
  "error-event",
  "malformed-event",
  "stall",
  "moderation",
] as const;

/**
 * One of {@link FAULT_NAMES}.
 *
 * @example
 * ```ts
 * const fault: FaultName = "rate-limit";
 * ```
 */
export type FaultName = (typeof FAULT_NAMES)[number];

/**
 * A fault with its parameters, for the `fault` option and `emulator.setFault()`.
 *
 * @example
 * ```ts
 * emulator.setFault({ type: "unavailable", count: 3 }); // 503 three times, then success
 * ```
 */
export interface FaultSpec {
  type: FaultName;
  /** Only the first `count` requests fail; the rest succeed. Every request when left out. */
  count?: number | undefined;
  /**
   * Seconds sent in `retry-after`: with `rate-limit` (default 1), and with `server-error` and
   * `unavailable` when given (they send none by default, as the API usually does).
   */
  retryAfter?: number | undefined;
}

/**
 * Options of `createImagesEmulator` (and `startEmulator`). Every one is optional.
 *
 * @example
 * ```ts
 * const options: ImagesEmulatorOptions = { streamIntervalMs: 0, fault: "truncate" };
 * ```
 */
export interface ImagesEmulatorOptions {
  /** Accept only these API keys (401 `invalid_api_key` otherwise). Any key when left out. */
  apiKeys?: readonly string[] | undefined;
  /** Delay in ms before each generation answers (before headers). Default 0. */
  latencyMs?: number | undefined;
  /** Delay in ms before each stream event. Default 300. */
  streamIntervalMs?: number | undefined;
  /** A fault applied to every request that names none in `x-emulator-fault`. */
  fault?: FaultName | FaultSpec | undefined;
  /**
   * A prompt containing this text (case-insensitive) is refused with `moderation_blocked`.
   * Default `"forbidden-trigger"`; `null` or `""` turns the check off.
   */
  moderationTrigger?: string | null | undefined;
  /** Honour the `x-emulator-*` request headers. Default true; turn off for untrusted callers. */
  faultHeaders?: boolean | undefined;
  /** The clock, in ms since the epoch; inject one to expire image URLs in tests. */
  now?: (() => number) | undefined;
  /** How long a dall-e image URL stays valid, in ms. Default 3,600,000 (60 minutes, as the API). */
  urlTtlMs?: number | undefined;
  /** Image files kept for URL results; the oldest go first. Default 100. */
  maxStoredImages?: number | undefined;
  /** Limits reported in the `x-ratelimit-*` headers (per minute). Not enforced. */
  rateLimits?: { requests?: number | undefined; tokens?: number | undefined } | undefined;
}
