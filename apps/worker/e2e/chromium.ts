import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";

/** Flags that run Debian's Chromium headless in a container (TOOLCHAIN.md), QUIC off. */
const CHROMIUM_ARGS = [
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
 * The Chromium to drive: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. Throws, so the
 * e2e fails (it is never skipped), with the way to get one.
 */
export function findChromium(): string {
  const path = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium found at ${path}: the e2e test needs one. Install it with ` +
        "`apt-get update && apt-get install -y --no-install-recommends chromium` " +
        "(or run .ci/install-chromium from the repository root), or set CHROMIUM_PATH " +
        "to a Chromium or Chrome binary.",
    );
  }
  return path;
}

/** Headless Chromium with a new, empty profile; `close()` deletes the profile. */
export async function launchChromium(viewport = { width: 1280, height: 900 }): Promise<{
  context: BrowserContext;
  close(): Promise<void>;
}> {
  const executablePath = findChromium();
  const profile = await mkdtemp(join(tmpdir(), "easel-e2e-"));
  // Playwright takes a user-data-dir only through a persistent context.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    args: CHROMIUM_ARGS,
    headless: true,
    acceptDownloads: true,
    viewport,
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
