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
  readonly isRetryable: boolean;

  constructor(message: string, options: EaselErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    const classes: { kind: string }[] = [];
    // The whole chain: a user's subclass without its own `kind` still gets its parents' markers.
    for (let c = new.target as unknown; c && c !== Function.prototype; ) {
      if (Object.hasOwn(c as object, "kind")) classes.push(c as { kind: string });
      c = Object.getPrototypeOf(c);
    }
    for (const c of classes) {
      Object.defineProperty(this, Symbol.for(prefix + c.kind), { value: true });
    }
    Object.defineProperty(this, "name", {
      value: (new.target as unknown as { kind: string }).kind,
      enumerable: false,
      configurable: true,
      writable: true,
    });
    this.isRetryable = options.isRetryable ?? false;
  }

  /**
   * True when `error` is this class (or a subclass), even if it came from another installed
   * copy of easel.
   */
  static isInstance<T>(this: { prototype: T; kind: string }, error: unknown): error is T {
    // biome-ignore lint/complexity/noThisInStatic: `this` is the subclass the check was called on.
    const marker = Symbol.for(prefix + this.kind);
    return (
      typeof error === "object" &&
      error !== null &&
      (error as Record<symbol, unknown>)[marker] === true
    );
  }

  /** A plain object for logs: name, message and the error's own public fields. */
  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = { name: this.name, message: this.message };
    for (const [key, value] of Object.entries(this)) {
      if (typeof value === "function") continue;
      // Headers objects serialise to {}; show their entries instead.
      out[key] =
        typeof Headers !== "undefined" && value instanceof Headers
          ? Object.fromEntries(value.entries())
          : value;
    }
    return out;
  }
}
