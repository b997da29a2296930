// The Worker of the proxy benchmark: @easel/edge's createImagesProxy with no auth (loopback
// only), in front of two upstreams on 127.0.0.1: the emulator (`/api`) and a replay of one of
// its answers (`/replay/api`). `/passthrough/*` and `/replay/passthrough/*` hand the request
// to the same upstream with a bare `fetch`: the cost of the hop through workerd without the
// proxy's work.
import { createImagesProxy, type EaselEnv } from "@easel/edge";

interface Env extends EaselEnv {
  EMULATOR_URL: string;
  REPLAY_URL: string;
}

const options = { auth: "none", apiKey: () => "sk-bench-not-a-secret" } as const;
const emulator = createImagesProxy<Env>({
  ...options,
  basePath: "/api",
  baseURL: (env) => env.EMULATOR_URL,
});
const replay = createImagesProxy<Env>({
  ...options,
  basePath: "/replay/api",
  baseURL: (env) => env.REPLAY_URL,
});

function passthrough(request: Request, upstream: string, prefix: string): Promise<Response> {
  const path = new URL(request.url).pathname.slice(prefix.length);
  return fetch(new Request(upstream + path, request));
}

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith("/passthrough/")) {
      return passthrough(request, env.EMULATOR_URL, "/passthrough");
    }
    if (pathname.startsWith("/replay/passthrough/")) {
      return passthrough(request, env.REPLAY_URL, "/replay/passthrough");
    }
    return pathname.startsWith("/replay/") ? replay(request, env) : emulator(request, env);
  },
};
