import { Agent } from "undici";

/** Options of `createDispatcher`: the client's timeouts, which the connection must outlast. */
export interface DispatcherOptions {
  /** The client's per-attempt timeout, ms. Default 600,000 (core's default). */
  timeout?: number | undefined;
  /** The client's stream idle timeout, ms. Default 120,000 (core's default). */
  idleTimeout?: number | undefined;
  /** Added to both, so the client's own timers fire first with their typed errors. Default 10,000. */
  margin?: number | undefined;
}

/** The undici timeouts `createDispatcher` sets. */
export interface DispatcherTimeouts {
  headersTimeout: number;
  bodyTimeout: number;
}

/**
 * Core's default `timeout` (10 minutes): the transport covers it when the caller sets none.
 *
 * @example
 * ```ts
 * createDispatcher({ timeout: DEFAULT_TIMEOUT_MS * 2 });
 * ```
 */
export const DEFAULT_TIMEOUT_MS = 600_000;
/**
 * Core's default stream `idleTimeout` (2 minutes).
 *
 * @example
 * ```ts
 * dispatcherTimeouts({ idleTimeout: DEFAULT_IDLE_TIMEOUT_MS });
 * ```
 */
export const DEFAULT_IDLE_TIMEOUT_MS = 120_000;
const DEFAULT_MARGIN_MS = 10_000;

/**
 * The undici timeouts that let a request live as long as the client allows: the longer of
 * `timeout` and `idleTimeout`, plus a margin. `0` (undici's "no limit") when either is
 * infinite.
 *
 * @example
 * ```ts
 * dispatcherTimeouts({ timeout: 900_000 }); // { headersTimeout: 910000, bodyTimeout: 910000 }
 * ```
 */
export function dispatcherTimeouts(options: DispatcherOptions = {}): DispatcherTimeouts {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const idle = options.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  const longest = Math.max(timeout, idle);
  const ms = Number.isFinite(longest) ? longest + (options.margin ?? DEFAULT_MARGIN_MS) : 0;
  // Both waits can be as long as a whole generation: the headers of a non-streamed response
  // come only when the image is done, and a stream may pause up to the idle timeout.
  return { headersTimeout: ms, bodyTimeout: ms };
}

/**
 * An undici `Agent` whose `headersTimeout` and `bodyTimeout` follow the client's timeouts.
 * Node's built-in fetch gives up after 300 s without headers (`UND_ERR_HEADERS_TIMEOUT`)
 * whatever the client's own timeout says, and a large non-streamed generation can take
 * longer than that (FACTS §8). `createImagesClient` builds one for you; use this when you
 * bring your own fetch.
 *
 * @example
 * ```ts
 * import { fetch } from "undici";
 * const dispatcher = createDispatcher({ timeout: 900_000 });
 * const client = createImagesClient({
 *   timeout: 900_000,
 *   fetch: (input, init) => fetch(input, { ...init, dispatcher }),
 * });
 * ```
 */
export function createDispatcher(options: DispatcherOptions = {}): Agent {
  return new Agent(dispatcherTimeouts(options));
}
