/**
 * The transport seam: any function with `fetch`'s signature. Read from `globalThis` at call
 * time unless one is injected, so tests and runtimes can supply their own.
 *
 * @example
 * ```ts
 * const client = createImagesClient({ apiKey, fetch: emulator.fetch });
 * ```
 */
export type FetchFunction = (
  input: string | URL | Request,
  init?: RequestInit,
) => Promise<Response>;
