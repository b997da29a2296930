import {
  createImagesClient as createCoreImagesClient,
  EaselError,
  type FetchFunction,
  type ImageGenerateParams,
  type ImagesClient,
  type ImagesClientOptions,
  type ImagesResource,
  type RequestOptions,
} from "@easel/core";
import { type Dispatcher, fetch as undiciFetch } from "undici";
import {
  createDispatcher,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  dispatcherTimeouts,
} from "./create-dispatcher";
import { type Environment, readOpenAIEnvironment } from "./read-env";

/** Options of the Node client: core's, with Node's defaults filled in. */
export interface NodeImagesClientOptions extends Omit<ImagesClientOptions, "apiKey"> {
  /**
   * Defaults to `OPENAI_API_KEY`. Without either the client throws; pass `null` to send no
   * key on purpose (a proxy that adds it).
   */
  apiKey?: string | null | undefined;
  /**
   * The undici dispatcher to send through (a `ProxyAgent`, say). Its timeouts are then
   * yours to set; `createDispatcher` builds one that follows the client's. Ignored when
   * `fetch` is given.
   */
  dispatcher?: Dispatcher | undefined;
  /** Where the `OPENAI_*` defaults are read from. Default `process.env`. */
  env?: Environment | undefined;
}

/** The Node client: core's client plus `close()` for the connections it opened. */
export interface NodeImagesClient extends ImagesClient {
  /** Closes the connection pools easel created (never a dispatcher or fetch you passed). */
  close(): Promise<void>;
}

/**
 * Creates an images client with Node's defaults: `OPENAI_API_KEY`, `OPENAI_BASE_URL`,
 * `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID` from the environment (explicit options win), and
 * an undici transport whose timeouts follow the client's `timeout`, so a generation longer
 * than Node's 300 s default is not cut (FACTS §8). Throws an `EaselError` naming
 * `OPENAI_API_KEY` when no key is set.
 *
 * @example
 * ```ts
 * import { createImagesClient, saveImages } from "@easel/node";
 *
 * const client = createImagesClient(); // reads OPENAI_API_KEY
 * const result = await client.images.generate({ model: "gpt-image-1.5", prompt: "a red kite" });
 * await saveImages(result, "images");
 * ```
 */
export function createImagesClient(options: NodeImagesClientOptions = {}): NodeImagesClient {
  const { env: envOption, dispatcher: givenDispatcher, apiKey: givenKey, ...rest } = options;
  const env = readOpenAIEnvironment(envOption ?? process.env);
  const apiKey = givenKey === null ? undefined : (givenKey ?? env.apiKey);
  if (givenKey !== null && !apiKey) {
    throw new EaselError(
      "No OpenAI API key was found: set the OPENAI_API_KEY environment variable or pass the apiKey option (apiKey: null sends no key, for a proxy that adds it).",
    );
  }
  const base: ImagesClientOptions = {
    ...rest,
    apiKey,
    baseURL: rest.baseURL ?? env.baseURL,
    organization: rest.organization ?? env.organization,
    project: rest.project ?? env.project,
  };
  if (rest.fetch || givenDispatcher) {
    const fetch = rest.fetch ?? viaUndici(givenDispatcher as Dispatcher);
    const client = createCoreImagesClient({ ...base, fetch });
    return { ...client, close: async () => {} };
  }

  // Our own agent. A call whose timeout outlasts it gets a client whose agent covers it:
  // the transport must never give up before the client does.
  const timeout = rest.timeout ?? DEFAULT_TIMEOUT_MS;
  const idleTimeout = rest.idleTimeout ?? DEFAULT_IDLE_TIMEOUT_MS;
  const agents: Dispatcher[] = [];
  const withAgent = (dispatcherOptions: { timeout: number; idleTimeout: number }) => {
    const agent = createDispatcher(dispatcherOptions);
    agents.push(agent);
    return createCoreImagesClient({ ...base, fetch: viaUndici(agent) });
  };
  const main = withAgent({ timeout, idleTimeout });
  const covered = dispatcherTimeouts({ timeout, idleTimeout }).headersTimeout;
  const longer = new Map<number, ImagesClient>();

  function generate(params: ImageGenerateParams, call: RequestOptions = {}) {
    const needs = {
      timeout: call.timeout ?? timeout,
      idleTimeout: call.idleTimeout ?? idleTimeout,
    };
    const needed = dispatcherTimeouts(needs).headersTimeout;
    if (covered === 0 || (needed !== 0 && needed <= covered)) {
      return main.images.generate(params, call);
    }
    let client = longer.get(needed);
    if (!client) {
      client = withAgent(needs);
      longer.set(needed, client);
    }
    return client.images.generate(params, call);
  }

  return {
    baseURL: main.baseURL,
    images: { generate: generate as ImagesResource["generate"] },
    async close() {
      await Promise.all(agents.splice(0).map((agent) => agent.close()));
      longer.clear();
    },
  };
}

// undici's own fetch rather than the global one: a dispatcher from this undici only works
// with Node's built-in fetch when both undici versions match.
function viaUndici(dispatcher: Dispatcher): FetchFunction {
  return (input, init) =>
    undiciFetch(input as Parameters<typeof undiciFetch>[0], {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    }) as unknown as Promise<Response>;
}
