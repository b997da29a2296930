// The VP8L predictor transform (RFC 9649, section 4.1), encoder side.

/**
 * Predictor modes this encoder chooses from, in the order `chooseModes` scores them: left,
 * top, average, select, gradient. Modes reading top-right are left out: in the last column
 * that neighbour is the first pixel of the current row, a quirk not worth matching.
 */
const CANDIDATE_MODES = [1, 2, 7, 11, 12] as const;
/** The single mode used when the caller asks for the fast path. */
const FAST_MODE = 11;

/** Result of {@link applyPredictor}: the per-block mode image the decoder needs. */
export interface PredictorModes {
  /** Block side is `1 << bits`; the value written in the bitstream is `bits - 2`. */
  readonly bits: number;
  readonly width: number;
  readonly height: number;
  /** ARGB pixels of the sub-image; the mode lives in the green byte. */
  readonly pixels: Uint32Array;
}

/**
 * Replaces every ARGB pixel with its residual against a VP8L spatial prediction, in place.
 * With `search` each block picks the candidate mode with the smallest residuals, otherwise
 * every block uses Select. Pixels are processed last to first, so the neighbours a
 * prediction reads (left, top, top-left) still hold original values.
 *
 * @example
 * const argb = Uint32Array.of(0xff102030, 0xff112131);
 * applyPredictor(argb, 2, 1, false).pixels; // one block, mode 11
 * argb; // [0x00102030, 0x00010101]
 */
export function applyPredictor(
  argb: Uint32Array,
  width: number,
  height: number,
  search: boolean,
): PredictorModes {
  // 16px blocks adapt better; past a megapixel 32px blocks keep the search and the mode
  // image cheap, and big images are smooth at that scale anyway.
  const bits = width * height > 1 << 20 ? 5 : 4;
  const size = 1 << bits;
  const bw = Math.ceil(width / size);
  const bh = Math.ceil(height / size);
  const modes = new Uint8Array(bw * bh).fill(FAST_MODE);
  if (search) chooseModes(argb, width, height, bits, bw, modes);

  for (let y = height - 1; y >= 1; y--) {
    const row = y * width;
    // One mode per block-wide segment, so the inner loops below are branch-free.
    for (let bx = bw - 1; bx >= 0; bx--) {
      const start = row + Math.max(1, bx * size);
      const end = row + Math.min(width, (bx + 1) * size);
      predictSegment(argb, width, modes[(y >> bits) * bw + bx]!, start, end);
    }
    argb[row] = subPixels(argb[row]!, argb[row - width]!);
  }
  for (let x = width - 1; x >= 1; x--) argb[x] = subPixels(argb[x]!, argb[x - 1]!);
  argb[0] = subPixels(argb[0]!, 0xff000000);

  const pixels = new Uint32Array(bw * bh);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (0xff000000 | (modes[i]! << 8)) >>> 0;
  return { bits, width: bw, height: bh, pixels };
}

/** Residuals for pixels `end - 1` down to `start` of one row (never column 0 or row 0). */
function predictSegment(
  argb: Uint32Array,
  width: number,
  mode: number,
  start: number,
  end: number,
): void {
  switch (mode) {
    case 1:
      for (let i = end - 1; i >= start; i--) argb[i] = subPixels(argb[i]!, argb[i - 1]!);
      return;
    case 2:
      for (let i = end - 1; i >= start; i--) argb[i] = subPixels(argb[i]!, argb[i - width]!);
      return;
    case 7:
      for (let i = end - 1; i >= start; i--) {
        argb[i] = subPixels(argb[i]!, average2(argb[i - 1]!, argb[i - width]!));
      }
      return;
    case 11:
      for (let i = end - 1; i >= start; i--) {
        argb[i] = subPixels(argb[i]!, select(argb[i - 1]!, argb[i - width]!, argb[i - width - 1]!));
      }
      return;
    default:
      for (let i = end - 1; i >= start; i--) {
        argb[i] = subPixels(
          argb[i]!,
          gradient(argb[i - 1]!, argb[i - width]!, argb[i - width - 1]!),
        );
      }
  }
}

/** Per-channel `a - b` modulo 256. */
function subPixels(a: number, b: number): number {
  const alphaGreen = 0x00ff00ff + (a & 0xff00ff00) - (b & 0xff00ff00);
  const redBlue = 0xff00ff00 + (a & 0x00ff00ff) - (b & 0x00ff00ff);
  return ((alphaGreen & 0xff00ff00) | (redBlue & 0x00ff00ff)) >>> 0;
}

/** Mode 7: per-channel floor((a + b) / 2) without unpacking. */
function average2(a: number, b: number): number {
  return ((((a ^ b) & 0xfefefefe) >>> 1) + (a & b)) >>> 0;
}

/**
 * Mode 11: left or top, whichever is further from top-left (Manhattan over channels), i.e.
 * whichever the estimate L + T - TL is closer to. Ties go to top, as in libwebp.
 */
function select(left: number, top: number, topLeft: number): number {
  const diff =
    Math.abs((left >>> 24) - (topLeft >>> 24)) -
    Math.abs((top >>> 24) - (topLeft >>> 24)) +
    Math.abs(((left >>> 16) & 0xff) - ((topLeft >>> 16) & 0xff)) -
    Math.abs(((top >>> 16) & 0xff) - ((topLeft >>> 16) & 0xff)) +
    Math.abs(((left >>> 8) & 0xff) - ((topLeft >>> 8) & 0xff)) -
    Math.abs(((top >>> 8) & 0xff) - ((topLeft >>> 8) & 0xff)) +
    Math.abs((left & 0xff) - (topLeft & 0xff)) -
    Math.abs((top & 0xff) - (topLeft & 0xff));
  return diff <= 0 ? top : left;
}

function clampByte(v: number): number {
  return v < 0 ? 0 : Math.min(v, 255);
}

/** Mode 12: per-channel clamp(L + T - TL). */
function gradient(left: number, top: number, topLeft: number): number {
  const a = clampByte((left >>> 24) + (top >>> 24) - (topLeft >>> 24));
  const r = clampByte(((left >>> 16) & 0xff) + ((top >>> 16) & 0xff) - ((topLeft >>> 16) & 0xff));
  const g = clampByte(((left >>> 8) & 0xff) + ((top >>> 8) & 0xff) - ((topLeft >>> 8) & 0xff));
  const b = clampByte((left & 0xff) + (top & 0xff) - (topLeft & 0xff));
  return ((a << 24) | (r << 16) | (g << 8) | b) >>> 0;
}

/**
 * Scores each candidate mode on every block by the summed distance of its residuals from
 * zero and keeps the cheapest. Only every other row is scored: blocks are 16-32 rows tall,
 * so that halves the work with little effect on the choice. Channels are unpacked once per
 * pixel and Select's score is taken from whichever of Left / Top it would pick.
 */
function chooseModes(
  argb: Uint32Array,
  width: number,
  height: number,
  bits: number,
  bw: number,
  modes: Uint8Array,
): void {
  const candidates = CANDIDATE_MODES.length;
  // cost[d & 255] = distance of a byte residual from zero.
  const cost = new Uint8Array(256);
  for (let v = 0; v < 256; v++) cost[v] = Math.min(v, 256 - v);
  const costs = new Float64Array(bw * candidates);
  for (let by = 0; by * (1 << bits) < height; by++) {
    costs.fill(0);
    const y0 = Math.max(1, by << bits);
    const y1 = Math.min(height, (by + 1) << bits);
    for (let y = y0; y < y1; y += 2) {
      const row = y * width;
      for (let x = 1; x < width; x++) {
        const i = row + x;
        const c = argb[i]!;
        const l = argb[i - 1]!;
        const t = argb[i - width]!;
        const tl = argb[i - width - 1]!;
        let costL = 0;
        let costT = 0;
        let costAvg = 0;
        let costGrad = 0;
        let selectDiff = 0;
        for (let s = 0; s < 32; s += 8) {
          const cc = (c >>> s) & 0xff;
          const lc = (l >>> s) & 0xff;
          const tc = (t >>> s) & 0xff;
          const tlc = (tl >>> s) & 0xff;
          costL += cost[(cc - lc) & 0xff]!;
          costT += cost[(cc - tc) & 0xff]!;
          costAvg += cost[(cc - ((lc + tc) >> 1)) & 0xff]!;
          costGrad += cost[(cc - clampByte(lc + tc - tlc)) & 0xff]!;
          selectDiff += Math.abs(lc - tlc) - Math.abs(tc - tlc);
        }
        const base = (x >> bits) * candidates;
        costs[base]! += costL;
        costs[base + 1]! += costT;
        costs[base + 2]! += costAvg;
        costs[base + 3]! += selectDiff <= 0 ? costT : costL;
        costs[base + 4]! += costGrad;
      }
    }
    for (let bx = 0; bx < bw; bx++) {
      let best = 0;
      for (let c = 1; c < candidates; c++) {
        if (costs[bx * candidates + c]! < costs[bx * candidates + best]!) best = c;
      }
      modes[by * bw + bx] = CANDIDATE_MODES[best]!;
    }
  }
}
