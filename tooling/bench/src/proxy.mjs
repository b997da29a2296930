// Benchmark 5: proxy overhead. Time to the first partial event of a streamed generation,
// straight from the upstream and through @easel/edge's createImagesProxy in workerd, with the
// same upstream, the same client and the same request, in the same run.
//
// Two upstreams, each in its own Node process on 127.0.0.1:
//   emulator  the emulator itself: renders and encodes the partial image per request
//   replay    the emulator's answer to the same request, recorded once and served again
//             (src/replay-server.mjs): no render time, whose variation (tens of ms) would
//             otherwise drown a few ms of overhead, so this is where the target is judged
// The client is @easel/core's createImagesClient; the clock runs from the call to the first
// event yielded (response headers, the event's bytes, decoding). Every stream is read to its
// end, so the upstream is idle when the next request starts. Routes take turns request by
// request after warm-up rounds; each figure is a median, and the overhead is the median of the
// per-round differences (route - direct), which cancels the upstream's own noise.
//
// Routes, for each upstream:
//   direct         client -> upstream
//   workerd        client -> workerd running createImagesProxy -> upstream (Miniflare: one
//                  workerd process, as a Worker runs behind Cloudflare's front line)
//   workerd-fetch  the same workerd answering with a bare `fetch` to the upstream: the hop
//                  alone, without the proxy's checks
//   wrangler-dev   (emulator only) client -> wrangler's dev server (unstable_startWorker) ->
//                  the same Worker: `wrangler dev` puts its own proxy Worker, in a second
//                  workerd process, in front of the user's, a hop production does not have
import { fileURLToPath } from "node:url";
import { createImagesClient } from "@easel/core";
import { build } from "esbuild";
import { median, progress, roundOrder, startEmulatorProcess, startServerProcess } from "./util.mjs";

const WORKER = fileURLToPath(new URL("../worker/proxy-worker.ts", import.meta.url));
const REPLAY = fileURLToPath(new URL("./replay-server.mjs", import.meta.url));
const COMPATIBILITY = {
  compatibilityDate: "2026-04-01",
  compatibilityFlags: ["enable_request_signal"],
};

/** A small, fast generation: the emulator's render time is noise here, not signal. */
export const PROXY_REQUEST = {
  model: "gpt-image-2",
  prompt: "a paper boat on a pond, line drawing",
  size: "1024x1024",
  quality: "low",
  output_format: "jpeg",
  stream: true,
  partial_images: 1,
};

async function firstEventMs(client) {
  const started = performance.now();
  const stream = await client.images.generate(PROXY_REQUEST);
  let first;
  let eventBytes = 0;
  for await (const event of stream) {
    if (first === undefined) {
      first = performance.now() - started;
      eventBytes = event.b64_json.length;
      if (event.type !== "image_generation.partial_image") throw new Error(`got ${event.type}`);
    }
  }
  return { ms: first, eventBytes };
}

/** Rejects after `ms` (a start-up that never settles, e.g. a failed build, must not hang). */
function within(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not start within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function startMiniflare(bindings) {
  const { Miniflare } = await import("miniflare");
  const bundle = await build({
    entryPoints: [WORKER],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["module", "main"],
    write: false,
    outfile: "proxy-worker.mjs",
    logLevel: "warning",
  });
  const mf = new Miniflare({
    modules: true,
    script: bundle.outputFiles[0].text,
    ...COMPATIBILITY,
    bindings,
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const url = await within(mf.ready, 90_000, "workerd (Miniflare)");
    return { origin: url.origin, dispose: () => mf.dispose() };
  } catch (error) {
    await mf.dispose().catch(() => {});
    throw error;
  }
}

async function startWranglerDev(bindings) {
  process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
  process.env.WRANGLER_SEND_METRICS ??= "false";
  const { unstable_startWorker } = await import("wrangler");
  const worker = await unstable_startWorker({
    entrypoint: WORKER,
    ...COMPATIBILITY,
    bindings: Object.fromEntries(
      Object.entries(bindings).map(([name, value]) => [name, { type: "plain_text", value }]),
    ),
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: "warn",
    },
  });
  try {
    await within(worker.ready, 90_000, "wrangler's dev server");
    return { origin: (await worker.url).origin, dispose: () => worker.dispose() };
  } catch (error) {
    await worker.dispose().catch(() => {});
    throw error;
  }
}

/** Interleaved rounds over `routes`; fills each route's `runs`. */
async function measure(routes, rounds, warmup) {
  let eventBytes = 0;
  for (let round = -warmup; round < rounds; round++) {
    for (const i of roundOrder(routes.length, round + warmup)) {
      const route = routes[i];
      const result = await firstEventMs(route.client);
      eventBytes = result.eventBytes;
      if (round >= 0) route.runs.push(result.ms);
    }
  }
  const direct = routes[0];
  return {
    eventBytes,
    rounds,
    rows: routes.map((r) => ({
      name: r.name,
      ms: median(r.runs),
      runs: r.runs,
      overheadMs: r === direct ? 0 : median(r.runs.map((ms, i) => ms - direct.runs[i])),
    })),
  };
}

/** Runs the proxy benchmark: `rounds.emulator` and `rounds.replay` measured rounds. */
export async function runProxy({ rounds }) {
  const started = [];
  try {
    const emulator = await startEmulatorProcess();
    started.push(emulator);
    const replay = await startServerProcess(REPLAY, [JSON.stringify(PROXY_REQUEST)]);
    started.push(replay);
    const bindings = { EMULATOR_URL: emulator.url, REPLAY_URL: replay.url };
    progress("proxy: starting workerd (Miniflare) and wrangler's dev server");
    const mf = await startMiniflare(bindings);
    started.push(mf);
    // The dev-server route is for reference only: without it the others still run.
    let dev;
    let devError;
    try {
      dev = await startWranglerDev(bindings);
      started.push(dev);
    } catch (error) {
      devError = error instanceof Error ? error.message : String(error);
      progress(`proxy: wrangler's dev server failed to start, its route is left out: ${devError}`);
    }
    const options = { apiKey: "sk-bench-not-a-secret", maxRetries: 0 };
    const routesOf = (list) =>
      list.map(([name, baseURL]) => ({
        name,
        client: createImagesClient({ ...options, baseURL }),
        runs: [],
      }));

    progress(`proxy: ${rounds.replay} rounds against the replayed answer`);
    const replayResult = await measure(
      routesOf([
        ["direct", replay.url],
        ["workerd", `${mf.origin}/replay/api`],
        ["workerd-fetch", `${mf.origin}/replay/passthrough`],
      ]),
      rounds.replay,
      10,
    );
    progress(`proxy: ${rounds.emulator} rounds against the emulator`);
    const emulatorResult = await measure(
      routesOf([
        ["direct", emulator.url],
        ["workerd", `${mf.origin}/api`],
        ["workerd-fetch", `${mf.origin}/passthrough`],
        ...(dev ? [["wrangler-dev", `${dev.origin}/api`]] : []),
      ]),
      rounds.emulator,
      3,
    );
    return { request: PROXY_REQUEST, replay: replayResult, emulator: emulatorResult, devError };
  } finally {
    for (const s of started.reverse()) await (s.dispose ?? s.close)();
  }
}
