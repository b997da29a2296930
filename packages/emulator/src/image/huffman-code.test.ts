import { describe, expect, it } from "vitest";
import { buildHuffmanLengths, reversedCanonicalCodes } from "./huffman-code";

function kraft(lengths: Uint8Array): number {
  let sum = 0;
  for (const len of lengths) if (len > 0) sum += 2 ** -len;
  return sum;
}

describe("buildHuffmanLengths", () => {
  it("builds optimal lengths for a small alphabet", () => {
    expect([...buildHuffmanLengths([10, 1, 1, 0], 15)]).toEqual([1, 2, 2, 0]);
  });

  it("handles zero and one used symbols", () => {
    expect([...buildHuffmanLengths([0, 0, 0], 15)]).toEqual([0, 0, 0]);
    expect([...buildHuffmanLengths([0, 7, 0], 15)]).toEqual([0, 1, 0]);
  });

  it("limits lengths while keeping the code complete", () => {
    // Fibonacci counts make the deepest possible Huffman tree.
    const fib = [1, 1];
    while (fib.length < 40) fib.push(fib[fib.length - 1]! + fib[fib.length - 2]!);
    for (const limit of [7, 15]) {
      const lengths = buildHuffmanLengths(fib, limit);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(limit);
      expect(kraft(lengths)).toBe(1);
    }
  });

  it("gives complete codes for random histograms", () => {
    let state = 7;
    for (let round = 0; round < 50; round++) {
      const histogram = Array.from({ length: 280 }, () => {
        state = (Math.imul(state, 1103515245) + 12345) >>> 0;
        return state % 5 === 0 ? 0 : state >>> (state % 28);
      });
      const lengths = buildHuffmanLengths(histogram, 15);
      expect(Math.max(...lengths)).toBeLessThanOrEqual(15);
      expect(kraft(lengths)).toBe(1);
    }
  });
});

describe("reversedCanonicalCodes", () => {
  it("assigns canonical codes by length then symbol, bit-reversed", () => {
    expect([...reversedCanonicalCodes(Uint8Array.of(1, 2, 2))]).toEqual([0b0, 0b01, 0b11]);
    // lengths 2,2,2,3,3: codes 00, 01, 10, 110, 111
    expect([...reversedCanonicalCodes(Uint8Array.of(2, 2, 2, 3, 3))]).toEqual([
      0b00, 0b10, 0b01, 0b011, 0b111,
    ]);
  });
});
