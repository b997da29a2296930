import { build } from "esbuild";
import { describe, expect, it } from "vitest";
import * as browser from "./index";

describe("@easel/browser entry", () => {
  it("bundles for the browser without any Node built-in", async () => {
    // platform "browser" fails to resolve node: imports, so a successful build is the proof;
    // the scan catches a built-in smuggled in another way.
    const result = await build({
      entryPoints: [new URL("./index.ts", import.meta.url).pathname],
      bundle: true,
      format: "esm",
      platform: "browser",
      write: false,
      logLevel: "silent",
    });
    const code = result.outputFiles[0]!.text;
    expect(code).not.toMatch(/["']node:/);
    expect(code).not.toMatch(/\brequire\(/);
  });

  it("re-exports what a page needs from core", () => {
    for (const name of [
      "validateImageRequest",
      "checkSize",
      "parseSize",
      "estimateCost",
      "ModerationBlockedError",
      "RateLimitError",
      "AuthenticationError",
      "ImageRequestValidationError",
    ]) {
      expect(typeof (browser as Record<string, unknown>)[name]).toBe("function");
    }
    expect(browser.createImagesClient).toBeTypeOf("function");
    expect(browser.showProgressively).toBeTypeOf("function");
  });

  it("refuses a secret key outside a browser too", () => {
    expect(() => browser.createImagesClient({ baseURL: "/api", apiKey: "sk-x" })).toThrow(
      /use a proxy \(@easel\/edge\)/,
    );
  });
});
