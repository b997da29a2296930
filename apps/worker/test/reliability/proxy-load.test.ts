// Issue 9, load: 200 concurrent streaming generations from 200 clients through the demo Worker
// (wrangler.jsonc, OpenAI mode, its real rate limiter) in workerd to the emulator on loopback.
// Every stream must complete with intact images, the emulator must end with nothing active,
// and workerd's memory must stay bounded. The figures are printed and written to
// test-output/reliability-load.json for the README; time is measured, never asserted.
import { mkdir, writeFile } from "node:fs/promises";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  appDir,
  decodeBase64,
  endsWhole,
  expectNoKey,
  imageInfo,
  memoryKiB,
  PLANTED,
  type StartedWorker,
  sseEvents,
  startDemoWorker,
  TOKEN,
} from "./harness";

const CONCURRENT = 200;
const PARAMS = {
  model: "gpt-image-1-mini",
  prompt: "a paper boat on a pond",
  size: "1024x1024",
  quality: "low",
  output_format: "jpeg",
  output_compression: 50,
  stream: true,
  partial_images: 1,
};
// workerd's resident memory may grow by at most this much under the load (it holds no
// bodies: each stream is passed through, so the growth is connection and isolate overhead).
const MAX_WORKERD_GROWTH_MIB = 512;

let api: RunningEmulator;
let worker: StartedWorker;

beforeAll(async () => {
  // A second between events: every stream is answered at once and then held open while the
  // emulator renders, so the Worker really carries all the streams at the same time.
  api = await startEmulator({ apiKeys: [PLANTED], streamIntervalMs: 1_000 });
  worker = await startDemoWorker({
    OPENAI_API_KEY: PLANTED,
    OPENAI_BASE_URL: api.url,
    PROXY_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await worker?.dispose();
  await api?.close();
});

/** Streams whose headers arrived and whose body is still coming, now and at the peak. */
const open = { now: 0, peak: 0 };

/** One client's streamed generation, read to the end and checked. */
async function generate(client: number) {
  const response = await fetch(new URL("/api/images/generations", worker.url), {
    method: "POST",
    headers: {
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      // 200 clients, each within the Worker's per-client rate limit.
      "cf-connecting-ip": `10.${client >> 8}.${client & 255}.1`,
    },
    body: JSON.stringify(PARAMS),
  });
  open.peak = Math.max(open.peak, ++open.now);
  let text: string;
  try {
    text = await response.text();
  } finally {
    open.now--;
  }
  expect(response.status, text.slice(0, 200)).toBe(200);
  expectNoKey(`stream ${client}`, text);
  const events = sseEvents(text);
  expect(events.map((event) => event.type)).toEqual([
    "image_generation.partial_image",
    "image_generation.completed",
  ]);
  for (const event of events) {
    const bytes = decodeBase64(event.b64_json as string);
    const info = imageInfo(bytes);
    expect(info).toEqual({ format: "jpeg", width: 1024, height: 1024 });
    expect(endsWhole(bytes, info.format)).toBe(true);
  }
  return text.length;
}

describe("load through the Worker proxy", () => {
  it(`${CONCURRENT} concurrent streamed generations all complete with intact images, memory bounded`, {
    timeout: 300_000,
  }, async () => {
    // Warm-up: workerd compiles the Worker and the emulator its encoders on first use.
    await generate(0);
    open.peak = 0;
    const before = memoryKiB();
    expect(before.workerdProcesses).toBeGreaterThan(0);
    const statsBefore = { ...api.emulator.stats };
    let peakWorkerd = before.workerd;
    let peakActive = 0;
    const sampler = setInterval(() => {
      peakWorkerd = Math.max(peakWorkerd, memoryKiB().workerd);
      peakActive = Math.max(peakActive, api.emulator.stats.active);
    }, 200);
    const started = performance.now();
    let bytes: number[];
    try {
      bytes = await Promise.all(Array.from({ length: CONCURRENT }, (_, i) => generate(i + 1)));
    } finally {
      clearInterval(sampler);
    }
    const seconds = (performance.now() - started) / 1000;
    await api.emulator.whenIdle();
    const after = memoryKiB();
    const stats = api.emulator.stats;
    expect(stats.active).toBe(0);
    expect(stats.completed - statsBefore.completed).toBe(CONCURRENT);
    expect(stats.cancelled - statsBefore.cancelled).toBe(0);
    expect(stats.images - statsBefore.images).toBe(CONCURRENT);
    const mib = (kib: number) => Math.round(kib / 102.4) / 10;
    const figures = {
      requests: CONCURRENT,
      params: PARAMS,
      completed: stats.completed - statsBefore.completed,
      seconds: Math.round(seconds * 10) / 10,
      bytesStreamed: bytes.reduce((a, b) => a + b, 0),
      peakOpenStreamsAtClients: open.peak,
      peakActiveGenerationsUpstream: peakActive,
      workerdRssMiB: {
        before: mib(before.workerd),
        peak: mib(peakWorkerd),
        after: mib(after.workerd),
      },
      workerdProcesses: before.workerdProcesses,
      testProcessRssMiB: { before: mib(before.self), after: mib(after.self) },
      emulatorActiveAfter: stats.active,
    };
    console.log(`reliability load figures: ${JSON.stringify(figures)}`);
    await mkdir(`${appDir}test-output`, { recursive: true });
    await writeFile(
      `${appDir}test-output/reliability-load.json`,
      `${JSON.stringify(figures, null, 2)}\n`,
    );
    expect(mib(peakWorkerd - before.workerd)).toBeLessThan(MAX_WORKERD_GROWTH_MIB);
  });
});
