// Benchmark of validateImageRequest on a typical request. A plain Node script, not a test:
//   pnpm --filter @easel/core build && node packages/core/bench/validate.bench.mjs
// Prints ops/s and microseconds per call (median of 5 runs) against the 20 µs target.
import { validateImageRequest } from "../dist/index.js";

const TARGET_US = 20;
const RUNS = 5;
const WARMUP_CALLS = 50_000;
const CALLS_PER_RUN = 200_000;

const prompt =
  "A watercolor painting of a red fox curled up asleep in fresh snow at dawn, soft pink light " +
  "on the birch trees behind it, loose brush strokes, visible paper texture, muted palette, " +
  "calm and quiet mood.";

const request = {
  model: "gpt-image-2",
  prompt,
  size: "1536x864",
  quality: "high",
  n: 2,
  output_format: "webp",
  output_compression: 80,
};
const options = { now: new Date("2026-01-01T00:00:00Z") };

// The request must be valid and warning-free, or the benchmark measures the wrong path.
const check = validateImageRequest(request, options);
if (!check.ok || check.warnings.length > 0) {
  console.error("The benchmark request does not validate cleanly:", check);
  process.exit(1);
}

let sink = 0;
function loop(calls) {
  for (let i = 0; i < calls; i++) {
    if (validateImageRequest(request, options).ok) sink++;
  }
}

loop(WARMUP_CALLS);

const perCallUs = [];
for (let run = 0; run < RUNS; run++) {
  const started = process.hrtime.bigint();
  loop(CALLS_PER_RUN);
  const elapsedNs = Number(process.hrtime.bigint() - started);
  perCallUs.push(elapsedNs / 1000 / CALLS_PER_RUN);
}
if (sink !== WARMUP_CALLS + RUNS * CALLS_PER_RUN) throw new Error("a call failed validation");

const sorted = [...perCallUs].sort((a, b) => a - b);
const median = sorted[Math.floor(sorted.length / 2)];
const opsPerSecond = 1_000_000 / median;

console.log(`validateImageRequest: typical gpt-image-2 request (${prompt.length}-char prompt)`);
console.log(`runs (µs/op): ${perCallUs.map((us) => us.toFixed(3)).join(", ")}`);
console.log(
  `median of ${RUNS} runs x ${CALLS_PER_RUN} calls: ${Math.round(opsPerSecond).toLocaleString("en-US")} ops/s, ${median.toFixed(3)} µs/op`,
);
console.log(
  median < TARGET_US
    ? `under the ${TARGET_US} µs target: yes (${median.toFixed(3)} µs < ${TARGET_US} µs)`
    : `under the ${TARGET_US} µs target: NO (${median.toFixed(3)} µs >= ${TARGET_US} µs)`,
);
