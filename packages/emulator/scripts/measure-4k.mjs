// Times one 3840x2160 PNG generation, non-streamed and streamed with 3 partial images, through
// the real Node server, and reports the process's peak RSS. Run after `pnpm build`:
//   node --expose-gc scripts/measure-4k.mjs
// Not a test: timings depend on the machine.
import { startEmulator } from "../dist/node.js";

const server = await startEmulator({ streamIntervalMs: 0 });
const url = `${server.url}/images/generations`;
const body = (extra) =>
  JSON.stringify({
    model: "gpt-image-2",
    prompt: "a 4K harbour at dawn",
    size: "3840x2160",
    ...extra,
  });
const headers = { authorization: "Bearer test", "content-type": "application/json" };

// RSS includes freed memory the GC has not returned yet; arrayBuffers counts the live typed
// arrays (pixels, encoded files, base64 chunks), which is what "copies of the image" means.
let peak = 0;
let peakBuffers = 0;
const sampler = setInterval(() => {
  const usage = process.memoryUsage();
  peak = Math.max(peak, usage.rss);
  peakBuffers = Math.max(peakBuffers, usage.arrayBuffers);
}, 5);

async function measure(label, extra, read) {
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const buffersBefore = process.memoryUsage().arrayBuffers;
  peak = before;
  peakBuffers = buffersBefore;
  const started = performance.now();
  const response = await fetch(url, { method: "POST", headers, body: body(extra) });
  const headersAt = performance.now() - started;
  const bytes = await read(response);
  const total = performance.now() - started;
  console.log(
    `${label}: ${total.toFixed(0)} ms total (headers after ${headersAt.toFixed(0)} ms), ` +
      `${(bytes / 1e6).toFixed(1)} MB of body, peak RSS +${((peak - before) / 1e6).toFixed(0)} MB, ` +
      `peak array buffers +${((peakBuffers - buffersBefore) / 1e6).toFixed(0)} MB ` +
      `(one raw RGBA frame is ${((3840 * 2160 * 4) / 1e6).toFixed(0)} MB)`,
  );
}

const drain = async (response) => {
  let total = 0;
  for await (const chunk of response.body) total += chunk.length;
  return total;
};

await measure("non-streamed png", {}, drain);
await measure("streamed png, 3 partials", { stream: true, partial_images: 3 }, drain);
await measure("non-streamed png (second run)", {}, drain);
clearInterval(sampler);
await server.close();
