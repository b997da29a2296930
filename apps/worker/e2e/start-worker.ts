import { startDemoWorker } from "../test/start-demo-worker";

/** The app's folder (apps/worker). */
export const appDir = new URL("..", import.meta.url).pathname;

/**
 * Starts the Worker in workerd on 127.0.0.1 with wrangler's dev server, serving the built page
 * from public/ and the proxy at /api, with the embedded emulator as its upstream.
 */
export async function startWorker(): Promise<{ url: string; dispose(): Promise<void> }> {
  const worker = await startDemoWorker();
  return { url: worker.url.origin, dispose: () => worker.dispose() };
}
