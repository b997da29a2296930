/** What a rate limiter answers for one request. */
export interface RateLimitOutcome {
  success: boolean;
  /** Seconds until the client may try again, when the limiter knows. */
  retryAfter?: number;
}

/**
 * Anything with the Workers Rate Limiting binding's shape: `limit({ key })` resolving to
 * `{ success }`. The binding itself (`env.RATE_LIMITER`, configured under `ratelimits` in
 * wrangler.jsonc) satisfies it, and so does `createMemoryRateLimiter()`.
 *
 * @example
 * ```ts
 * const limiter: RateLimiter = env.RATE_LIMITER;
 * const { success } = await limiter.limit({ key: "203.0.113.7" });
 * ```
 */
export interface RateLimiter {
  limit(options: { key: string }): Promise<RateLimitOutcome>;
}

/** Options of `createMemoryRateLimiter`. */
export interface MemoryRateLimiterOptions {
  /** Requests allowed per key in each period. Default 10. */
  limit?: number;
  /** The period in seconds. Default 60. */
  period?: number;
  /** Keys tracked at once; the oldest windows are dropped beyond it. Default 10,000. */
  maxKeys?: number;
  /** The clock, in ms. Default `Date.now`. */
  now?: () => number;
}

/**
 * A fixed-window rate limiter kept in the isolate's memory: for `wrangler dev`, tests, and
 * Workers without the Rate Limiting binding. Each isolate counts on its own and isolates come
 * and go, so in production it is a speed bump, not a guarantee; use the binding there.
 *
 * @example
 * ```ts
 * const proxy = createImagesProxy({
 *   token: (env) => env.PROXY_TOKEN,
 *   rateLimiter: createMemoryRateLimiter({ limit: 5, period: 60 }),
 * });
 * ```
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const limit = options.limit ?? 10;
  const periodMs = (options.period ?? 60) * 1000;
  const maxKeys = options.maxKeys ?? 10_000;
  const now = options.now ?? Date.now;
  // Map iteration order is insertion order, so the first entry is the oldest window.
  const windows = new Map<string, { start: number; count: number }>();

  return {
    async limit({ key }) {
      const time = now();
      let window = windows.get(key);
      if (window === undefined || time - window.start >= periodMs) {
        windows.delete(key);
        window = { start: time, count: 0 };
        windows.set(key, window);
        while (windows.size > maxKeys) {
          const oldest = windows.keys().next().value as string;
          windows.delete(oldest);
        }
      }
      window.count++;
      if (window.count <= limit) return { success: true };
      return {
        success: false,
        retryAfter: Math.max(1, Math.ceil((window.start + periodMs - time) / 1000)),
      };
    },
  };
}
