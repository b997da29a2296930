// The demo Worker as deployed (wrangler.jsonc), started in workerd on 127.0.0.1 for the tests:
// the Worker suite, the reliability suite and the page's e2e all start it this way.
import { unstable_startWorker } from "wrangler";

const config = new URL("../wrangler.jsonc", import.meta.url).pathname;

export interface StartedWorker {
  url: URL;
  dispose(): Promise<void>;
}

/**
 * Starts the Worker with string bindings (vars and secrets alike) and no `.dev.vars` or `.env`,
 * so the mode is exactly what the test sets: no `OPENAI_API_KEY` means the embedded emulator,
 * even on a machine that has a key lying around.
 */
export async function startDemoWorker(vars: Record<string, string> = {}): Promise<StartedWorker> {
  const worker = await unstable_startWorker({
    config,
    envFiles: [],
    bindings: Object.fromEntries(
      Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }]),
    ),
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
  return { url: await worker.url, dispose: () => worker.dispose() };
}
