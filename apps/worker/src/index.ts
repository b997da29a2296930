// The demo Worker: the page from static assets, the images proxy at /api, and, when no
// OPENAI_API_KEY secret is set, the emulator running inside this Worker as the upstream.
import { createImagesProxy, type ImagesProxy } from "@easel/edge";
import { createImagesEmulator, type ImagesEmulator } from "@easel/emulator";
import { allowedOrigins, BASE_PATH, demoConfig, type Env, MAX_BODY_BYTES } from "./demo-config";

// The emulator's image files (dall-e `response_format: "url"`) live at /v1/images/files/ID on
// this Worker: the proxy sends emulator requests to `${origin}/v1`, which is where the
// emulator's URLs point.
const EMULATOR_FILES = /^\/v1\/images\/files\/[A-Za-z0-9_-]{1,100}$/;
// Any non-empty key satisfies the emulator; it is not a secret.
const EMULATOR_KEY = "emulator-local-key";

let emulator: ImagesEmulator | undefined;
/** One emulator per isolate, made on first use (nothing runs at import time). */
function getEmulator(): ImagesEmulator {
  // faultHeaders off: the demo's emulator behaves; faults are for tests of the packages.
  emulator ??= createImagesEmulator({ faultHeaders: false });
  return emulator;
}

// One proxy per env object (the same for every request of an isolate) and mode.
const proxies = new WeakMap<Env, ImagesProxy<Env>>();

function proxyFor(env: Env): ImagesProxy<Env> {
  let proxy = proxies.get(env);
  if (proxy) return proxy;
  const config = demoConfig(env);
  const policy = {
    basePath: BASE_PATH,
    allowedOrigins: allowedOrigins(env),
    allowedModels: config.models,
    maxN: config.maxN,
    maxPixels: config.maxPixels,
    maxBodyBytes: MAX_BODY_BYTES,
  };
  proxy =
    config.upstream === "emulator"
      ? createImagesProxy<Env>({
          ...policy,
          // Nothing costs money and nothing leaves the Worker: open, like `wrangler dev` itself.
          auth: "none",
          apiKey: EMULATOR_KEY,
          baseURL: (_env, request) => new URL("/v1", request.url).href,
          upstream: (request) => getEmulator()(request),
        })
      : createImagesProxy<Env>({
          ...policy,
          // A real key spends money: the page must send the PROXY_TOKEN secret. Without the
          // secret every generation is refused (500 proxy_misconfigured), never left open.
          token: (env) => env.PROXY_TOKEN,
          rateLimiter: (env) => env.RATE_LIMITER,
        });
  proxies.set(env, proxy);
  return proxy;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext): Promise<Response> {
    const url = new URL(request.url);
    const config = demoConfig(env);
    if (url.pathname === `${BASE_PATH}/config` && request.method === "GET") {
      return Response.json(config, { headers: { "cache-control": "no-store" } });
    }
    if (config.upstream === "emulator") {
      if (EMULATOR_FILES.test(url.pathname)) return getEmulator()(request);
      if (url.pathname === `${BASE_PATH}/emulator/stats` && request.method === "GET") {
        return Response.json(getEmulator().stats, { headers: { "cache-control": "no-store" } });
      }
    }
    // Every other /api path goes to the proxy, which answers 404 (or 403, 405) in the API's
    // error shape; everything else is the page.
    if (url.pathname === BASE_PATH || url.pathname.startsWith(`${BASE_PATH}/`)) {
      return proxyFor(env)(request, env, ctx);
    }
    return env.ASSETS.fetch(request);
  },
} satisfies ExportedHandler<Env>;
