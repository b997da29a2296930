import type { BrowserContext } from "playwright-core";

/** Flags that run Debian's Chromium headless on these machines (TOOLCHAIN.md), QUIC off. */
export declare const CHROMIUM_ARGS: readonly string[];

/**
 * The Chromium to drive: `CHROMIUM_PATH`, else Debian's `/usr/bin/chromium`. Throws, with the
 * way to install one, when there is none.
 */
export declare function findChromium(): string;

/** Headless Chromium with a new, empty profile; `close()` deletes the profile. */
export declare function launchChromium(options?: {
  viewport?: { width: number; height: number };
}): Promise<{ context: BrowserContext; close(): Promise<void> }>;
