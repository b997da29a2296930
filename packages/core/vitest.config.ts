import { webVariantsVitePlugin } from "@easel/tsup-config/web-variants";
import { defineTestConfig } from "@easel/vitest-config";

declare module "vitest" {
  export interface ProvidedContext {
    /** Which build's variants the project tests: Node's, or the browser/workerd one. */
    build: "node" | "web";
  }
}

export default defineTestConfig({
  test: {
    projects: [
      // Every test, on the library build's sources (Node's variants).
      { extends: true, test: { name: "node", provide: { build: "node" } } },
      // The suites that reach a `.web.ts` file, again with the web build's swap applied
      // (tsup.web.config.ts): the decoder and the stream on browser/workerd text decoding.
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
          ],
        },
      },
    ],
  },
});
