import { existsSync } from "node:fs";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";

/** The app's folder (apps/worker). */
export const appDir = new URL("..", import.meta.url).pathname;

/**
 * Starts the Worker in workerd on 127.0.0.1 with wrangler's dev server, serving the built page
 * from public/ and the proxy at /api. No `.dev.vars` or `.env` file is read, so the upstream
 * is the embedded emulator even on a machine that has an OPENAI_API_KEY lying around.
 */
export async function startWorker(): Promise<{ url: string; dispose(): Promise<void> }> {
  const config = ["wrangler.jsonc", "wrangler.json", "wrangler.toml"]
    .map((name) => join(appDir, name))
    .find((path) => existsSync(path));
  if (!config) throw new Error(`No wrangler configuration found in ${appDir}.`);
  const worker = await unstable_startWorker({
    config,
    envFiles: [],
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      liveReload: false,
      persist: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  return { url: url.origin, dispose: () => worker.dispose() };
}
