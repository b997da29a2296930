import { buildHuffmanLengths, reversedCanonicalCodes } from "./huffman-code";
import { LsbBitWriter } from "./lsb-bit-writer";
import { assertRgbaImage, type RgbaImage } from "./rgba-image";
import { applyPredictor } from "./vp8l-predictor";

/** Options of {@link encodeWebp}. */
export interface EncodeWebpOptions {
  /** Keep the alpha channel (and flag it in the header); `false` writes every pixel opaque. */
  readonly alpha: boolean;
  /**
   * 0..100, like the API's `output_compression`. The output is always lossless (VP8L), so
   * this only trades speed for size: below 50 every block uses one fixed predictor instead
   * of searching five. Default 75.
   */
  readonly quality?: number;
}

/** VP8L stores width - 1 and height - 1 in 14 bits each. */
const MAX_SIDE = 16384;
/** Longest backward reference VP8L can express. */
const MAX_MATCH = 4096;
/** Shorter repeats are cheaper as literals once the residuals are small. */
const MIN_MATCH = 3;
/** Green alphabet before the colour-cache keys: 256 literals + 24 length prefixes. */
const GREEN_SIZE = 256 + 24;
const DISTANCE_SIZE = 40;
/**
 * Colour cache size (log2) for the main image. Residuals repeat a lot (gradients leave the
 * same small deltas everywhere), so a 1024-entry cache cut 4K output by about a third.
 */
const CACHE_BITS = 10;
/** Order in which code-length-code lengths are sent (RFC 9649, section 3.7.2.1.2). */
const CODE_LENGTH_ORDER = [17, 18, 0, 1, 2, 3, 4, 5, 16, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];
/** Distance codes for the two neighbours backward references use: (0,1) above, (1,0) left. */
const ABOVE = 1;
const LEFT = 2;

/**
 * Encodes a lossless WebP (a RIFF `VP8L` chunk). The pixels go through the subtract-green
 * and predictor transforms, then are entropy-coded with Huffman codes built from their
 * histograms (at most 15 bits), with backward references to the pixel on the left or above
 * for runs. Decoded pixels equal the input exactly, transparent ones included.
 *
 * @example
 * const webp = encodeWebp(renderPattern({ seed: "owl", width: 300, height: 200,
 *   transparent: true, progress: 1 }), { alpha: true });
 * new TextDecoder().decode(webp.subarray(8, 16)); // "WEBPVP8L"
 */
export function encodeWebp(image: RgbaImage, options: EncodeWebpOptions): Uint8Array {
  assertRgbaImage(image, MAX_SIDE, "WebP");
  const { width, height, data } = image;
  const quality = options.quality ?? 75;
  if (!(quality >= 0 && quality <= 100)) throw new RangeError("WebP: quality must be in 0..100");

  // ARGB words as the format defines them, with green subtracted from red and blue
  // (the subtract-green transform) in the same pass.
  const n = width * height;
  const argb = new Uint32Array(n);
  const alphaMask = options.alpha ? 0 : 0xff;
  for (let i = 0, o = 0; i < n; i++, o += 4) {
    const g = data[o + 1]!;
    const r = (data[o]! - g) & 0xff;
    const b = (data[o + 2]! - g) & 0xff;
    argb[i] = (((data[o + 3]! | alphaMask) << 24) | (r << 16) | (g << 8) | b) >>> 0;
  }
  const modes = applyPredictor(argb, width, height, quality >= 50);

  const out = new LsbBitWriter(Math.max(1 << 16, n >> 1));
  out.bits(0x2f, 8); // VP8L signature
  out.bits(width - 1, 14);
  out.bits(height - 1, 14);
  out.bits(options.alpha ? 1 : 0, 1);
  out.bits(0, 3); // version
  out.bits(1, 1); // transform: subtract green
  out.bits(2, 2);
  out.bits(1, 1); // transform: predictor
  out.bits(0, 2);
  out.bits(modes.bits - 2, 3);
  writeEntropyCodedImage(out, modes.pixels, modes.width, false, 0);
  out.bits(0, 1); // no more transforms
  writeEntropyCodedImage(out, argb, width, true, CACHE_BITS);
  const vp8l = out.finish();
  return riff(vp8l);
}

function riff(vp8l: Uint8Array): Uint8Array {
  const padded = vp8l.length + (vp8l.length & 1);
  const file = new Uint8Array(20 + padded);
  const view = new DataView(file.buffer);
  const ascii = (pos: number, text: string) => {
    for (let i = 0; i < text.length; i++) file[pos + i] = text.charCodeAt(i);
  };
  ascii(0, "RIFF");
  view.setUint32(4, 12 + padded, true);
  ascii(8, "WEBPVP8L");
  view.setUint32(16, vp8l.length, true);
  file.set(vp8l, 20);
  return file;
}

/**
 * Writes one image's entropy-coded data: an optional colour cache, a single prefix-code
 * group (the "meta prefix" bit exists only for the main image), the five codes, then the
 * symbols. The main image also gets backward references; the tiny predictor sub-image does not.
 */
function writeEntropyCodedImage(
  out: LsbBitWriter,
  pixels: Uint32Array,
  width: number,
  main: boolean,
  cacheBits: number,
): void {
  const tokens = main ? findBackwardReferences(pixels, width) : undefined;
  const histograms: Histograms = [
    new Uint32Array(GREEN_SIZE + (cacheBits > 0 ? 1 << cacheBits : 0)),
    new Uint32Array(256),
    new Uint32Array(256),
    new Uint32Array(256),
    new Uint32Array(DISTANCE_SIZE),
  ];
  emitSymbols(pixels, tokens, cacheBits, histograms, undefined);

  if (cacheBits > 0) {
    out.bits(1, 1);
    out.bits(cacheBits, 4);
  } else {
    out.bits(0, 1);
  }
  if (main) out.bits(0, 1); // no meta prefix codes: one group for the whole image
  const codes = histograms.map((h) => writePrefixCode(out, h)) as Codes;
  emitSymbols(pixels, tokens, cacheBits, undefined, { out, codes });
}

/** Green (+ lengths + cache), red, blue, alpha, distance. */
type Histograms = [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
type Codes = [PrefixCode, PrefixCode, PrefixCode, PrefixCode, PrefixCode];

/**
 * Turns pixels + tokens into symbols, either counting them into `histograms` or writing
 * them with `sink.codes`. Both passes run the same colour-cache simulation.
 */
function emitSymbols(
  pixels: Uint32Array,
  tokens: Uint16Array | undefined,
  cacheBits: number,
  histograms: Histograms | undefined,
  sink: { out: LsbBitWriter; codes: Codes } | undefined,
): void {
  const emitter = new SymbolEmitter(cacheBits, histograms, sink);
  if (!tokens) {
    for (let i = 0; i < pixels.length; i++) emitter.literal(pixels[i]!);
    return;
  }
  let i = 0;
  for (let t = 0; t < tokens.length; t++) {
    const token = tokens[t]!;
    if (token === 0) {
      emitter.literal(pixels[i]!);
      i++;
    } else {
      const length = token >> 1;
      emitter.copy(length, token & 1 ? ABOVE : LEFT);
      emitter.remember(pixels, i, i + length);
      i += length;
    }
  }
}

/**
 * Emits one symbol at a time into histograms (first pass) or the bit writer (second pass).
 * The colour cache mirrors the decoder's: every pixel, however it was coded, is inserted
 * once produced, so a later literal equal to the cached value can be sent as its key.
 */
class SymbolEmitter {
  private readonly cache: Uint32Array | undefined;
  private readonly shift: number;
  private readonly counting: boolean;
  private readonly hist: Histograms;
  private readonly out: LsbBitWriter | undefined;
  private readonly lengths: Uint8Array[];
  private readonly codes: Uint16Array[];

  constructor(
    cacheBits: number,
    histograms: Histograms | undefined,
    sink: { out: LsbBitWriter; codes: Codes } | undefined,
  ) {
    this.shift = 32 - cacheBits;
    if (cacheBits > 0) {
      this.cache = new Uint32Array(1 << cacheBits);
      // Key 0 is where pixel value 0 hashes to, so seed it with a value that hashes
      // elsewhere: no slot can then match before something was really inserted into it.
      this.cache[0] = 1;
    }
    this.counting = histograms !== undefined;
    const empty = new Uint32Array(0);
    this.hist = histograms ?? [empty, empty, empty, empty, empty];
    this.out = sink?.out;
    this.lengths = sink ? sink.codes.map((c) => c.lengths) : [];
    this.codes = sink ? sink.codes.map((c) => c.codes) : [];
  }

  private symbol(tree: number, symbol: number): void {
    if (this.counting) this.hist[tree]![symbol]!++;
    else this.out!.bits(this.codes[tree]![symbol]!, this.lengths[tree]![symbol]!);
  }

  literal(argb: number): void {
    const cache = this.cache;
    if (cache) {
      const key = Math.imul(argb, 0x1e35a7bd) >>> this.shift;
      if (cache[key] === argb) {
        this.symbol(0, GREEN_SIZE + key);
        return;
      }
      cache[key] = argb;
    }
    this.symbol(0, (argb >>> 8) & 0xff);
    this.symbol(1, (argb >>> 16) & 0xff);
    this.symbol(2, argb & 0xff);
    this.symbol(3, argb >>> 24);
  }

  copy(length: number, distanceCode: number): void {
    this.symbol(0, 256 + prefixCode(length));
    if (!this.counting) writeExtraBits(this.out!, length);
    this.symbol(4, prefixCode(distanceCode));
    if (!this.counting) writeExtraBits(this.out!, distanceCode);
  }

  /** Inserts copied pixels into the cache, as the decoder does. */
  remember(pixels: Uint32Array, start: number, end: number): void {
    const cache = this.cache;
    if (!cache) return;
    for (let k = start; k < end; k++) {
      const argb = pixels[k]!;
      cache[Math.imul(argb, 0x1e35a7bd) >>> this.shift] = argb;
    }
  }
}

/**
 * Greedy LZ77 restricted to the two cheapest distances: a run of the pixel to the left or a
 * copy of the row above. Returns one entry per token: 0 for a literal, otherwise
 * `length << 1 | (above ? 1 : 0)`.
 */
function findBackwardReferences(pixels: Uint32Array, width: number): Uint16Array {
  const n = pixels.length;
  const tokens = new Uint16Array(n);
  let count = 0;
  let i = 0;
  while (i < n) {
    const limit = Math.min(MAX_MATCH, n - i);
    let leftLength = 0;
    if (i >= 1)
      while (leftLength < limit && pixels[i + leftLength] === pixels[i + leftLength - 1])
        leftLength++;
    let aboveLength = 0;
    if (i >= width) {
      while (aboveLength < limit && pixels[i + aboveLength] === pixels[i + aboveLength - width]) {
        aboveLength++;
      }
    }
    if (aboveLength >= MIN_MATCH && aboveLength > leftLength) {
      tokens[count++] = (aboveLength << 1) | 1;
      i += aboveLength;
    } else if (leftLength >= MIN_MATCH) {
      tokens[count++] = leftLength << 1;
      i += leftLength;
    } else {
      tokens[count++] = 0;
      i++;
    }
  }
  return tokens.subarray(0, count);
}

/** VP8L's LZ77 prefix for a length or distance code `value` >= 1. */
function prefixCode(value: number): number {
  const v = value - 1;
  if (v < 4) return v;
  const high = 31 - Math.clz32(v);
  return 2 * high + ((v >> (high - 1)) & 1);
}

function writeExtraBits(out: LsbBitWriter, value: number): void {
  const v = value - 1;
  if (v < 4) return;
  const extraBits = 30 - Math.clz32(v);
  out.bits(v & ((1 << extraBits) - 1), extraBits);
}

interface PrefixCode {
  /** Bits actually written per symbol (0 for a code with a single symbol). */
  readonly lengths: Uint8Array;
  readonly codes: Uint16Array;
}

/**
 * Builds and writes a prefix code for `histogram`. Up to two symbols below 256 use the
 * compact "simple" form; everything else the normal form, whose code lengths are themselves
 * run-length coded and Huffman coded. A code with one symbol costs zero bits per use: that
 * is how libwebp decodes it, in either form.
 */
function writePrefixCode(out: LsbBitWriter, histogram: Uint32Array): PrefixCode {
  const lengths = buildHuffmanLengths(histogram, 15);
  const used: number[] = [];
  for (let s = 0; s < lengths.length; s++) if (lengths[s]! > 0) used.push(s);

  if (used.length <= 2 && used.every((s) => s < 256)) {
    const symbols = used.length === 0 ? [0] : used;
    out.bits(1, 1); // simple code
    out.bits(symbols.length - 1, 1);
    const first = symbols[0]!;
    if (first < 2) {
      out.bits(0, 1);
      out.bits(first, 1);
    } else {
      out.bits(1, 1);
      out.bits(first, 8);
    }
    if (symbols.length === 2) out.bits(symbols[1]!, 8);
  } else {
    out.bits(0, 1); // normal code
    writeCodeLengths(out, lengths);
  }
  return usable(lengths, used.length);
}

function usable(lengths: Uint8Array, usedCount: number): PrefixCode {
  const codes = reversedCanonicalCodes(lengths);
  return { lengths: usedCount === 1 ? new Uint8Array(lengths.length) : lengths, codes };
}

/** Sends code lengths with the code-length code: literals 0..15, 16 repeat, 17/18 zero runs. */
function writeCodeLengths(out: LsbBitWriter, lengths: Uint8Array): void {
  const symbols: number[] = [];
  const extras: number[] = [];
  for (let i = 0; i < lengths.length; ) {
    const value = lengths[i]!;
    let run = 1;
    while (i + run < lengths.length && lengths[i + run] === value) run++;
    i += run;
    if (value === 0) {
      while (run >= 11) {
        const r = Math.min(run, 138);
        symbols.push(18);
        extras.push(r - 11);
        run -= r;
      }
      if (run >= 3) {
        symbols.push(17);
        extras.push(run - 3);
        run = 0;
      }
    } else {
      // Code 16 repeats the last non-zero length, which is this literal.
      symbols.push(value);
      extras.push(0);
      run--;
      while (run >= 3) {
        const r = Math.min(run, 6);
        symbols.push(16);
        extras.push(r - 3);
        run -= r;
      }
    }
    for (; run > 0; run--) {
      symbols.push(value);
      extras.push(0);
    }
  }

  const histogram = new Uint32Array(19);
  for (const s of symbols) histogram[s]!++;
  const codeLengths = buildHuffmanLengths(histogram, 7);
  let count = 19;
  while (count > 4 && codeLengths[CODE_LENGTH_ORDER[count - 1]!] === 0) count--;
  out.bits(count - 4, 4);
  for (let i = 0; i < count; i++) out.bits(codeLengths[CODE_LENGTH_ORDER[i]!]!, 3);
  out.bits(0, 1); // max_symbol is the alphabet size

  let used = 0;
  for (const len of codeLengths) if (len > 0) used++;
  const code = usable(codeLengths, used);
  for (let t = 0; t < symbols.length; t++) {
    const s = symbols[t]!;
    out.bits(code.codes[s]!, code.lengths[s]!);
    if (s === 16) out.bits(extras[t]!, 2);
    else if (s === 17) out.bits(extras[t]!, 3);
    else if (s === 18) out.bits(extras[t]!, 7);
  }
}
