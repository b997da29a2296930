import { crc32 } from "./crc32";
import { assertRgbaImage, type RgbaImage } from "./rgba-image";

/** Options of {@link encodePng}. */
export interface EncodePngOptions {
  /** `true` writes RGBA (colour type 6); `false` drops the alpha channel and writes RGB (type 2). */
  readonly alpha: boolean;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Filtered rows are handed to the compressor in batches of about this many bytes. */
const BATCH_BYTES = 256 * 1024;
/** IDAT payloads are capped so no single chunk needs a huge contiguous CRC pass. */
const MAX_IDAT = 1 << 20;

/**
 * Encodes an 8-bit PNG. Each row gets the Sub or Up filter, whichever leaves smaller
 * residuals, and rows are streamed through `CompressionStream("deflate")` (zlib framing, as
 * PNG requires) in small batches, so memory stays near the size of the input plus the output.
 * Output is deterministic within a runtime; across runtimes the deflate bytes may differ
 * (each ships its own zlib), though the decoded pixels never do.
 *
 * @example
 * const png = await encodePng(renderPattern({ seed: "cat", width: 64, height: 64,
 *   transparent: true, progress: 1 }), { alpha: true });
 * png.subarray(1, 4); // "PNG"
 */
export async function encodePng(image: RgbaImage, options: EncodePngOptions): Promise<Uint8Array> {
  assertRgbaImage(image, 0x7fffffff, "PNG");
  if (typeof CompressionStream === "undefined") {
    throw new Error("PNG: CompressionStream is not available in this runtime");
  }
  const { width, height } = image;
  const channels = options.alpha ? 4 : 3;
  const rowBytes = width * channels + 1;

  const stream = new CompressionStream("deflate");
  const collected = collect(stream.readable);
  const writer = stream.writable.getWriter();
  try {
    const rowsPerBatch = Math.max(1, Math.floor(BATCH_BYTES / rowBytes));
    for (let y = 0; y < height; y += rowsPerBatch) {
      const rows = Math.min(rowsPerBatch, height - y);
      // A fresh buffer per batch: the stream may still read a chunk after write() resolves.
      const batch = new Uint8Array(rows * rowBytes);
      for (let r = 0; r < rows; r++) {
        filterRow(image, y + r, channels, batch, r * rowBytes);
      }
      await writer.write(batch);
    }
    await writer.close();
  } catch (error) {
    await writer.abort(error).catch(() => {});
    await collected.catch(() => {});
    throw error;
  }
  const compressed = await collected;

  let compressedLength = 0;
  for (const chunk of compressed) compressedLength += chunk.length;
  const idatCount = Math.max(1, Math.ceil(compressedLength / MAX_IDAT));
  const out = new Uint8Array(8 + 25 + compressedLength + 12 * idatCount + 12);
  out.set(SIGNATURE, 0);

  const ihdr = new Uint8Array(13);
  const ihdrView = new DataView(ihdr.buffer);
  ihdrView.setUint32(0, width);
  ihdrView.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = options.alpha ? 6 : 2;
  // bytes 10..12: deflate, adaptive filtering, no interlace (all zero)
  let pos = writeChunk(out, 8, "IHDR", ihdr);

  // Copy the compressed pieces straight into IDAT payloads of at most MAX_IDAT bytes.
  let chunkIndex = 0;
  let chunkOffset = 0;
  let remaining = compressedLength;
  for (let i = 0; i < idatCount; i++) {
    const size = Math.min(MAX_IDAT, remaining);
    const start = pos;
    writeChunkHeader(out, pos, "IDAT", size);
    pos += 8;
    let filled = 0;
    while (filled < size) {
      const chunk = compressed[chunkIndex]!;
      const take = Math.min(size - filled, chunk.length - chunkOffset);
      out.set(chunk.subarray(chunkOffset, chunkOffset + take), pos + filled);
      filled += take;
      chunkOffset += take;
      if (chunkOffset === chunk.length) {
        chunkIndex++;
        chunkOffset = 0;
      }
    }
    pos += size;
    pos = writeCrc(out, start, pos);
    remaining -= size;
  }
  writeChunk(out, pos, "IEND", new Uint8Array(0));
  return out;
}

async function collect(readable: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = readable.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

function writeChunkHeader(out: Uint8Array, pos: number, type: string, length: number): void {
  new DataView(out.buffer, out.byteOffset).setUint32(pos, length);
  for (let i = 0; i < 4; i++) out[pos + 4 + i] = type.charCodeAt(i);
}

/** Appends the CRC of the chunk starting at `start` (its type and data) and returns the end. */
function writeCrc(out: Uint8Array, start: number, end: number): number {
  const crc = crc32(out.subarray(start + 4, end));
  new DataView(out.buffer, out.byteOffset).setUint32(end, crc);
  return end + 4;
}

function writeChunk(out: Uint8Array, pos: number, type: string, payload: Uint8Array): number {
  writeChunkHeader(out, pos, type, payload.length);
  out.set(payload, pos + 8);
  return writeCrc(out, pos, pos + 8 + payload.length);
}

/** Distance of a residual byte from zero, the usual "minimum sum of absolute differences". */
function cost(residual: number): number {
  const v = residual & 0xff;
  return v < 128 ? v : 256 - v;
}

/**
 * Writes row `y` of `image` as one filtered scanline (filter byte + bytes) at `out[offset]`.
 * Sub is written first while Up's cost is tallied alongside; the row is rewritten with Up only
 * when that is cheaper, so the common case reads the source once.
 */
function filterRow(
  image: RgbaImage,
  y: number,
  channels: number,
  out: Uint8Array,
  offset: number,
): void {
  const src = image.data;
  const width = image.width;
  const cur = y * width * 4;
  const prev = cur - width * 4;
  const o = offset + 1;
  let subCost = 0;
  let upCost = 0;
  if (channels === 4) {
    const n = width * 4;
    for (let i = 0; i < n; i++) {
      const v = src[cur + i]!;
      const sub = i >= 4 ? v - src[cur + i - 4]! : v;
      out[o + i] = sub;
      subCost += cost(sub);
      if (y > 0) upCost += cost(v - src[prev + i]!);
    }
    if (y > 0 && upCost < subCost) {
      out[offset] = 2;
      for (let i = 0; i < n; i++) out[o + i] = src[cur + i]! - src[prev + i]!;
      return;
    }
  } else {
    for (let x = 0, s = cur, d = o; x < width; x++, s += 4, d += 3) {
      for (let c = 0; c < 3; c++) {
        const v = src[s + c]!;
        const sub = x > 0 ? v - src[s + c - 4]! : v;
        out[d + c] = sub;
        subCost += cost(sub);
        if (y > 0) upCost += cost(v - src[s + c - width * 4]!);
      }
    }
    if (y > 0 && upCost < subCost) {
      out[offset] = 2;
      for (let x = 0, s = cur, d = o; x < width; x++, s += 4, d += 3) {
        out[d] = src[s]! - src[s - width * 4]!;
        out[d + 1] = src[s + 1]! - src[s + 1 - width * 4]!;
        out[d + 2] = src[s + 2]! - src[s + 2 - width * 4]!;
      }
      return;
    }
  }
  out[offset] = 1;
}
