import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { type BrowserContext, chromium } from "playwright-core";

/** Flags that run Debian's Chromium headless in a container (TOOLCHAIN.md). */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/**
 * The Chromium to test with: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. Throws (so
 * the tests fail, never skip) with the way to get one.
 */
export function findChromium(): string {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium found at ${path}. The browser tests need one: install it with ` +
        "`apt-get update && apt-get install -y --no-install-recommends chromium` " +
        "(or run .ci/install-chromium), or set CHROMIUM_PATH to a Chromium or Chrome binary.",
    );
  }
  return path;
}

/** A headless Chromium with a fresh profile; `close()` removes the profile too. */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), "easel-chromium-"));
  // A persistent context is how Playwright takes a user-data-dir; this one is new and empty.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

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
