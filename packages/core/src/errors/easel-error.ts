const prefix = "easel.error.";

/** Options every easel error takes. */
export interface EaselErrorOptions {
  cause?: unknown;
  isRetryable?: boolean;
}

/**
 * The root of every error easel throws. Catch this to catch everything from easel.
 *
 * `instanceof` breaks when two copies of `@easel/core` are installed side by side, so every
 * easel error carries a `Symbol.for` marker per class in its chain, and the static
 * `isInstance()` of each class checks the marker instead of the prototype.
 *
 * @example
 * ```ts
 * try {
 *   await client.images.generate({ prompt: "a lighthouse" });
 * } catch (error) {
 *   if (RateLimitError.isInstance(error)) console.log("slow down", error.requestId);
 *   else if (EaselError.isInstance(error)) console.error(error.message);
 * }
 * ```
 */
export class EaselError extends Error {
  /** The class's stable name; markers and `name` derive from it (minifiers rename classes). */
  static readonly kind: string = "EaselError";
  /** Whether the same request could succeed if sent again. The retry policy reads this. */
  declare readonly isRetryable: boolean;

  constructor(message: string, options: EaselErrorOptions = {}) {
    // No `cause` key at all without a cause, so logs do not show `[cause]: undefined`.
    super(message, options.cause === undefined ? undefined : options);
    const define = Object.defineProperty;
    // Not enumerable (defineProperty's default), like Error.prototype.name.
    define(this, "name", {
      value: (new.target as unknown as { kind: string }).kind,
      configurable: true,
      writable: true,
    });
    // The whole chain, up to EaselError. A user's subclass without its own `kind` repeats its
    // parent's marker: defining the same read-only value again changes nothing.
    for (let c = new.target as { kind?: string }; c.kind; c = Object.getPrototypeOf(c)) {
      define(this, Symbol.for(prefix + c.kind), { value: true });
    }
    this.isRetryable = options.isRetryable ?? false;
  }

  /**
   * True when `error` is this class (or a subclass), even if it came from another installed
   * copy of easel.
   */
  static isInstance<T>(this: { prototype: T; kind: string }, error: unknown): error is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    const marker = Symbol.for(prefix + this.kind);
    // Primitives have no such symbol property, so `?.` covers everything but null/undefined.
    return (error as Record<symbol, unknown> | null | undefined)?.[marker] === true;
  }

  /** A plain object for logs: name, message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (typeof value === "function") continue;
      // Headers objects serialise to {}; show their entries instead.
      out[key] = value instanceof Headers ? Object.fromEntries(value) : value;
    }
    return out;
  }
}
