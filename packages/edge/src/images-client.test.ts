import { createImagesEmulator } from "@easel/emulator";
import { describe, expect, it } from "vitest";
import { createImagesClient } from "./images-client";

describe("createImagesClient (Workers)", () => {
  it("reads the key, base URL, organization and project from env", async () => {
    const emulator = createImagesEmulator({ apiKeys: ["sk-from-env"], streamIntervalMs: 0 });
    const seen: Request[] = [];
    const client = createImagesClient({
      env: {
        OPENAI_API_KEY: "sk-from-env",
        OPENAI_BASE_URL: "http://emulator.test/v1",
        OPENAI_ORG_ID: "org-1",
        OPENAI_PROJECT_ID: "proj-1",
      },
      fetch: (input, init) => {
        const request = new Request(input, init);
        seen.push(request.clone());
        return emulator(request);
      },
    });
    expect(client.baseURL).toBe("http://emulator.test/v1");
    const result = await client.images.generate({
      model: "gpt-image-1-mini",
      prompt: "a kite",
      quality: "low",
    });
    expect(result.images).toHaveLength(1);
    expect(seen[0]!.url).toBe("http://emulator.test/v1/images/generations");
    expect(seen[0]!.headers.get("authorization")).toBe("Bearer sk-from-env");
    expect(seen[0]!.headers.get("openai-organization")).toBe("org-1");
    expect(seen[0]!.headers.get("openai-project")).toBe("proj-1");
  });

  it("prefers explicit options and treats empty bindings as unset", () => {
    const client = createImagesClient({
      env: { OPENAI_BASE_URL: "", OPENAI_API_KEY: "sk-env" },
      baseURL: "http://explicit.test/v1/",
    });
    expect(client.baseURL).toBe("http://explicit.test/v1");
    expect(createImagesClient({ env: { OPENAI_BASE_URL: "" } }).baseURL).toBe(
      "https://api.openai.com/v1",
    );
  });
});
