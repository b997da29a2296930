// The stream decoder's bytes-to-text step in browsers (core's web build, for the `browser`
// condition, puts this file in place of `utf8-decoder.ts`): their streaming
// `TextDecoder` is fast, so it does the whole job. The default `TextDecoder` drops a byte
// order mark at the start of the stream and nowhere else, as SSE asks.
import type { Utf8Decoder } from "./utf8-decoder";

export type { Utf8Decoder } from "./utf8-decoder";

/** A new {@link Utf8Decoder} for one stream. */
export function createUtf8Decoder(): Utf8Decoder {
  const decoder = new TextDecoder();
  return (chunk, done) => decoder.decode(chunk, { stream: !done });
}
