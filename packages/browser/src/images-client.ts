import {
  createImagesClient as createCoreClient,
  EaselError,
  type ImagesClient,
  type ImagesClientOptions,
} from "@easel/core";

/** Options of the browser client: core's options, aimed at a proxy. */
export interface BrowserImagesClientOptions extends ImagesClientOptions {
  /**
   * Your proxy's base URL, absolute or relative to the page (`"/api"` posts to
   * `/api/images/generations`). The proxy adds the API key; `createImagesProxy` from
   * `@easel/edge` is one.
   */
  baseURL: string;
  /** Sent as `Authorization: Bearer ...` to a proxy that requires a bearer token. */
  token?: string | undefined;
  /**
   * Allow an OpenAI secret key (`sk-...`) in `apiKey`. Anyone who opens the page can read
   * it, so keep this for local experiments with a throwaway key.
   */
  dangerouslyAllowBrowser?: boolean | undefined;
}

/**
 * Creates an images client for the browser, aimed at a proxy that holds the API key. It
 * refuses an OpenAI secret key unless `dangerouslyAllowBrowser` is set, because a key in a
 * page is a key published to every visitor.
 *
 * @example
 * ```ts
 * const client = createImagesClient({ baseURL: "/api" });
 * const stream = await client.images.generate({
 *   model: "gpt-image-2", prompt: "a paper boat", stream: true, partial_images: 2,
 * });
 * const { images } = await showProgressively(document.querySelector("img")!, stream);
 * ```
 */
export function createImagesClient(options: BrowserImagesClientOptions): ImagesClient {
  const { token, dangerouslyAllowBrowser, apiKey, baseURL, ...core } = options;
  if (apiKey?.startsWith("sk-") && dangerouslyAllowBrowser !== true) {
    // The message never quotes the key: error messages end up in logs and bug reports.
    throw new EaselError(
      "A secret key in a page is public: use a proxy (@easel/edge) or, for a throwaway key, dangerouslyAllowBrowser: true.",
    );
  }
  if (token !== undefined && apiKey !== undefined) {
    // Both would be sent as the Authorization header.
    throw new EaselError("Pass token or apiKey, not both.");
  }
  // A relative baseURL is resolved against the page, so error messages name a real URL.
  let base = baseURL;
  try {
    base = new URL(baseURL, (globalThis as { location?: { href?: string } }).location?.href).href;
  } catch {
    // Not a URL even against the page (or no page): core reports it as it is.
  }
  return createCoreClient({ ...core, apiKey: token ?? apiKey, baseURL: base });
}
