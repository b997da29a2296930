// Benchmark of the stream decoder against the official SDK's, on the stream a 4K generation
// sends: 2 partial images and 1 completed image of 8 MB of base64 each, fed in 16 KB (and
// 64 KB) chunks. A plain Node script, not a test:
//   pnpm --filter @easel/core build && node --expose-gc packages/core/bench/decode.bench.mjs
//
// Decoders, each run to the end of the same bytes, every event's JSON parsed:
//   easel   decodeImageStream from ../dist (typed events, shapes checked)
//   openai  the `openai` package's Stream.fromSSEResponse (7.x)
//   parser  bare eventsource-parser + TextDecoder + JSON.parse (easel's building blocks)
//   floor   TextDecoder (its fast one-call path) + a scan for "\n\n" + joining each event's
//           text (no SSE fields, no JSON): what reading the bytes into strings costs at least
//
// Throughput: one child process per chunk size runs the decoders interleaved (round r runs
// each once, in rotated order) after a warm-up round, so machine noise hits them alike; MB/s
// is the median of 5 rounds. Memory: one child process per decoder and chunk size (a warm-up
// run, then a measured one): peak RSS is the child's maxRSS minus its RSS once the input was
// built and the decoder loaded; peak heap (above the heap after the warm-up) is sampled every
// 1 MB the decoder pulls during the measured run. Prints a markdown table.
// Targets: easel >= 3x openai, >= 70% of floor.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const MB = 1024 * 1024;
const B64_SIZE = 8 * MB;
const CHUNK_SIZES = [16 * 1024, 64 * 1024];
const RUNS = 5;
const DECODERS = ["easel", "openai", "parser", "floor"];
const TARGET_VS_OPENAI = 3;
const TARGET_VS_FLOOR = 0.7;

// ---------------------------------------------------------------------------------------------
// The input: built straight into one Uint8Array (no 25 MB intermediate strings).

function buildInput() {
  const encoder = new TextEncoder();
  const alphabet = encoder.encode(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/",
  );
  // A fixed pseudo-random base64 block: realistic bytes, identical in every process.
  const block = new Uint8Array(64 * 1024);
  let seed = 0x2545f491;
  for (let i = 0; i < block.length; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    block[i] = alphabet[seed >>> 26];
  }
  const common = `"created_at":1760000000,"size":"3840x2160","quality":"high","background":"opaque","output_format":"png"`;
  const usage = `"usage":{"input_tokens":50,"input_tokens_details":{"image_tokens":0,"text_tokens":50},"output_tokens":16640,"output_tokens_details":{"image_tokens":16640,"text_tokens":0},"total_tokens":16690}`;
  const events = [
    ["image_generation.partial_image", `,${common},"partial_image_index":0}`],
    ["image_generation.partial_image", `,${common},"partial_image_index":1}`],
    ["image_generation.completed", `,${common},${usage}}`],
  ].map(([type, tail]) => ({
    head: encoder.encode(`event: ${type}\ndata: {"type":"${type}","b64_json":"`),
    tail: encoder.encode(`"${tail}\n\n`),
  }));
  const total = events.reduce((n, e) => n + e.head.length + B64_SIZE + e.tail.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const { head, tail } of events) {
    bytes.set(head, offset);
    offset += head.length;
    for (let left = B64_SIZE; left > 0; left -= block.length) {
      const n = Math.min(left, block.length);
      bytes.set(n === block.length ? block : block.subarray(0, n), offset);
      offset += n;
    }
    bytes.set(tail, offset);
    offset += tail.length;
  }
  return bytes;
}

/** A body like fetch's: chunks pulled on demand (views, no copies). */
function bodyOf(bytes, chunkSize, onMegabyte) {
  let offset = 0;
  let nextSample = MB;
  return new ReadableStream(
    {
      pull(controller) {
        if (offset >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.subarray(offset, offset + chunkSize));
        offset += chunkSize;
        if (onMegabyte && offset >= nextSample) {
          nextSample += MB;
          onMegabyte();
        }
      },
    },
    { highWaterMark: 0 },
  );
}

function checkLengths(name, lengths) {
  const ok =
    lengths.length === 3 &&
    (name === "floor" ? lengths.every((n) => n > B64_SIZE) : lengths.every((n) => n === B64_SIZE));
  if (!ok) throw new Error(`${name} decoded the wrong events: ${JSON.stringify(lengths)}`);
}

// ---------------------------------------------------------------------------------------------
// The decoders. Each returns the b64_json lengths it saw, which are checked after every run.

async function loadDecoder(name) {
  if (name === "easel") {
    const { decodeImageStream } = await import("../dist/index.js");
    return async (body) => {
      const lengths = [];
      for await (const event of decodeImageStream(body)) lengths.push(event.b64_json.length);
      return lengths;
    };
  }
  if (name === "openai") {
    const { Stream } = await import("openai/core/streaming");
    return async (body) => {
      const lengths = [];
      const stream = Stream.fromSSEResponse(new Response(body), new AbortController());
      for await (const event of stream) lengths.push(event.b64_json.length);
      return lengths;
    };
  }
  if (name === "parser") {
    const { createParser } = await import("eventsource-parser");
    return async (body) => {
      const lengths = [];
      const parser = createParser({
        onEvent: (message) => lengths.push(JSON.parse(message.data).b64_json.length),
      });
      const decoder = new TextDecoder();
      const reader = body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(decoder.decode(value, { stream: true }));
      }
      parser.feed(decoder.decode());
      return lengths;
    };
  }
  if (name === "floor") {
    // Decode every byte to text, find each event's end and join the event's text (every real
    // decoder must hold it as one string for JSON.parse). No SSE fields, no JSON, and the
    // fastest TextDecoder call (one call per chunk: the input is ASCII, so no character is
    // split; `stream: true` is several times slower in Node).
    return async (body) => {
      const lengths = [];
      const decoder = new TextDecoder();
      const reader = body.getReader();
      let parts = [];
      let lastWasLF = false;
      const finish = () => {
        lengths.push(parts.join("").length);
        parts = [];
      };
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        const text = decoder.decode(value);
        if (text.length === 0) continue;
        let from = 0;
        // A "\n\n" split across two chunks.
        if (lastWasLF && text.charCodeAt(0) === 10) {
          finish();
          from = 1;
        }
        for (let at = text.indexOf("\n\n", from); at !== -1; at = text.indexOf("\n\n", from)) {
          parts.push(text.slice(from, at));
          finish();
          from = at + 2;
        }
        if (from < text.length) parts.push(text.slice(from));
        lastWasLF = text.charCodeAt(text.length - 1) === 10;
      }
      return lengths;
    };
  }
  throw new Error(`unknown decoder ${name}`);
}

// ---------------------------------------------------------------------------------------------
// Children: throughput (all decoders, interleaved) and memory (one decoder).

const gc = globalThis.gc ?? (() => {});
const seconds = (started) => Number(process.hrtime.bigint() - started) / 1e9;

async function throughput(chunkSize) {
  const bytes = buildInput();
  const decoders = [];
  for (const name of DECODERS) decoders.push({ name, decode: await loadDecoder(name), runs: [] });
  for (let round = 0; round <= RUNS; round++) {
    for (let i = 0; i < decoders.length; i++) {
      const d = decoders[(i + round) % decoders.length];
      gc();
      const started = process.hrtime.bigint();
      const lengths = await d.decode(bodyOf(bytes, chunkSize));
      const elapsed = seconds(started);
      checkLengths(d.name, lengths);
      if (round > 0) d.runs.push(bytes.length / MB / elapsed); // round 0 warms up
    }
  }
  const median = (runs) => [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  return decoders.map((d) => ({
    name: d.name,
    chunkSize,
    inputBytes: bytes.length,
    mbps: median(d.runs),
    runsMbps: d.runs,
  }));
}

async function memory(name, chunkSize) {
  const bytes = buildInput();
  const decode = await loadDecoder(name);
  gc();
  // maxRSS is a high-water mark for the process's life: the baseline is taken before any run.
  const rssBefore = process.memoryUsage().rss;
  checkLengths(name, await decode(bodyOf(bytes, chunkSize))); // warm-up
  gc();
  const heapBefore = process.memoryUsage().heapUsed;
  let heapPeak = 0;
  const sample = () => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed - heapBefore);
  };
  checkLengths(name, await decode(bodyOf(bytes, chunkSize, sample)));
  sample();
  const peakRss = process.resourceUsage().maxRSS * 1024 - rssBefore;
  return { name, chunkSize, peakRssMB: Math.max(0, peakRss) / MB, peakHeapMB: heapPeak / MB };
}

// ---------------------------------------------------------------------------------------------
// Driver: children, then the table.

function child(args) {
  const run = spawnSync(
    process.execPath,
    ["--expose-gc", fileURLToPath(import.meta.url), ...args.map(String)],
    { encoding: "utf8", maxBuffer: 16 * MB },
  );
  if (run.status !== 0) throw new Error(`${args.join(" ")} failed:\n${run.stderr}`);
  return JSON.parse(run.stdout);
}

async function main() {
  const results = [];
  for (const chunkSize of CHUNK_SIZES) {
    process.stderr.write(`  throughput @ ${chunkSize / 1024} KB chunks...\n`);
    const speeds = child(["--throughput", chunkSize]);
    for (const speed of speeds) {
      process.stderr.write(`  memory: ${speed.name} @ ${chunkSize / 1024} KB chunks...\n`);
      results.push({ ...speed, ...child(["--memory", speed.name, chunkSize]) });
    }
  }
  const input = results[0].inputBytes;
  const { VERSION } = await import("openai/version");
  console.log(
    `\n### decodeImageStream: 2 partial + 1 completed events, 8 MB of base64 each (${(input / MB).toFixed(1)} MB), Node ${process.version}, openai ${VERSION}\n`,
  );
  console.log(
    "| chunks | decoder | MB/s (median of 5) | runs (MB/s) | peak RSS (MB) | peak heap (MB) | easel / this |",
  );
  console.log("| ---: | --- | ---: | --- | ---: | ---: | ---: |");
  const verdicts = [];
  for (const chunkSize of CHUNK_SIZES) {
    const rows = results.filter((r) => r.chunkSize === chunkSize);
    const easel = rows.find((r) => r.name === "easel");
    for (const r of rows) {
      const ratio = r.name === "easel" ? "" : `${(easel.mbps / r.mbps).toFixed(2)}x`;
      console.log(
        `| ${chunkSize / 1024} KB | ${r.name} | ${r.mbps.toFixed(0)} | ${r.runsMbps.map((m) => m.toFixed(0)).join(", ")} | ${r.peakRssMB.toFixed(1)} | ${r.peakHeapMB.toFixed(1)} | ${ratio} |`,
      );
    }
    const vsOpenai = easel.mbps / rows.find((r) => r.name === "openai").mbps;
    const vsFloor = easel.mbps / rows.find((r) => r.name === "floor").mbps;
    verdicts.push(
      `${chunkSize / 1024} KB chunks: easel/openai ${vsOpenai.toFixed(2)}x (target >= ${TARGET_VS_OPENAI}x: ${vsOpenai >= TARGET_VS_OPENAI ? "met" : "MISSED"}), easel/floor ${(vsFloor * 100).toFixed(0)}% (target >= ${TARGET_VS_FLOOR * 100}%: ${vsFloor >= TARGET_VS_FLOOR ? "met" : "MISSED"})`,
    );
  }
  console.log("");
  for (const line of verdicts) console.log(`- ${line}`);
}

const [mode, ...args] = process.argv.slice(2);
if (mode === "--throughput")
  process.stdout.write(JSON.stringify(await throughput(Number(args[0]))));
else if (mode === "--memory") {
  process.stdout.write(JSON.stringify(await memory(args[0], Number(args[1]))));
} else await main();
