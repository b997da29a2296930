import { EaselError } from "@easel/core";
import { describe, expect, it } from "vitest";
import { createImagesClient } from "./create-images-client";
import { imageB64 } from "./test-support";

interface Seen {
  url: string;
  headers: Headers;
}

async function recordingFetch() {
  const seen: Seen[] = [];
  const b64 = await imageB64("png");
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    seen.push({ url: String(input), headers: new Headers(init?.headers) });
    return Response.json(
      { created: 1, data: [{ b64_json: b64 }], output_format: "png" },
      { headers: { "x-request-id": "req_env" } },
    );
  };
  return { seen, fetch };
}

const params = { model: "gpt-image-1.5", prompt: "a kite" } as const;

describe("createImagesClient (Node)", () => {
  it("reads the key, base URL, organization and project from the environment", async () => {
    const { seen, fetch } = await recordingFetch();
    const client = createImagesClient({
      fetch,
      env: {
        OPENAI_API_KEY: "sk-env",
        OPENAI_BASE_URL: "http://127.0.0.1:9/custom/v1/",
        OPENAI_ORG_ID: "org-env",
        OPENAI_PROJECT_ID: "proj-env",
      },
    });
    const result = await client.images.generate(params);
    expect(result.requestId).toBe("req_env");
    expect(client.baseURL).toBe("http://127.0.0.1:9/custom/v1");
    expect(seen[0]!.url).toBe("http://127.0.0.1:9/custom/v1/images/generations");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer sk-env");
    expect(seen[0]!.headers.get("openai-organization")).toBe("org-env");
    expect(seen[0]!.headers.get("openai-project")).toBe("proj-env");
  });

  it("lets explicit options win over the environment", async () => {
    const { seen, fetch } = await recordingFetch();
    const client = createImagesClient({
      fetch,
      apiKey: "sk-option",
      baseURL: "http://127.0.0.1:9/opt",
      organization: "org-option",
      project: "proj-option",
      env: {
        OPENAI_API_KEY: "sk-env",
        OPENAI_BASE_URL: "http://127.0.0.1:9/env",
        OPENAI_ORG_ID: "org-env",
        OPENAI_PROJECT_ID: "proj-env",
      },
    });
    await client.images.generate(params);
    expect(seen[0]!.url).toBe("http://127.0.0.1:9/opt/images/generations");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer sk-option");
    expect(seen[0]!.headers.get("openai-organization")).toBe("org-option");
    expect(seen[0]!.headers.get("openai-project")).toBe("proj-option");
  });

  it("reads process.env when no env is given", async () => {
    const { seen, fetch } = await recordingFetch();
    const before = process.env.OPENAI_API_KEY;
    process.env.OPENAI_API_KEY = "sk-process";
    try {
      await createImagesClient({ fetch }).images.generate(params);
    } finally {
      if (before === undefined) delete process.env.OPENAI_API_KEY;
      else process.env.OPENAI_API_KEY = before;
    }
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer sk-process");
  });

  it("throws an error naming OPENAI_API_KEY and the apiKey option when no key is set", () => {
    for (const env of [{}, { OPENAI_API_KEY: "" }, { OPENAI_API_KEY: "  " }]) {
      let error: unknown;
      try {
        createImagesClient({ env });
      } catch (e) {
        error = e;
      }
      expect(EaselError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain("OPENAI_API_KEY");
      expect((error as Error).message).toContain("apiKey");
    }
  });

  it("sends no key with apiKey: null (a proxy adds it)", async () => {
    const { seen, fetch } = await recordingFetch();
    await createImagesClient({ fetch, apiKey: null, env: {} }).images.generate(params);
    expect(seen[0]!.headers.has("authorization")).toBe(false);
  });

  it("never puts the key in its error messages", async () => {
    const fetch = async () =>
      Response.json(
        {
          error: {
            message: "Incorrect API key provided.",
            type: "invalid_request_error",
            code: "invalid_api_key",
            param: null,
          },
        },
        { status: 401 },
      );
    const client = createImagesClient({ fetch, apiKey: "sk-test-SECRET-node", maxRetries: 0 });
    const error = await client.images.generate(params).catch((e: unknown) => e);
    expect(EaselError.isInstance(error)).toBe(true);
    expect(JSON.stringify((error as EaselError).toJSON())).not.toContain("SECRET");
    expect(String((error as Error).stack)).not.toContain("SECRET");
  });
});
