import {
  AAN_SCALE,
  CHROMA_AC,
  CHROMA_DC,
  CHROMA_QUANT,
  type HuffmanSpec,
  LUMA_AC,
  LUMA_DC,
  LUMA_QUANT,
  ZIGZAG,
} from "./jpeg-tables";
import { assertRgbaImage, type RgbaImage } from "./rgba-image";

/** Options of {@link encodeJpeg}. */
export interface EncodeJpegOptions {
  /** 1..100, mapped to quantization tables the IJG (libjpeg) way. */
  readonly quality: number;
  /**
   * Chroma resolution. `"4:2:0"` (the libjpeg default) halves it both ways and is about
   * twice as fast; `"4:4:4"` keeps full-resolution colour. Default `"4:2:0"`.
   */
  readonly subsampling?: "4:2:0" | "4:4:4";
}

/**
 * Encodes a baseline JFIF JPEG (8-bit YCbCr, float AAN DCT, standard Huffman tables). The alpha
 * channel is ignored: flatten transparent images first (`encodeImage` does, onto white).
 * The algorithm follows the BSD-licensed Adobe/jpeg-js encoder, restructured around typed
 * arrays and one pass per 16x16 macroblock.
 *
 * @example
 * const jpeg = encodeJpeg(renderPattern({ seed: "fox", width: 640, height: 480,
 *   transparent: false, progress: 1 }), { quality: 90 });
 * jpeg[0] === 0xff && jpeg[1] === 0xd8; // SOI
 */
export function encodeJpeg(image: RgbaImage, options: EncodeJpegOptions): Uint8Array {
  assertRgbaImage(image, 65535, "JPEG");
  const quality = Math.min(100, Math.max(1, Math.round(options.quality)));
  if (!Number.isFinite(quality)) throw new RangeError("JPEG: quality must be a number in 1..100");
  const subsample = (options.subsampling ?? "4:2:0") === "4:2:0";

  const scale = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  const lumaQ = scaleQuant(LUMA_QUANT, scale);
  const chromaQ = scaleQuant(CHROMA_QUANT, scale);
  // Subsampled chroma samples are sums of four pixels; the 1/4 is folded into the divisor.
  const lumaDiv = divisors(lumaQ, 1);
  const chromaDiv = divisors(chromaQ, subsample ? 0.25 : 1);

  const { width, height } = image;
  const out = new JpegWriter(Math.max(4096, (width * height) >> 2));
  writeHeaders(out, width, height, lumaQ, chromaQ, subsample);

  const lumaDc = huffmanCodes(LUMA_DC);
  const lumaAc = huffmanCodes(LUMA_AC);
  const chromaDc = huffmanCodes(CHROMA_DC);
  const chromaAc = huffmanCodes(CHROMA_AC);

  const mcu = subsample ? 16 : 8;
  const src = image.data;
  // Byte offsets of every padded column and row, clamped so edge pixels repeat into padding.
  const paddedW = Math.ceil(width / mcu) * mcu;
  const colOffset = new Int32Array(paddedW);
  for (let x = 0; x < paddedW; x++) colOffset[x] = Math.min(x, width - 1) * 4;
  const rowOffset = new Int32Array(mcu);

  const yBlocks = new Float64Array(subsample ? 256 : 64);
  const cb = new Float64Array(64);
  const cr = new Float64Array(64);
  const coeffs = new Int32Array(64);
  let dcY = 0;
  let dcCb = 0;
  let dcCr = 0;

  for (let my = 0; my < height; my += mcu) {
    for (let r = 0; r < mcu; r++) rowOffset[r] = Math.min(my + r, height - 1) * width * 4;
    for (let mx = 0; mx < paddedW; mx += mcu) {
      if (subsample) {
        cb.fill(0);
        cr.fill(0);
        for (let py = 0; py < 16; py++) {
          const rowBase = rowOffset[py]!;
          const yRow = ((py >> 3) << 7) + ((py & 7) << 3);
          const cRow = (py >> 1) << 3;
          for (let px = 0; px < 16; px++) {
            const o = rowBase + colOffset[mx + px]!;
            const R = src[o]!;
            const G = src[o + 1]!;
            const B = src[o + 2]!;
            yBlocks[yRow + ((px >> 3) << 6) + (px & 7)] = 0.299 * R + 0.587 * G + 0.114 * B - 128;
            const c = cRow + (px >> 1);
            cb[c] = cb[c]! + (-0.168736 * R - 0.331264 * G + 0.5 * B);
            cr[c] = cr[c]! + (0.5 * R - 0.418688 * G - 0.081312 * B);
          }
        }
        for (let b = 0; b < 4; b++) {
          forwardDctQuantize(yBlocks, b << 6, lumaDiv, coeffs);
          dcY = encodeBlock(out, coeffs, dcY, lumaDc, lumaAc);
        }
      } else {
        for (let py = 0; py < 8; py++) {
          const rowBase = rowOffset[py]!;
          for (let px = 0; px < 8; px++) {
            const o = rowBase + colOffset[mx + px]!;
            const R = src[o]!;
            const G = src[o + 1]!;
            const B = src[o + 2]!;
            const i = (py << 3) + px;
            yBlocks[i] = 0.299 * R + 0.587 * G + 0.114 * B - 128;
            cb[i] = -0.168736 * R - 0.331264 * G + 0.5 * B;
            cr[i] = 0.5 * R - 0.418688 * G - 0.081312 * B;
          }
        }
        forwardDctQuantize(yBlocks, 0, lumaDiv, coeffs);
        dcY = encodeBlock(out, coeffs, dcY, lumaDc, lumaAc);
      }
      forwardDctQuantize(cb, 0, chromaDiv, coeffs);
      dcCb = encodeBlock(out, coeffs, dcCb, chromaDc, chromaAc);
      forwardDctQuantize(cr, 0, chromaDiv, coeffs);
      dcCr = encodeBlock(out, coeffs, dcCr, chromaDc, chromaAc);
    }
  }

  out.flushBits();
  out.word(0xffd9); // EOI
  return out.result();
}

/** IJG scaling of a base table (row-major) into zigzag order, clamped to baseline's 1..255. */
function scaleQuant(base: readonly number[], scale: number): Uint8Array {
  const table = new Uint8Array(64);
  for (let i = 0; i < 64; i++) {
    const q = Math.floor((base[i]! * scale + 50) / 100);
    table[ZIGZAG[i]!] = Math.min(255, Math.max(1, q));
  }
  return table;
}

/** Per natural-order coefficient: 1 / (quantizer * AAN output scale * 8), times `gain`. */
function divisors(zigzagQuant: Uint8Array, gain: number): Float64Array {
  const div = new Float64Array(64);
  for (let row = 0; row < 8; row++) {
    for (let col = 0; col < 8; col++) {
      const k = row * 8 + col;
      div[k] = gain / (zigzagQuant[ZIGZAG[k]!]! * AAN_SCALE[row]! * AAN_SCALE[col]! * 8);
    }
  }
  return div;
}

interface HuffmanCodes {
  readonly code: Uint16Array;
  readonly size: Uint8Array;
}

/** Canonical codes for a DHT spec, indexed by symbol. */
function huffmanCodes(spec: HuffmanSpec): HuffmanCodes {
  const code = new Uint16Array(256);
  const size = new Uint8Array(256);
  let next = 0;
  let k = 0;
  for (let len = 1; len <= 16; len++) {
    for (let i = 0; i < spec.counts[len - 1]!; i++) {
      const symbol = spec.symbols[k++]!;
      code[symbol] = next++;
      size[symbol] = len;
    }
    next <<= 1;
  }
  return { code, size };
}

/**
 * AAN float forward DCT on the 8x8 block at `data[offset]` (modified in place), then
 * quantization with round-half-away-from-zero into `out` in zigzag order.
 */
function forwardDctQuantize(
  data: Float64Array,
  offset: number,
  div: Float64Array,
  out: Int32Array,
): void {
  for (let p = offset; p < offset + 64; p += 8) dct8(data, p, 1); // rows
  for (let p = offset; p < offset + 8; p++) dct8(data, p, 8); // columns
  for (let i = 0; i < 64; i++) {
    const v = data[offset + i]! * div[i]!;
    out[ZIGZAG[i]!] = v > 0 ? (v + 0.5) | 0 : (v - 0.5) | 0;
  }
}

// One 8-point AAN DCT over data[p], data[p + s], ..., data[p + 7s]: stride 1 for a row, 8 for
// a column, so the same butterfly serves both passes.
function dct8(data: Float64Array, p: number, s: number): void {
  const t0 = data[p]! + data[p + 7 * s]!;
  const t7 = data[p]! - data[p + 7 * s]!;
  const t1 = data[p + s]! + data[p + 6 * s]!;
  const t6 = data[p + s]! - data[p + 6 * s]!;
  const t2 = data[p + 2 * s]! + data[p + 5 * s]!;
  const t5 = data[p + 2 * s]! - data[p + 5 * s]!;
  const t3 = data[p + 3 * s]! + data[p + 4 * s]!;
  const t4 = data[p + 3 * s]! - data[p + 4 * s]!;
  const t10 = t0 + t3;
  const t13 = t0 - t3;
  const t11 = t1 + t2;
  const t12 = t1 - t2;
  data[p] = t10 + t11;
  data[p + 4 * s] = t10 - t11;
  const z1 = (t12 + t13) * Math.SQRT1_2;
  data[p + 2 * s] = t13 + z1;
  data[p + 6 * s] = t13 - z1;
  const o10 = t4 + t5;
  const o11 = t5 + t6;
  const o12 = t6 + t7;
  const z5 = (o10 - o12) * 0.382683433;
  const z2 = 0.5411961 * o10 + z5;
  const z4 = 1.306562965 * o12 + z5;
  const z3 = o11 * Math.SQRT1_2;
  const z11 = t7 + z3;
  const z13 = t7 - z3;
  data[p + 5 * s] = z13 + z2;
  data[p + 3 * s] = z13 - z2;
  data[p + s] = z11 + z4;
  data[p + 7 * s] = z11 - z4;
}

/** Huffman-codes one quantized block (zigzag order); returns its DC for the next prediction. */
function encodeBlock(
  out: JpegWriter,
  coeffs: Int32Array,
  previousDc: number,
  dc: HuffmanCodes,
  ac: HuffmanCodes,
): number {
  const dcValue = coeffs[0]!;
  const diff = dcValue - previousDc;
  if (diff === 0) {
    out.bits(dc.code[0]!, dc.size[0]!);
  } else {
    const magnitude = 32 - Math.clz32(diff < 0 ? -diff : diff);
    out.bits(dc.code[magnitude]!, dc.size[magnitude]!);
    // Negative values are sent as (value - 1) in `magnitude` bits, i.e. one's complement.
    out.bits(diff < 0 ? diff + (1 << magnitude) - 1 : diff, magnitude);
  }

  let last = 63;
  while (last > 0 && coeffs[last] === 0) last--;
  let run = 0;
  for (let i = 1; i <= last; i++) {
    const v = coeffs[i]!;
    if (v === 0) {
      run++;
      continue;
    }
    while (run > 15) {
      out.bits(ac.code[0xf0]!, ac.size[0xf0]!); // ZRL: sixteen zeros
      run -= 16;
    }
    const magnitude = 32 - Math.clz32(v < 0 ? -v : v);
    const symbol = (run << 4) | magnitude;
    out.bits(ac.code[symbol]!, ac.size[symbol]!);
    out.bits(v < 0 ? v + (1 << magnitude) - 1 : v, magnitude);
    run = 0;
  }
  if (last < 63) out.bits(ac.code[0]!, ac.size[0]!); // EOB
  return dcValue;
}

function writeHeaders(
  out: JpegWriter,
  width: number,
  height: number,
  lumaQ: Uint8Array,
  chromaQ: Uint8Array,
  subsample: boolean,
): void {
  out.word(0xffd8); // SOI
  // APP0 JFIF 1.1, no density units (aspect 1:1), no thumbnail.
  out.word(0xffe0);
  out.word(16);
  out.bytes([0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0]);
  out.word(1);
  out.word(1);
  out.bytes([0, 0]);
  // DQT: both tables, 8-bit precision, zigzag order.
  out.word(0xffdb);
  out.word(2 + 2 * 65);
  out.byte(0);
  out.bytes(lumaQ);
  out.byte(1);
  out.bytes(chromaQ);
  // SOF0: baseline, 8-bit, three components; Y carries the sampling factors.
  out.word(0xffc0);
  out.word(17);
  out.byte(8);
  out.word(height);
  out.word(width);
  out.byte(3);
  out.bytes([1, subsample ? 0x22 : 0x11, 0, 2, 0x11, 1, 3, 0x11, 1]);
  // DHT: the four standard tables.
  const tables: [number, HuffmanSpec][] = [
    [0x00, LUMA_DC],
    [0x10, LUMA_AC],
    [0x01, CHROMA_DC],
    [0x11, CHROMA_AC],
  ];
  let length = 2;
  for (const [, spec] of tables) length += 17 + spec.symbols.length;
  out.word(0xffc4);
  out.word(length);
  for (const [id, spec] of tables) {
    out.byte(id);
    out.bytes(spec.counts);
    out.bytes(spec.symbols);
  }
  // SOS: all three components interleaved, full spectral range.
  out.word(0xffda);
  out.word(12);
  out.bytes([3, 1, 0x00, 2, 0x11, 3, 0x11, 0, 0x3f, 0]);
}

/** Growable byte sink with an MSB-first bit accumulator and JPEG 0xFF byte stuffing. */
class JpegWriter {
  private buf: Uint8Array;
  private pos = 0;
  private acc = 0;
  private count = 0;

  constructor(capacity: number) {
    this.buf = new Uint8Array(capacity);
  }

  byte(value: number): void {
    if (this.pos === this.buf.length) this.grow();
    this.buf[this.pos++] = value;
  }

  word(value: number): void {
    this.byte(value >> 8);
    this.byte(value & 0xff);
  }

  bytes(values: ArrayLike<number>): void {
    for (let i = 0; i < values.length; i++) this.byte(values[i]!);
  }

  /** Appends the low `size` (<= 16) bits of `value`, most significant first. */
  bits(value: number, size: number): void {
    // At most 7 bits are pending, so the accumulator never exceeds 23 bits.
    this.acc = (this.acc << size) | (value & ((1 << size) - 1));
    this.count += size;
    while (this.count >= 8) {
      this.count -= 8;
      const b = (this.acc >>> this.count) & 0xff;
      this.byte(b);
      if (b === 0xff) this.byte(0);
    }
    this.acc &= (1 << this.count) - 1;
  }

  /** Pads the last byte with 1-bits, as T.81 requires before a marker. */
  flushBits(): void {
    if (this.count > 0) this.bits(0x7f, 8 - this.count);
  }

  result(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  private grow(): void {
    const next = new Uint8Array(this.buf.length * 2);
    next.set(this.buf);
    this.buf = next;
  }
}
