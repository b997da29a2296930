import { describe, expect, it } from "vitest";
import { LsbBitWriter } from "./lsb-bit-writer";

describe("LsbBitWriter", () => {
  it("packs fields least-significant bit first", () => {
    const w = new LsbBitWriter(16);
    w.bits(0x2f, 8);
    w.bits(5, 3);
    w.bits(1, 1);
    expect([...w.finish()]).toEqual([0x2f, 0x0d]);
  });

  it("grows past its initial capacity and keeps wide fields intact", () => {
    const w = new LsbBitWriter(1);
    for (let i = 0; i < 100; i++) w.bits(0xabcdef, 24);
    const out = w.finish();
    expect(out.length).toBe(300);
    expect([...out.subarray(297)]).toEqual([0xef, 0xcd, 0xab]);
  });
});
