import { EaselError } from "./easel-error";

/**
 * An attempt took longer than the `timeout` option. The request had been sent, so the image
 * may already be generated and billed: it is not retried unless `retryUnsafe` is set.
 *
 * @example
 * ```ts
 * if (TimeoutError.isInstance(error)) console.log(`gave up after ${error.timeoutMs} ms`);
 * ```
 */
export class TimeoutError extends EaselError {
  static override readonly kind: string = "TimeoutError";
  declare readonly timeoutMs: number;
  declare readonly notRetriedReason: string | undefined;

  constructor(timeoutMs: number, notRetriedReason?: string) {
    super(
      `The request timed out after ${timeoutMs} ms${notRetriedReason ? `, not retried: ${notRetriedReason}` : ""}. Raise the timeout option (generation can take minutes).`,
    );
    this.timeoutMs = timeoutMs;
    this.notRetriedReason = notRetriedReason;
  }
}
