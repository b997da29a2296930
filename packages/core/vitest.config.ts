import { webVariantsVitePlugin } from "@easel/tsup-config/web-variants";
import { defineTestConfig } from "@easel/vitest-config";

declare module "vitest" {
  export interface ProvidedContext {
    /** Which build's variants the project tests: the library build's, or the browser one. */
    build: "node" | "web";
  }
}

export default defineTestConfig({
  test: {
    projects: [
      // Every test, on the library build's sources (Node's variants).
      { extends: true, test: { name: "node", provide: { build: "node" } } },
      // The suites that reach a `.web.ts` file, again with the web build's swap applied
      // (tsup.web.config.ts): the decoder and the stream on the browser's text decoding and plain
      // JSON.parse, network failures without undici's codes, base64 without Buffer.
      // Not `extends: true`: that would add the preset's include (every test) to this one.
      {
        plugins: [webVariantsVitePlugin()],
        test: {
          name: "web",
          provide: { build: "web" },
          testTimeout: 20_000,
          include: [
            "src/utf8-decoder.test.ts",
            "src/decode-image-stream.test.ts",
            "src/decode-image-stream.property.test.ts",
            "src/image-stream.test.ts",
            "src/network-failure.test.ts",
            "src/base64.test.ts",
          ],
        },
      },
    ],
  },
});
