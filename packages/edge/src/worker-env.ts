/**
 * The Worker bindings easel reads, named as the official SDKs name their environment
 * variables (FACTS §5). Set the key with `wrangler secret put OPENAI_API_KEY`; the others are
 * optional `vars`.
 *
 * @example
 * ```ts
 * interface Env extends EaselEnv {
 *   PROXY_TOKEN?: string;
 * }
 * ```
 */
export interface EaselEnv {
  /** The OpenAI API key. A secret: never put it in `vars`. */
  OPENAI_API_KEY?: string | undefined;
  /** Defaults to `https://api.openai.com/v1`. */
  OPENAI_BASE_URL?: string | undefined;
  /** Sent as `OpenAI-Organization`. */
  OPENAI_ORG_ID?: string | undefined;
  /** Sent as `OpenAI-Project`. */
  OPENAI_PROJECT_ID?: string | undefined;
}

/**
 * The part of a Worker's `ExecutionContext` the proxy may use. Declared here so the package
 * needs no `@cloudflare/workers-types`; the real one satisfies it.
 *
 * @example
 * ```ts
 * const ctx: ExecutionContextLike = { waitUntil() {}, passThroughOnException() {} };
 * ```
 */
export interface ExecutionContextLike {
  waitUntil(promise: Promise<unknown>): void;
  passThroughOnException?(): void;
}

/** Reads a string binding, treating an empty string as unset (an empty secret is a mistake). */
export function readBinding(env: unknown, name: string): string | undefined {
  if (typeof env !== "object" || env === null) return undefined;
  const value = (env as Record<string, unknown>)[name];
  return typeof value === "string" && value.length > 0 ? value : undefined;
}
