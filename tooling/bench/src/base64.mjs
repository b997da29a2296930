// Benchmark 2: base64 to bytes, for the images of the stream benchmark (8 MB and 30 MB of
// base64). One child process runs every method interleaved (each round runs each once, in a
// shuffled order) after a warm-up round; MB/s (of base64 text) is the median of the rounds.
//   easel Node path      decodeBase64 (core): Buffer.from(text, "base64")
//   easel browser path   decodeWithAtob (core): atob + a byte loop, where fromBase64 is absent
//   fromBase64           Uint8Array.fromBase64 (what decodeBase64 uses in browsers that have
//                        it); absent on Node 20, so reported as such
//   openai user, Node    the openai SDK returns b64_json strings; its docs decode them with
//                        Buffer.from(b64, "base64")
//   openai user, browser the usual idiom: Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
import { decodeBase64, decodeWithAtob } from "@easel/core";
import { buildBase64 } from "./stream-input.mjs";
import { gc, inChild, MB, median, progress, roundOrder, seconds } from "./util.mjs";

const fromBase64 = Uint8Array.fromBase64;

export const BASE64_METHODS = [
  { name: "easel-node", label: "easel `decodeBase64` (Node path: Buffer)", decode: decodeBase64 },
  {
    name: "openai-node",
    label: 'openai user: `Buffer.from(b64, "base64")`',
    decode: (text) => Buffer.from(text, "base64"),
  },
  {
    name: "easel-atob",
    label: "easel `decodeWithAtob` (browser path without fromBase64)",
    decode: decodeWithAtob,
  },
  {
    name: "openai-atob",
    label: "openai user in a browser: `Uint8Array.from(atob(b64), c => c.charCodeAt(0))`",
    decode: (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
  },
  {
    name: "fromBase64",
    label: "`Uint8Array.fromBase64` (browser path where present)",
    decode: fromBase64 ? (text) => fromBase64(text) : undefined,
  },
];

/** Child task: every method on one image size, interleaved rounds. */
export async function base64({ b64Length, rounds }) {
  const text = buildBase64(b64Length);
  const expected = Buffer.from(text, "base64");
  const methods = BASE64_METHODS.filter((m) => m.decode).map((m) => ({ ...m, runs: [] }));
  for (let round = 0; round <= rounds; round++) {
    for (const i of roundOrder(methods.length, round)) {
      const m = methods[i];
      gc();
      const started = process.hrtime.bigint();
      const bytes = m.decode(text);
      const elapsed = seconds(started);
      if (round === 0 && !expected.equals(bytes)) throw new Error(`${m.name} decoded other bytes`);
      if (round > 0) m.runs.push(b64Length / MB / elapsed);
    }
  }
  return {
    b64Length,
    node: process.version,
    rows: BASE64_METHODS.map(({ name, label }) => {
      const m = methods.find((x) => x.name === name);
      return { name, label, mbps: m ? median(m.runs) : null, runs: m ? m.runs : [] };
    }),
  };
}

/** Runs the base64 benchmark for each image size, each in a fresh process. */
export async function runBase64({ sizes, rounds }) {
  const results = [];
  for (const b64Length of sizes) {
    progress(`base64: ${(b64Length / MB).toFixed(0)} MB (${rounds} rounds)`);
    results.push(await inChild("base64", { b64Length, rounds }));
  }
  return results;
}
