// The bytes every stream decoder is fed: the server-sent events of a streamed generation,
// built straight into one Uint8Array (no 30 MB intermediate strings), identical in every
// process so the child processes of one run all decode the same bytes.

export const MB = 1024 * 1024;

/** The stream scenarios: what `pnpm bench` decodes, by name. */
export const SCENARIOS = {
  // A 4K generation with partial_images: 2, 8 MB of base64 per image (spec page 004's shape).
  "3x8MB": [
    { type: "image_generation.partial_image", b64Length: 8 * MB },
    { type: "image_generation.partial_image", b64Length: 8 * MB },
    { type: "image_generation.completed", b64Length: 8 * MB },
  ],
  // One very large completed event (a noisy 3840x2160 PNG is about 22 MB, 30 MB as base64).
  "1x30MB": [{ type: "image_generation.completed", b64Length: 30 * MB }],
};

const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** A fixed pseudo-random base64 block: realistic bytes, the same in every process. */
function base64Block(size) {
  const alphabet = new TextEncoder().encode(ALPHABET);
  const block = new Uint8Array(size);
  let seed = 0x2545f491;
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    block[i] = alphabet[seed >>> 26];
  }
  return block;
}

/**
 * The SSE bytes of `events` (an entry of SCENARIOS), with `[DONE]`-free framing as the API
 * sends it: `event: TYPE\ndata: {JSON}\n\n`.
 */
export function buildStream(events) {
  const encoder = new TextEncoder();
  const block = base64Block(64 * 1024);
  const common = `"created_at":1760000000,"size":"3840x2160","quality":"high","background":"opaque","output_format":"png"`;
  const usage = `"usage":{"input_tokens":50,"input_tokens_details":{"image_tokens":0,"text_tokens":50},"output_tokens":16640,"output_tokens_details":{"image_tokens":16640,"text_tokens":0},"total_tokens":16690}`;
  let partialIndex = 0;
  const parts = events.map(({ type, b64Length }) => {
    const tail =
      type === "image_generation.completed"
        ? `,${common},${usage}}`
        : `,${common},"partial_image_index":${partialIndex++}}`;
    return {
      head: encoder.encode(`event: ${type}\ndata: {"type":"${type}","b64_json":"`),
      b64Length,
      tail: encoder.encode(`"${tail}\n\n`),
    };
  });
  const total = parts.reduce((n, p) => n + p.head.length + p.b64Length + p.tail.length, 0);
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const { head, b64Length, tail } of parts) {
    bytes.set(head, offset);
    offset += head.length;
    for (let left = b64Length; left > 0; left -= block.length) {
      const n = Math.min(left, block.length);
      bytes.set(n === block.length ? block : block.subarray(0, n), offset);
      offset += n;
    }
    bytes.set(tail, offset);
    offset += tail.length;
  }
  return bytes;
}

/** The base64 text of one image of `b64Length` characters (for the base64 benchmarks). */
export function buildBase64(b64Length) {
  const block = base64Block(64 * 1024);
  const bytes = new Uint8Array(b64Length);
  for (let offset = 0; offset < b64Length; offset += block.length) {
    const n = Math.min(block.length, b64Length - offset);
    bytes.set(n === block.length ? block : block.subarray(0, n), offset);
  }
  return new TextDecoder().decode(bytes);
}

/**
 * A response body as fetch gives it: chunks of `chunkSize` pulled on demand (views, no
 * copies). `onMegabyte` is called each time another MB has been handed out (heap sampling).
 */
export function bodyOf(bytes, chunkSize, onMegabyte) {
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
