import {
  createImagesClient as createCoreImagesClient,
  type ImagesClient,
  type ImagesClientOptions,
} from "@easel/core";
import { type EaselEnv, readBinding } from "./worker-env";

/** Options of the Workers `createImagesClient`: core's options plus the Worker's `env`. */
export interface EdgeImagesClientOptions extends ImagesClientOptions {
  /**
   * The Worker's bindings. `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and
   * `OPENAI_PROJECT_ID` are read from it unless given as options.
   */
  env?: EaselEnv | Record<string, unknown> | undefined;
}

/**
 * Creates an images client inside a Worker, reading the key and base URL from `env` (a
 * Worker has no `process.env`). Everything else is core's client: validation before any
 * fetch, typed stream events, billing-safe retries.
 *
 * @example
 * ```ts
 * export default {
 *   async fetch(request: Request, env: Env) {
 *     const client = createImagesClient({ env });
 *     const result = await client.images.generate({ model: "gpt-image-1.5", prompt: "a kite" });
 *     return new Response(result.images[0]!.bytes(), { headers: { "content-type": "image/png" } });
 *   },
 * };
 * ```
 */
export function createImagesClient(options: EdgeImagesClientOptions = {}): ImagesClient {
  const { env, ...rest } = options;
  return createCoreImagesClient({
    ...rest,
    apiKey: rest.apiKey ?? readBinding(env, "OPENAI_API_KEY"),
    baseURL: rest.baseURL ?? readBinding(env, "OPENAI_BASE_URL"),
    organization: rest.organization ?? readBinding(env, "OPENAI_ORG_ID"),
    project: rest.project ?? readBinding(env, "OPENAI_PROJECT_ID"),
  });
}
