// The one place the browser tests (packages/browser, the page's e2e, the README examples) learn
// how to start Chromium on these machines: Debian's build, headless, with the network features
// that a closed network refuses turned off (TOOLCHAIN.md).
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

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

export function findChromium() {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(path)) {
    // Thrown, so a browser test fails (it is never skipped), saying how to get a Chromium.
    throw new Error(
      `No Chromium found at ${path}: the browser tests need one. Install it with ` +
        "`apt-get update && apt-get install -y --no-install-recommends chromium` " +
        "(or run .ci/install-chromium from the repository root), or set CHROMIUM_PATH " +
        "to a Chromium or Chrome binary.",
    );
  }
  return path;
}

export async function launchChromium(options = {}) {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), "easel-chromium-"));
  // Playwright takes a user-data-dir only through a persistent context; this one is new and empty.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
