/**
 * Growable byte sink that packs bit fields least-significant bit first, the order VP8L
 * (WebP lossless) and deflate read them in.
 *
 * @example
 * const w = new LsbBitWriter(16);
 * w.bits(0x2f, 8);
 * w.bits(5, 3);
 * w.finish(); // Uint8Array [0x2f, 0x05]
 */
export class LsbBitWriter {
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private count = 0;

  constructor(capacity = 4096) {
    this.buf = new Uint8Array(Math.max(16, capacity));
  }

  /** Appends the low `size` bits of `value` (`size` <= 24). */
  bits(value: number, size: number): void {
    // Fewer than 8 bits are ever pending, so 24 more still fit in a positive int32.
    this.acc |= value << this.count;
    this.count += size;
    while (this.count >= 8) {
      if (this.pos === this.buf.length) this.grow();
      this.buf[this.pos++] = this.acc & 0xff;
      this.acc >>>= 8;
      this.count -= 8;
    }
  }

  /** Pads the last partial byte with zero bits and returns the bytes written. */
  finish(): Uint8Array {
    if (this.count > 0) this.bits(0, 8 - this.count);
    return this.buf.subarray(0, this.pos);
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}
