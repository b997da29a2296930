// @easel/browser as a page loads it, for the tests that run in Chromium (the launch itself is
// the shared @easel/test-chromium).
import { build } from "esbuild";

export { launchChromium } from "@easel/test-chromium";

/** `@easel/browser` bundled for the browser from its source, as a page would bundle it. */
export async function bundleBrowserPackage(): Promise<string> {
  const result = await build({
    entryPoints: [new URL("../src/index.ts", import.meta.url).pathname],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0]!.text;
}

/** A page that loads the bundle as `window.easel`. */
export const TEST_PAGE = `<!doctype html>
<html><head><meta charset="utf-8"><title>easel test</title></head>
<body><img id="img" alt="">
<script type="module">
import * as easel from "/easel-browser.js";
window.easel = easel;
window.easelReady = true;
</script></body></html>`;
