import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { sharedTestPage, type TestPage } from "../test/harness";
import type { Handler } from "../test/loopback-server";
import { makePng } from "../test/png";

const PNG = makePng(24, 16, [200, 40, 40]).toString("base64");
const SECRET = "sk-proj-DoNotLeakThis1234567890";

// The proxy answers by prompt, so one page can see every outcome.
const proxy: Handler = (_req, res, body) => {
  const { prompt } = JSON.parse(body) as { prompt: string };
  const error = (status: number, error: Record<string, unknown>, headers = {}) =>
    res
      .writeHead(status, {
        "content-type": "application/json",
        "x-request-id": "req_1",
        ...headers,
      })
      .end(JSON.stringify({ error }));
  if (prompt === "unauthorized") {
    return error(401, { message: "Missing bearer token.", type: "invalid_request_error" });
  }
  if (prompt === "busy") {
    return error(
      429,
      { message: "Rate limit reached.", type: "requests", code: "rate_limit_exceeded" },
      { "retry-after": "7" },
    );
  }
  if (prompt === "blocked") {
    return error(400, {
      message: "Your request was rejected by the safety system.",
      type: "image_generation_user_error",
      param: null,
      code: "moderation_blocked",
    });
  }
  res
    .writeHead(200, { "content-type": "application/json", "x-request-id": "req_ok" })
    .end(JSON.stringify({ created: 1, output_format: "png", data: [{ b64_json: PNG }] }));
};

describe("createImagesClient in Chromium", () => {
  const shared = sharedTestPage({ "POST /api/images/generations": proxy });
  let t: TestPage;
  beforeEach(async () => {
    t = await shared.get();
  });
  afterAll(() => shared.close());
  const proxyRequests = () => t.server.requests.filter((r) => r.url.startsWith("/api/"));

  it("refuses an OpenAI secret key, points at the proxy and never quotes the key", async () => {
    const before = proxyRequests().length;
    const outcome = await t.page.evaluate((key) => {
      try {
        window.easel.createImagesClient({ baseURL: "/api", apiKey: key });
        return { threw: false } as const;
      } catch (error) {
        return {
          threw: true,
          isEasel: window.easel.EaselError.isInstance(error),
          message: (error as Error).message,
          json: JSON.stringify(error),
        } as const;
      }
    }, SECRET);
    expect(outcome.threw).toBe(true);
    if (!outcome.threw) return;
    expect(outcome.isEasel).toBe(true);
    expect(outcome.message).toContain("public: use a proxy (@easel/edge)");
    expect(outcome.message).toContain("for a throwaway key, dangerouslyAllowBrowser: true");
    expect(outcome.message + outcome.json).not.toContain("DoNotLeakThis");
    expect(proxyRequests().length).toBe(before);
  });

  it("sends no key to the proxy, at a baseURL relative to the page", async () => {
    const result = await t.page.evaluate(async () => {
      const client = window.easel.createImagesClient({ baseURL: "/api" });
      const r = await client.images.generate({ model: "gpt-image-2", prompt: "a kite" });
      return {
        baseURL: client.baseURL,
        mime: r.images[0]!.mimeType,
        bytes: r.images[0]!.bytes().length,
      };
    });
    expect(result.baseURL).toBe(`${t.server.url}/api`);
    expect(result).toMatchObject({ mime: "image/png", bytes: Buffer.from(PNG, "base64").length });
    const sent = proxyRequests().at(-1)!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent.body)).toEqual({ model: "gpt-image-2", prompt: "a kite" });
  });

  it("sends the proxy's bearer token", async () => {
    await t.page.evaluate(async () => {
      const client = window.easel.createImagesClient({ baseURL: "/api", token: "proxy-token" });
      await client.images.generate({ model: "gpt-image-2", prompt: "a kite" });
    });
    expect(proxyRequests().at(-1)!.headers.authorization).toBe("Bearer proxy-token");
  });

  it("sends a secret key only when dangerouslyAllowBrowser is set", async () => {
    await t.page.evaluate(async (key) => {
      const client = window.easel.createImagesClient({
        baseURL: "/api",
        apiKey: key,
        dangerouslyAllowBrowser: true,
      });
      await client.images.generate({ model: "gpt-image-2", prompt: "a kite" });
    }, SECRET);
    expect(proxyRequests().at(-1)!.headers.authorization).toBe(`Bearer ${SECRET}`);
  });

  it("refuses token and apiKey together", async () => {
    const message = await t.page.evaluate(() => {
      try {
        window.easel.createImagesClient({ baseURL: "/api", token: "a", apiKey: "b" });
        return "";
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(message).toBe("Pass token or apiKey, not both.");
  });

  it("refuses an invalid size before any request", async () => {
    const before = proxyRequests().length;
    const outcome = await t.page.evaluate(async () => {
      const client = window.easel.createImagesClient({ baseURL: "/api" });
      try {
        await client.images.generate({ model: "gpt-image-2", prompt: "a kite", size: "1792x936" });
        return null;
      } catch (error) {
        const e = error as InstanceType<typeof window.easel.ImageRequestValidationError>;
        return {
          validation: window.easel.ImageRequestValidationError.isInstance(error),
          params: e.issues.map((i) => i.param),
          message: e.message,
        };
      }
    });
    expect(outcome).toMatchObject({ validation: true, params: ["size"] });
    expect(outcome?.message).toContain("divisible by 16");
    expect(proxyRequests().length).toBe(before);
  });

  it("turns the proxy's 401, 429 and moderation refusals into typed errors", async () => {
    const outcomes = await t.page.evaluate(async () => {
      const { easel } = window;
      const client = easel.createImagesClient({ baseURL: "/api", maxRetries: 0 });
      const results: Record<string, unknown> = {};
      for (const prompt of ["unauthorized", "busy", "blocked"]) {
        try {
          await client.images.generate({ model: "gpt-image-2", prompt });
        } catch (error) {
          results[prompt] = {
            auth: easel.AuthenticationError.isInstance(error),
            rate: easel.RateLimitError.isInstance(error),
            moderation: easel.ModerationBlockedError.isInstance(error),
            retryAfter: (error as InstanceType<typeof easel.ApiError>).headers?.get("retry-after"),
          };
        }
      }
      return results;
    });
    expect(outcomes).toEqual({
      unauthorized: { auth: true, rate: false, moderation: false, retryAfter: null },
      busy: { auth: false, rate: true, moderation: false, retryAfter: "7" },
      blocked: { auth: false, rate: false, moderation: true, retryAfter: null },
    });
  });
});
