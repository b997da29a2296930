import { describe, expect, it } from "vitest";
import { crc32 } from "./crc32";

const bytes = (text: string) => new TextEncoder().encode(text);

describe("crc32", () => {
  it("matches the standard check value", () => {
    expect(crc32(bytes("123456789"))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it("continues across pieces", () => {
    expect(crc32(bytes("6789"), crc32(bytes("12345")))).toBe(0xcbf43926);
  });

  it("matches a PNG IEND chunk's CRC", () => {
    expect(crc32(bytes("IEND"))).toBe(0xae426082);
  });
});
