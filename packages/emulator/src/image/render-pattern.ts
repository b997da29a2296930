import type { RgbaImage } from "./rgba-image";

/** Inputs of {@link renderPattern}. */
export interface RenderPatternOptions {
  /** Any string, usually the prompt: the same seed always yields the same pixels. */
  readonly seed: string;
  readonly width: number;
  readonly height: number;
  /** Leave the background at alpha 0 so only the (opaque) shapes are visible. */
  readonly transparent: boolean;
  /**
   * How finished the image is, 0..1. Below 1 the image is pixelated (coarser as progress falls)
   * and desaturated, so a stream of partial images visibly converges on the final one.
   */
  readonly progress: number;
}

/**
 * Steps in a disc's shade ramp. The ramp is indexed by squared distance, which is coarse near
 * the highlight, so it needs many more steps than 256 to avoid a visible ring there.
 */
const SHADES = 4096;

/** Renders beyond this side length are refused: the buffer alone would be gigabytes. */
const MAX_SIDE = 16384;

/**
 * Renders a deterministic picture for `seed`: plasma-like colour bands behind a handful of
 * shaded, overlapping discs, all coloured from a palette derived from the seed.
 *
 * Only integer hashing and basic float arithmetic are used (no `Math.random`, no `Math.sin`,
 * whose last bits differ between JS engines), so Node, workerd and browsers produce the same
 * bytes for the same inputs.
 *
 * @example
 * const image = renderPattern({ seed: "a lighthouse at dusk", width: 1024, height: 1024,
 *   transparent: false, progress: 1 });
 * image.data.length; // 1024 * 1024 * 4
 */
export function renderPattern(options: RenderPatternOptions): RgbaImage {
  const { seed, width, height, transparent } = options;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new RangeError("renderPattern: width and height must be positive integers");
  }
  if (width > MAX_SIDE || height > MAX_SIDE) {
    throw new RangeError(`renderPattern: sides are limited to ${MAX_SIDE}px`);
  }
  if (Number.isNaN(options.progress)) {
    throw new RangeError("renderPattern: progress must be a number between 0 and 1");
  }
  const progress = Math.min(1, Math.max(0, options.progress));
  const hash = xmur3(seed);
  // Separate streams, so skipping the background (transparent) leaves the shapes unchanged.
  const rand = mulberry32(hash);
  const backgroundRand = mulberry32(hash ^ 0x9e3779b9);
  const little = isLittleEndian();
  // Partial renders keep the composition but lose colour, like an image still "developing".
  const saturation = progress >= 1 ? 1 : 0.3 + 0.6 * progress;

  const data = new Uint8Array(width * height * 4);
  const pixels = new Uint32Array(data.buffer, data.byteOffset, width * height);
  const minSide = Math.min(width, height);

  const baseHue = rand() * 360;
  // Harmonic offsets (analogous, triadic, complementary...) keep the palette pleasant.
  const hueStep = [25, 40, 120, 150, 180][(rand() * 5) | 0]!;
  const palette: Rgb[] = [];
  for (let i = 0; i < 5; i++) {
    const hue = baseHue + hueStep * i + (rand() - 0.5) * 20;
    palette.push(hslToRgb(hue, 0.55 + 0.35 * rand(), 0.42 + 0.22 * rand()));
  }

  if (!transparent) {
    drawBackground(pixels, width, height, minSide, palette, backgroundRand, saturation, little);
  }

  const discs = 5 + ((rand() * 4) | 0);
  for (let i = 0; i < discs; i++) {
    const cx = (0.08 + 0.84 * rand()) * width;
    const cy = (0.08 + 0.84 * rand()) * height;
    const radius = (0.1 + 0.2 * rand()) * minSide + 0.75;
    const color = palette[(1 + i) % palette.length]!;
    drawDisc(data, pixels, width, height, cx, cy, radius, color, saturation, little);
  }

  if (progress < 1) {
    // Blocks shrink super-linearly so late partials are only slightly soft. (sqrt, unlike
    // `**`, is exactly rounded everywhere.)
    const rest = 1 - progress;
    const block = Math.max(2, Math.round(minSide * 0.09 * rest * Math.sqrt(rest)));
    pixelate(pixels, width, height, block);
  }
  return { width, height, data };
}

type Rgb = readonly [number, number, number];

/** xmur3 string hash: a good 32-bit seed from any string, stable across engines. */
function xmur3(input: string): number {
  let h = 1779033703 ^ input.length;
  for (let i = 0; i < input.length; i++) {
    h = Math.imul(h ^ input.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: tiny deterministic PRNG returning floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function isLittleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

function pack(r: number, g: number, b: number, a: number, little: boolean): number {
  return little
    ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0
    : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

function hslToRgb(hue: number, s: number, l: number): Rgb {
  const h = (((hue % 360) + 360) % 360) / 60;
  const c = (1 - Math.abs(2 * l - 1)) * s;
  const x = c * (1 - Math.abs((h % 2) - 1));
  const m = l - c / 2;
  const [r, g, b] =
    h < 1
      ? [c, x, 0]
      : h < 2
        ? [x, c, 0]
        : h < 3
          ? [0, c, x]
          : h < 4
            ? [0, x, c]
            : h < 5
              ? [x, 0, c]
              : [c, 0, x];
  return [(r + m) * 255, (g + m) * 255, (b + m) * 255];
}

/** Mixes towards the colour's own luma; `amount` 1 keeps it, 0 makes it grey. */
function saturate(color: Rgb, amount: number): Rgb {
  const luma = 0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2];
  return [
    luma + (color[0] - luma) * amount,
    luma + (color[1] - luma) * amount,
    luma + (color[2] - luma) * amount,
  ];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t, a[2] + (b[2] - a[2]) * t];
}

function clampByte(v: number): number {
  return v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
}

/** A cosine-like periodic wave in 0..1 built from a smoothstepped triangle (engine-exact). */
function wave(u: number): number {
  const f = u - Math.floor(u);
  const t = f < 0.5 ? 2 * f : 2 - 2 * f;
  return t * t * (3 - 2 * t);
}

/**
 * Plasma: the palette index is a sum of three 1-D waves (columns, rows, one diagonal), so
 * each pixel costs three table reads and no trigonometry.
 */
function drawBackground(
  pixels: Uint32Array,
  width: number,
  height: number,
  minSide: number,
  palette: readonly Rgb[],
  rand: () => number,
  saturation: number,
  little: boolean,
): void {
  // A cyclic gradient so index wrap-around (mod 256) never shows a seam.
  const dark = (c: Rgb): Rgb => mix(c, [12, 10, 24], 0.55);
  const stops = [dark(palette[0]!), mix(palette[0]!, palette[4]!, 0.5), dark(palette[2]!)];
  const lut = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    const pos = (i / 256) * stops.length;
    const k = Math.floor(pos);
    const c = saturate(mix(stops[k]!, stops[(k + 1) % stops.length]!, pos - k), saturation);
    lut[i] = pack(clampByte(c[0]), clampByte(c[1]), clampByte(c[2]), 255, little);
  }

  const fx = (0.6 + 1.4 * rand()) / minSide;
  const fy = (0.6 + 1.4 * rand()) / minSide;
  const fd = (0.8 + 2.0 * rand()) / minSide;
  const px = rand();
  const py = rand();
  const pd = rand();
  const amp = 150;
  const colTerm = new Int32Array(width);
  for (let x = 0; x < width; x++) colTerm[x] = (wave(x * fx + px) * amp) | 0;
  const diagTerm = new Int32Array(width + height);
  for (let i = 0; i < width + height; i++) diagTerm[i] = (wave(i * fd + pd) * amp) | 0;

  for (let y = 0; y < height; y++) {
    const rowTerm = (wave(y * fy + py) * amp) | 0;
    const row = y * width;
    for (let x = 0; x < width; x++) {
      pixels[row + x] = lut[(colTerm[x]! + rowTerm + diagTerm[x + y]!) & 255]!;
    }
  }
}

/**
 * A disc lit from the upper left: a shade ramp indexed by the squared distance to
 * the highlight, with a one-pixel-ish anti-aliased rim. Only the rows and columns the disc
 * covers are visited.
 */
function drawDisc(
  data: Uint8Array,
  pixels: Uint32Array,
  width: number,
  height: number,
  cx: number,
  cy: number,
  radius: number,
  base: Rgb,
  saturation: number,
  little: boolean,
): void {
  const highlight = mix(base, [255, 255, 255], 0.65);
  const shadow = mix(base, [8, 6, 20], 0.6);
  const lut = new Uint32Array(SHADES);
  const lutR = new Uint8Array(SHADES);
  const lutG = new Uint8Array(SHADES);
  const lutB = new Uint8Array(SHADES);
  for (let i = 0; i < SHADES; i++) {
    // The ramp is indexed by squared distance; sqrt here makes the shading linear in distance.
    const t = Math.sqrt(i / (SHADES - 1));
    const c = saturate(
      t < 0.55 ? mix(highlight, base, t / 0.55) : mix(base, shadow, (t - 0.55) / 0.45),
      saturation,
    );
    const r = clampByte(c[0]);
    const g = clampByte(c[1]);
    const b = clampByte(c[2]);
    lutR[i] = r;
    lutG[i] = g;
    lutB[i] = b;
    lut[i] = pack(r, g, b, 255, little);
  }

  const r2 = radius * radius;
  const hx = cx - 0.35 * radius;
  const hy = cy - 0.35 * radius;
  const reach = 1.35 * radius;
  const shadeScale = (SHADES - 1) / (reach * reach);
  // alpha ~ (r - d) / feather, using (r^2 - d^2) / 2r for (r - d) to avoid a sqrt per pixel.
  const feather = Math.max(1, radius * 0.004);
  const edgeScale = 255 / (2 * radius * feather);

  const y0 = Math.max(0, Math.floor(cy - radius));
  const y1 = Math.min(height - 1, Math.ceil(cy + radius));
  for (let y = y0; y <= y1; y++) {
    const dy = y + 0.5 - cy;
    const dy2 = dy * dy;
    if (dy2 >= r2) continue;
    const span = Math.sqrt(r2 - dy2) + 1;
    const x0 = Math.max(0, Math.floor(cx - span));
    const x1 = Math.min(width - 1, Math.ceil(cx + span));
    const hdy = y + 0.5 - hy;
    const hdy2 = hdy * hdy;
    const row = y * width;
    for (let x = x0; x <= x1; x++) {
      const dx = x + 0.5 - cx;
      const d2 = dx * dx + dy2;
      if (d2 >= r2) continue;
      const hdx = x + 0.5 - hx;
      let shade = ((hdx * hdx + hdy2) * shadeScale) | 0;
      if (shade >= SHADES) shade = SHADES - 1;
      const coverage = (r2 - d2) * edgeScale;
      if (coverage >= 255) {
        pixels[row + x] = lut[shade]!;
        continue;
      }
      // Rim pixel: composite straight-alpha "over" by hand (rare, so bytes are fine here).
      const a = coverage | 0;
      const o = (row + x) * 4;
      const da = data[o + 3]!;
      if (da === 0) {
        data[o] = lutR[shade]!;
        data[o + 1] = lutG[shade]!;
        data[o + 2] = lutB[shade]!;
        data[o + 3] = a;
      } else {
        data[o] = (data[o]! + ((lutR[shade]! - data[o]!) * a) / 255) | 0;
        data[o + 1] = (data[o + 1]! + ((lutG[shade]! - data[o + 1]!) * a) / 255) | 0;
        data[o + 2] = (data[o + 2]! + ((lutB[shade]! - data[o + 2]!) * a) / 255) | 0;
        data[o + 3] = (a + (da * (255 - a)) / 255) | 0;
      }
    }
  }
}

/**
 * Replaces each `block`-sized square with its centre pixel, in place. Each block row is
 * sampled and written into its first pixel row, which is then copied down, so the work is
 * one pass over the image.
 */
function pixelate(pixels: Uint32Array, width: number, height: number, block: number): void {
  for (let y0 = 0; y0 < height; y0 += block) {
    const rows = Math.min(block, height - y0);
    const sampleRow = (y0 + (rows >> 1)) * width;
    const first = y0 * width;
    for (let x0 = 0; x0 < width; x0 += block) {
      const cols = Math.min(block, width - x0);
      // Sampling happens before this block's first row is overwritten (see pixelate's doc).
      const value = pixels[sampleRow + x0 + (cols >> 1)]!;
      pixels.fill(value, first + x0, first + x0 + cols);
    }
    for (let r = 1; r < rows; r++) {
      pixels.copyWithin(first + r * width, first, first + width);
    }
  }
}
