// The stream decoder's bytes-to-text step, Node's version. Node decodes `TextDecoder` with
// `stream: true` through a converter several times slower than its one-call path (and turns
// that path off for good once streaming was asked for), so each chunk is decoded in one call
// and an incomplete character at its end waits in `carry` for the next chunk. Cutting before a
// lead byte is always safe: UTF-8 decoding starts afresh at every lead byte.
//
// Browsers get `utf8-decoder.web.ts` instead (core's web build, for the `browser` condition):
// their streaming `TextDecoder` is fast, and this file would be dead weight in a page.

/**
 * Turns a byte stream into text chunk by chunk, as one `TextDecoder` with `stream: true`
 * would: a character split between chunks comes out whole, an incomplete character at the
 * end decodes as U+FFFD, and one byte order mark at the very start is dropped (SSE ignores
 * it there, and only there). Call it with `done: true` once, at the end.
 */
export type Utf8Decoder = (chunk: Uint8Array | undefined, done: boolean) => string;

const EMPTY = new Uint8Array();

/** A new {@link Utf8Decoder} for one stream. */
export function createUtf8Decoder(): Utf8Decoder {
  const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
  let carry = EMPTY;
  let started = false;
  return (chunk, done) => {
    let bytes = chunk ?? carry;
    if (chunk && carry.length) {
      bytes = new Uint8Array(carry.length + chunk.length);
      bytes.set(carry);
      bytes.set(chunk, carry.length);
    }
    const complete = done ? bytes.length : completeLength(bytes);
    // Almost every chunk ends on a whole character: nothing to copy or cut then.
    if (complete < bytes.length) {
      carry = bytes.slice(complete);
      bytes = bytes.subarray(0, complete);
    } else if (carry.length) carry = EMPTY;
    const text = decoder.decode(bytes);
    if (!text || started) return text;
    started = true;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  };
}

// The length of `bytes` without a trailing character that is still missing bytes.
function completeLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i > n - 4; i--) {
    // A byte's leading 1 bits: 0 for ASCII, 1 for a continuation byte (look further back),
    // else the length of the character it starts.
    const size = Math.clz32(~(bytes[i]! << 24));
    if (size !== 1) return size > n - i ? i : n;
  }
  return n;
}
