import { EaselError, type EaselErrorOptions } from "./easel-error";

/**
 * The request could not be completed at the network level: the server was unreachable, or
 * the connection dropped. `requestSent` says whether the request may have reached the API
 * (and so may have been billed); such failures are not retried unless `retryUnsafe` is set,
 * and `notRetriedReason` says why.
 *
 * @example
 * ```ts
 * if (ConnectionError.isInstance(error) && error.requestSent) {
 *   console.log("the image may have been billed:", error.notRetriedReason);
 * }
 * ```
 */
export class ConnectionError extends EaselError {
  static override readonly kind: string = "ConnectionError";
  declare readonly requestSent: boolean;
  declare readonly notRetriedReason: string | undefined;

  constructor(
    message: string,
    options: EaselErrorOptions & { requestSent: boolean; notRetriedReason?: string },
  ) {
    super(message, options);
    this.requestSent = options.requestSent;
    this.notRetriedReason = options.notRetriedReason;
  }
}
