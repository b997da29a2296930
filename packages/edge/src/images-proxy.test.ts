// Logic of the proxy on Node's own Request/Response; the behaviour that depends on the
// runtime (streaming, disconnects, real sockets) is tested in workerd under test/.
import { EaselError } from "@easel/core";
import { createImagesEmulator } from "@easel/emulator";
import { describe, expect, it } from "vitest";
import { createImagesProxy, type ImagesProxyOptions } from "./images-proxy";

const KEY = "sk-test-SECRET-edge";
const env = { OPENAI_API_KEY: KEY };

function setup(options: Partial<ImagesProxyOptions<typeof env>> = {}) {
  const emulator = createImagesEmulator({ apiKeys: [KEY], streamIntervalMs: 0 });
  const upstream: Request[] = [];
  const proxy = createImagesProxy<typeof env>({
    auth: "none",
    upstream: async (request) => {
      upstream.push(request.clone());
      return emulator(request);
    },
    ...options,
  });
  return { proxy, upstream, emulator };
}

const generate = (body: unknown, headers: Record<string, string> = {}) =>
  new Request("https://proxy.test/api/images/generations", {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });

const valid = { model: "gpt-image-1-mini", prompt: "a kite", quality: "low" };

describe("createImagesProxy", () => {
  it("refuses to be created without a choice of auth", () => {
    expect(() => createImagesProxy({})).toThrow(EaselError);
    expect(() => createImagesProxy({})).toThrow(/auth: "none"/);
  });

  it("is a handler and has .fetch, for `export default proxy`", async () => {
    const { proxy } = setup();
    expect(proxy.fetch).toBe(proxy);
    const response = await proxy.fetch(generate(valid), env);
    expect(response.status).toBe(200);
  });

  it("uses the authorize hook instead of a token", async () => {
    const { proxy, upstream } = setup({
      auth: undefined,
      authorize: (request) => request.headers.get("x-user") === "alice",
    });
    expect((await proxy(generate(valid, { "x-user": "mallory" }), env)).status).toBe(401);
    expect(upstream).toHaveLength(0);
    expect((await proxy(generate(valid, { "x-user": "alice" }), env)).status).toBe(200);
    expect(upstream).toHaveLength(1);
  });

  it("checks a token even when auth: 'none' is also given", async () => {
    const { proxy, upstream } = setup({ auth: "none", token: "t0ken" });
    expect((await proxy(generate(valid), env)).status).toBe(401);
    expect((await proxy(generate(valid, { authorization: "Bearer t0ken" }), env)).status).toBe(200);
    expect(upstream).toHaveLength(1);
  });

  it("fails closed when the token or the key is not configured", async () => {
    const noToken = setup({ auth: undefined, token: () => undefined });
    const response = await noToken.proxy(generate(valid, { authorization: "Bearer x" }), env);
    expect(response.status).toBe(500);
    expect((await response.json()).error.code).toBe("proxy_misconfigured");
    expect(noToken.upstream).toHaveLength(0);
    const noKey = setup();
    const refused = await noKey.proxy(generate(valid), {} as typeof env);
    expect(refused.status).toBe(500);
    expect(noKey.upstream).toHaveLength(0);
  });

  it("answers 500 without detail when a hook throws", async () => {
    const { proxy, upstream } = setup({
      auth: undefined,
      authorize: () => {
        throw new Error(`hook failed with ${KEY}`);
      },
    });
    const response = await proxy(generate(valid), env);
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(KEY);
    expect(upstream).toHaveLength(0);
  });

  it("accepts a body exactly at maxBodyBytes and refuses one byte more", async () => {
    const base = JSON.stringify({ ...valid, prompt: "" });
    const at = JSON.stringify({ ...valid, prompt: "x".repeat(200 - base.length) });
    expect(new TextEncoder().encode(at).length).toBe(200);
    const { proxy } = setup({ maxBodyBytes: 200 });
    expect((await proxy(generate(at), env)).status).toBe(200);
    const over = JSON.stringify({ ...valid, prompt: "x".repeat(201 - base.length) });
    expect((await proxy(generate(over), env)).status).toBe(413);
  });

  it("forwards to baseURL from env and sends the organization and project", async () => {
    const { proxy, upstream } = setup();
    await proxy(generate(valid), {
      ...env,
      OPENAI_BASE_URL: "https://gateway.test/openai/v1/",
      OPENAI_ORG_ID: "org-1",
      OPENAI_PROJECT_ID: "proj-1",
    } as typeof env);
    expect(upstream[0]!.url).toBe("https://gateway.test/openai/v1/images/generations");
    expect(upstream[0]!.headers.get("openai-organization")).toBe("org-1");
    expect(upstream[0]!.headers.get("openai-project")).toBe("proj-1");
  });

  it("does not force moderation on dall-e models, which refuse the parameter", async () => {
    const { proxy, upstream } = setup({ moderation: "low" });
    await proxy(generate({ model: "dall-e-3", prompt: "a kite" }), env);
    expect(await upstream[0]!.json()).toEqual({ model: "dall-e-3", prompt: "a kite" });
  });

  it("keys the rate limit with rateLimitKey and honours the limiter's retryAfter", async () => {
    const keys: string[] = [];
    const { proxy, upstream } = setup({
      rateLimiter: () => ({
        limit: async ({ key }) => {
          keys.push(key);
          return { success: false };
        },
      }),
      rateLimitKey: (request) => request.headers.get("x-user") ?? "anon",
      retryAfterSeconds: 10,
    });
    const response = await proxy(generate(valid, { "x-user": "bob" }), env);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("10");
    expect(keys).toEqual(["bob"]);
    expect(upstream).toHaveLength(0);
  });

  it("answers a retryable 502 in the API's shape when the upstream refused the connection", async () => {
    const { proxy } = setup({
      upstream: async () => {
        throw new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } });
      },
    });
    const response = await proxy(generate(valid), env);
    expect(response.status).toBe(502);
    expect(response.headers.get("x-should-retry")).toBeNull();
    expect((await response.json()).error).toMatchObject({
      type: "server_error",
      code: "upstream_unreachable",
    });
  });

  it("answers a 502 marked x-should-retry: false when the upstream may have had the request", async () => {
    const { proxy } = setup({
      upstream: async () => {
        throw new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } });
      },
    });
    const response = await proxy(generate(valid), env);
    expect(response.status).toBe(502);
    expect(response.headers.get("x-should-retry")).toBe("false");
    expect((await response.json()).error).toMatchObject({ code: "upstream_connection_lost" });
  });

  it("lets a cross-origin page read x-should-retry and every header it passes on", async () => {
    const { proxy } = setup({
      allowedOrigins: ["https://app.example"],
      upstream: async () => {
        throw new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } });
      },
    });
    const response = await proxy(generate(valid, { origin: "https://app.example" }), env);
    expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
    // Unexposed, a browser could not see the "don't retry" and would retry the 502 by status.
    const exposed = response.headers.get("access-control-expose-headers")!.split(", ");
    expect(exposed).toContain("x-should-retry");
    expect(exposed).toEqual(
      expect.arrayContaining(["x-request-id", "retry-after", "retry-after-ms", "openai-version"]),
    );
  });
});
