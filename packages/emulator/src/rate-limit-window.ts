const WINDOW_MS = 60_000;

/**
 * Tracks the last minute of requests and tokens to fill the `x-ratelimit-*` headers the way
 * the API does (limit, what is left, when it refills). It only reports: the `rate-limit`
 * fault is how a test gets a 429.
 *
 * @example
 * const window = new RateLimitWindow({ requests: 50, tokens: 100_000 }, Date.now);
 * window.record(1_200);
 * window.headers()["x-ratelimit-remaining-requests"]; // "49"
 */
export class RateLimitWindow {
  private readonly entries: { at: number; tokens: number }[] = [];

  constructor(
    private readonly limits: { requests: number; tokens: number },
    private readonly now: () => number,
  ) {}

  /** Counts one request costing `tokens`. */
  record(tokens: number): void {
    this.prune();
    this.entries.push({ at: this.now(), tokens });
  }

  headers(): Record<string, string> {
    this.prune();
    const now = this.now();
    const used = this.entries.reduce((sum, e) => sum + e.tokens, 0);
    const oldest = this.entries[0]?.at;
    const reset = oldest === undefined ? 0 : Math.max(0, oldest + WINDOW_MS - now);
    return {
      "x-ratelimit-limit-requests": String(this.limits.requests),
      "x-ratelimit-limit-tokens": String(this.limits.tokens),
      "x-ratelimit-remaining-requests": String(
        Math.max(0, this.limits.requests - this.entries.length),
      ),
      "x-ratelimit-remaining-tokens": String(Math.max(0, this.limits.tokens - used)),
      "x-ratelimit-reset-requests": formatDuration(reset),
      "x-ratelimit-reset-tokens": formatDuration(
        used === 0
          ? 0
          : Math.ceil((reset * Math.min(used, this.limits.tokens)) / this.limits.tokens),
      ),
    };
  }

  private prune(): void {
    const cutoff = this.now() - WINDOW_MS;
    while (this.entries.length > 0 && this.entries[0]!.at <= cutoff) this.entries.shift();
  }
}

/**
 * The API's duration format in rate-limit headers: `20ms`, `1.5s`, `6m0s`.
 *
 * @example
 * formatDuration(90_500); // "1m30.5s"
 */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Number(((ms % 60_000) / 1000).toFixed(3));
  return minutes > 0 ? `${minutes}m${seconds}s` : `${seconds}s`;
}
