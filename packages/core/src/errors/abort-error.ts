import { EaselError } from "./easel-error";

/**
 * The caller aborted the request (its `signal`, `stream.abort()`, or leaving a `for await`
 * loop early). `cause` is the signal's reason.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(), 1000);
 * try {
 *   await client.images.generate({ prompt }, { signal: controller.signal });
 * } catch (error) {
 *   if (AbortError.isInstance(error)) console.log("cancelled");
 * }
 * ```
 */
export class AbortError extends EaselError {
  static override readonly kind: string = "AbortError";

  constructor(reason?: unknown) {
    super("The caller aborted the request.", { cause: reason });
  }
}
