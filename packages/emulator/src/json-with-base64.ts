import { base64Chunks } from "./base64-chunks";

const encoder = new TextEncoder();

/**
 * Serializes a JSON value whose base64 fields hold binary data, as a sequence of byte chunks:
 * `build` receives `ref(bytes)`, which returns a placeholder to put where the base64 string
 * belongs. The placeholders are replaced by {@link base64Chunks} output while streaming, so
 * the base64 text of an image never exists as one JS string.
 *
 * `prefix` and `suffix` frame the JSON (`data: ` and the blank line of an SSE event).
 *
 * @example
 * const chunks = [...jsonWithBase64((ref) => ({ b64_json: ref(png) }))];
 */
export function* jsonWithBase64(
  build: (ref: (bytes: Uint8Array) => string) => unknown,
  prefix = "",
  suffix = "",
): Generator<Uint8Array> {
  const blobs: Uint8Array[] = [];
  // A random marker per call: a user string (a revised prompt) cannot forge it.
  const marker = `\u0001b64:${randomHex(8)}:`;
  const value = build((bytes) => {
    blobs.push(bytes);
    return `${marker}${blobs.length - 1}`;
  });
  const json = JSON.stringify(value);
  // JSON.stringify writes \u0001 as the six characters "\u0001", so look for that form.
  const escaped = JSON.stringify(marker).slice(1, -1);
  const pattern = new RegExp(`${escapeRegExp(escaped)}(\\d+)`, "g");
  let last = 0;
  let text = prefix;
  for (const match of json.matchAll(pattern)) {
    text += json.slice(last, match.index);
    yield encoder.encode(text);
    text = "";
    yield* base64Chunks(blobs[Number(match[1])]!);
    last = match.index + match[0].length;
  }
  yield encoder.encode(text + json.slice(last) + suffix);
}

/**
 * One server-sent event (FACTS §4): `event: <type>`, `data: <json>`, a blank line.
 *
 * @example
 * const chunks = [...sseEvent("image_generation.completed", (ref) => ({ b64_json: ref(png) }))];
 */
export function sseEvent(
  type: string,
  build: (ref: (bytes: Uint8Array) => string) => unknown,
): Generator<Uint8Array> {
  return jsonWithBase64(build, `event: ${type}\ndata: `, "\n\n");
}

/**
 * Random lowercase hex from `crypto.getRandomValues` (request ids and file ids; never image
 * content, which stays deterministic).
 *
 * @example
 * randomHex(16); // "9f3c...", 32 characters
 */
export function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let out = "";
  for (const byte of buffer) out += byte.toString(16).padStart(2, "0");
  return out;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
