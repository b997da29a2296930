// Benchmark 1: stream decode. MB/s and peak memory of the five decoders on the same bytes.
//
// Throughput: one child process per (scenario, chunk size) runs every decoder interleaved:
// each round runs each once, in a shuffled order, after one warm-up round, so machine noise
// hits all of them alike. MB/s is the median of the rounds.
//
// Memory: one child process per (decoder, scenario, chunk size). It builds the input, loads
// the decoder, collects garbage and takes its RSS as the baseline, decodes once, and reports
// `process.resourceUsage().maxRSS` (the process's high-water mark) minus that baseline: the
// most memory the decode added at any instant, garbage not yet collected included (that is
// memory the process really held). It also samples `heapUsed + arrayBuffers` above the
// baseline each time the body hands out another MB: the JS-visible part of the same peak.
import { checkLengths, DECODERS, loadDecoder } from "./decoders.mjs";
import { bodyOf, buildStream, SCENARIOS } from "./stream-input.mjs";
import { gc, inChild, MB, median, progress, roundOrder, seconds } from "./util.mjs";

/** Child task: every decoder on one scenario and chunk size, interleaved rounds. */
export async function decodeThroughput({ scenario, chunkSize, rounds, decoders = DECODERS }) {
  const events = SCENARIOS[scenario];
  const bytes = buildStream(events);
  const loaded = [];
  for (const name of decoders) loaded.push({ name, decode: await loadDecoder(name), runs: [] });
  for (let round = 0; round <= rounds; round++) {
    for (const i of roundOrder(loaded.length, round)) {
      const d = loaded[i];
      gc();
      const started = process.hrtime.bigint();
      const lengths = await d.decode(bodyOf(bytes, chunkSize));
      const elapsed = seconds(started);
      checkLengths(d.name, lengths, events);
      if (round > 0) d.runs.push(bytes.length / MB / elapsed); // round 0 warms up
    }
  }
  return loaded.map((d) => ({
    decoder: d.name,
    inputBytes: bytes.length,
    mbps: median(d.runs),
    runs: d.runs,
  }));
}

/** Child task: one decoder's peak memory on one scenario and chunk size. */
export async function decodeMemory({ scenario, chunkSize, decoder }) {
  const events = SCENARIOS[scenario];
  const bytes = buildStream(events);
  const decode = await loadDecoder(decoder);
  gc();
  gc();
  const rssBefore = process.memoryUsage().rss;
  const usage = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const heapBefore = usage();
  let heapPeak = 0;
  const sample = () => {
    heapPeak = Math.max(heapPeak, usage() - heapBefore);
  };
  checkLengths(decoder, await decode(bodyOf(bytes, chunkSize, sample)), events);
  sample();
  const peakRss = process.resourceUsage().maxRSS * 1024 - rssBefore;
  return { peakRssMB: Math.max(0, peakRss) / MB, peakHeapMB: heapPeak / MB };
}

/**
 * Runs the decode benchmark; `cases` are `{ scenario, chunkSize }`. `memoryRuns` fresh
 * processes per decoder and case measure memory (medians), for the decoders in `memoryFor`.
 * Returns one row per case and decoder.
 */
export async function runDecode({
  cases,
  rounds,
  memoryRuns = 5,
  memoryFor = DECODERS,
  decoders = DECODERS,
}) {
  const rows = [];
  for (const { scenario, chunkSize } of cases) {
    const label = `${scenario} @ ${chunkSize / 1024} KB`;
    progress(`decode throughput: ${label} (${rounds} rounds)`);
    const speeds = await inChild("decodeThroughput", { scenario, chunkSize, rounds, decoders });
    for (const speed of speeds) {
      const samples = [];
      if (memoryFor.includes(speed.decoder)) {
        progress(
          `decode memory: ${speed.decoder}, ${label} (${memoryRuns} process${memoryRuns === 1 ? "" : "es"})`,
        );
        for (let run = 0; run < memoryRuns; run++) {
          samples.push(
            await inChild("decodeMemory", { scenario, chunkSize, decoder: speed.decoder }),
          );
        }
      }
      rows.push({
        scenario,
        chunkSize,
        ...speed,
        peakRssMB: samples.length ? median(samples.map((s) => s.peakRssMB)) : Number.NaN,
        peakHeapMB: samples.length ? median(samples.map((s) => s.peakHeapMB)) : Number.NaN,
        memoryRuns: samples.length,
      });
    }
  }
  return rows;
}
