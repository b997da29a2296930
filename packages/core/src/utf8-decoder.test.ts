// Runs twice (vitest.config.ts): on Node's decoder and, in the "web" project, on the one the
// browser build uses. Both must give what one-shot `TextDecoder` gives the whole
// byte string: characters split between chunks come out whole, invalid or cut-off bytes as
// U+FFFD, and only a byte order mark at the very start is dropped.
import fc from "fast-check";
import { describe, expect, inject, it } from "vitest";
import { createUtf8Decoder } from "./utf8-decoder";

const encode = (text: string) => new TextEncoder().encode(text);

/** Feeds `bytes` cut at `cuts`, then ends the stream; returns all the text. */
function decodeInChunks(bytes: Uint8Array, cuts: number[]): string {
  const decode = createUtf8Decoder();
  const points = [...new Set(cuts)].filter((cut) => cut > 0 && cut < bytes.length);
  points.sort((a, b) => a - b);
  let text = "";
  let start = 0;
  for (const cut of points) {
    text += decode(bytes.subarray(start, cut), false);
    start = cut;
  }
  text += decode(bytes.subarray(start), false);
  return text + decode(undefined, true);
}

describe(`createUtf8Decoder (${inject("build")} build)`, () => {
  it.each([
    ["2-byte", "é"],
    ["3-byte", "€"],
    ["4-byte", "🎨"],
  ])("joins a %s character cut at any byte", (_, char) => {
    const bytes = encode(`a${char}b`);
    for (let cut = 1; cut < bytes.length; cut++) {
      expect(decodeInChunks(bytes, [cut])).toBe(`a${char}b`);
    }
    // Every byte in its own chunk.
    expect(decodeInChunks(bytes, [...bytes.keys()])).toBe(`a${char}b`);
  });

  it("turns a character cut off by the end of the stream into U+FFFD", () => {
    const bytes = encode("ok🎨").subarray(0, 4);
    expect(decodeInChunks(bytes, [])).toBe("ok\uFFFD");
  });

  it("drops a byte order mark at the start only, even one split between chunks", () => {
    const bytes = encode("\uFEFFdata: x\n\uFEFF");
    expect(decodeInChunks(bytes, [1, 2])).toBe("data: x\n\uFEFF");
  });

  it("passes a chunk of plain ASCII straight through and ends with nothing left", () => {
    const decode = createUtf8Decoder();
    expect(decode(encode("data: {}\n\n"), false)).toBe("data: {}\n\n");
    expect(decode(undefined, true)).toBe("");
  });

  it("gives one-shot TextDecoder's text for any bytes cut anywhere", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 64 }),
        fc.array(fc.nat({ max: 64 }), { maxLength: 8 }),
        (bytes, cuts) => {
          expect(decodeInChunks(bytes, cuts)).toBe(new TextDecoder().decode(bytes));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
