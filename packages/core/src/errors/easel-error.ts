const marker = "easel.error";
const symbol = Symbol.for(marker);

/**
 * The root of every error easel throws. Catch this to catch everything from easel.
 *
 * `instanceof` breaks when two copies of `@easel/core` are installed side by side, so every
 * easel error carries a `Symbol.for` marker and `EaselError.isInstance()` checks that instead.
 *
 * @example
 * ```ts
 * try {
 *   await client.images.generate({ prompt: "a lighthouse" });
 * } catch (error) {
 *   if (EaselError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class EaselError extends Error {
  protected readonly [symbol] = true;
  override readonly name: string = "EaselError";
  /** Whether retrying the same request could succeed. The client's retry policy reads this. */
  readonly isRetryable: boolean;

  constructor(message: string, options: { cause?: unknown; isRetryable?: boolean } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.isRetryable = options.isRetryable ?? false;
  }

  /** True for any easel error, even one thrown by another installed copy of easel. */
  static isInstance(error: unknown): error is EaselError {
    return EaselError.hasMarker(error, marker);
  }

  /** @internal Checks a subclass marker; subclasses call this from their own `isInstance`. */
  static hasMarker(error: unknown, name: string): boolean {
    return (
      typeof error === "object" &&
      error !== null &&
      (error as Record<symbol, unknown>)[Symbol.for(name)] === true
    );
  }

  /** A plain object for logs: name, message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (typeof value !== "function") out[key] = value;
    }
    return out;
  }
}
