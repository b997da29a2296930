const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const CODES = new Uint8Array(64);
for (let i = 0; i < 64; i++) CODES[i] = ALPHABET.charCodeAt(i);
const PAD = 61; // "="

/** Input bytes per chunk: a multiple of 3 so only the last chunk carries padding. */
const CHUNK_INPUT = 3 * 256 * 1024;

/**
 * Encodes `bytes` as base64 straight into ASCII bytes, in chunks of about 1 MiB. A 4K image's
 * base64 is tens of megabytes; building it as a JS string and then UTF-8 encoding it would
 * hold two more copies, so the emulator writes these chunks to the response as they come.
 *
 * @example
 * const text = [...base64Chunks(new Uint8Array([1, 2, 3]))]
 *   .map((c) => new TextDecoder().decode(c)).join(""); // "AQID"
 */
export function* base64Chunks(bytes: Uint8Array, chunkInput = CHUNK_INPUT): Generator<Uint8Array> {
  const step = Math.max(3, chunkInput - (chunkInput % 3));
  for (let start = 0; start < bytes.length; start += step) {
    yield encodeSlice(bytes, start, Math.min(bytes.length, start + step));
  }
}

/** The base64 length of `byteLength` bytes, padding included. */
export function base64Length(byteLength: number): number {
  return Math.ceil(byteLength / 3) * 4;
}

function encodeSlice(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const out = new Uint8Array(base64Length(end - start));
  let o = 0;
  let i = start;
  for (; i + 2 < end; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = CODES[n >>> 18]!;
    out[o++] = CODES[(n >>> 12) & 63]!;
    out[o++] = CODES[(n >>> 6) & 63]!;
    out[o++] = CODES[n & 63]!;
  }
  const rest = end - i;
  if (rest === 1) {
    const n = bytes[i]! << 16;
    out[o++] = CODES[n >>> 18]!;
    out[o++] = CODES[(n >>> 12) & 63]!;
    out[o++] = PAD;
    out[o++] = PAD;
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8);
    out[o++] = CODES[n >>> 18]!;
    out[o++] = CODES[(n >>> 12) & 63]!;
    out[o++] = CODES[(n >>> 6) & 63]!;
    out[o++] = PAD;
  }
  return out;
}
