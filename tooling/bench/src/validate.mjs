// Benchmark 3: request validation. easel's validateImageRequest on a typical request, in ops/s
// (median of the runs). The peers have no validation to compare: the openai package sends any
// params and learns of a mistake from the API's 400 after a round trip; for context, that round
// trip is timed against the local emulator (an invalid request, openai 7.x, median of the runs).
import { validateImageRequest } from "@easel/core";
import { startEmulator } from "@easel/emulator/node";
import OpenAI from "openai";
import { median } from "./util.mjs";

// A typical gpt-image-2 request: what an app sends most often.
const PROMPT =
  "A watercolor painting of a red fox curled up asleep in fresh snow at dawn, soft pink light " +
  "on the birch trees behind it, loose brush strokes, visible paper texture, muted palette, " +
  "calm and quiet mood.";
export const TYPICAL_REQUEST = {
  model: "gpt-image-2",
  prompt: PROMPT,
  size: "1536x864",
  quality: "high",
  n: 2,
  output_format: "webp",
  output_compression: 80,
};
const OPTIONS = { now: new Date("2026-01-01T00:00:00Z") };

/** Child task: ops/s of validateImageRequest, plus the openai 400 round trip for context. */
export async function validate({ runs, callsPerRun }) {
  const check = validateImageRequest(TYPICAL_REQUEST, OPTIONS);
  if (!check.ok || check.warnings.length > 0) throw new Error("the request does not validate");
  let sink = 0;
  const loop = (calls) => {
    for (let i = 0; i < calls; i++) if (validateImageRequest(TYPICAL_REQUEST, OPTIONS).ok) sink++;
  };
  loop(Math.min(50_000, callsPerRun));
  const opsPerSecond = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    loop(callsPerRun);
    opsPerSecond.push(callsPerRun / (Number(process.hrtime.bigint() - started) / 1e9));
  }
  if (sink === 0) throw new Error("no call validated");

  // The same mistake found the openai way: sent, refused by the (local) API with a 400.
  const invalid = { ...TYPICAL_REQUEST, size: "1536x865" };
  if (validateImageRequest(invalid, OPTIONS).ok) throw new Error("the invalid request passed");
  const server = await startEmulator({ streamIntervalMs: 0 });
  const roundTripMs = [];
  try {
    const openai = new OpenAI({ apiKey: "sk-bench", baseURL: server.url, maxRetries: 0 });
    for (let run = 0; run <= runs; run++) {
      const started = performance.now();
      const outcome = await openai.images.generate(invalid).catch((error) => error);
      const elapsed = performance.now() - started;
      if (outcome?.status !== 400) throw new Error(`expected a 400, got ${outcome}`);
      if (run > 0) roundTripMs.push(elapsed); // the first one opens the connection
    }
  } finally {
    await server.close();
  }
  return {
    opsPerSecond: median(opsPerSecond),
    runs: opsPerSecond,
    usPerCall: 1e6 / median(opsPerSecond),
    issueMessage: validateImageRequest(invalid, OPTIONS).issues[0].message,
    promptChars: PROMPT.length,
    openaiRoundTripMs: median(roundTripMs),
    openaiRoundTripRuns: roundTripMs,
  };
}
