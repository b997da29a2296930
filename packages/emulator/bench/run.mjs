// Times the image layer at 3840x2160 (the largest API size): render, then each encoder.
// Run after `pnpm build`: `pnpm --filter @easel/emulator bench`. Best of N runs, since the
// numbers are for comparing changes, not for asserting anything.
import { encodeJpeg, encodePng, encodeWebp, renderPattern } from "../dist/index.js";

const runs = Number(process.env.RUNS ?? 5);
const width = 3840;
const height = 2160;
const seed = "a lighthouse at dusk, oil painting";

async function best(label, fn) {
  let fastest = Number.POSITIVE_INFINITY;
  let result;
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = await fn();
    fastest = Math.min(fastest, performance.now() - start);
  }
  const size = result?.data ? result.data.length : result.length;
  console.log(
    `${label.padEnd(34)} ${fastest.toFixed(0).padStart(6)} ms ${(size / 1e6).toFixed(2).padStart(8)} MB`,
  );
  return result;
}

console.log(`${width}x${height}, best of ${runs}`);
const opaque = await best("render (opaque)", () =>
  renderPattern({ seed, width, height, transparent: false, progress: 1 }),
);
const clear = await best("render (transparent)", () =>
  renderPattern({ seed, width, height, transparent: true, progress: 1 }),
);
const partial = await best("render (progress 0.3)", () =>
  renderPattern({ seed, width, height, transparent: false, progress: 0.3 }),
);
await best("png rgb", () => encodePng(opaque, { alpha: false }));
await best("png rgba (transparent)", () => encodePng(clear, { alpha: true }));
await best("png rgb (progress 0.3)", () => encodePng(partial, { alpha: false }));
await best("jpeg q95 4:2:0", () => encodeJpeg(opaque, { quality: 95 }));
await best("jpeg q95 4:4:4", () => encodeJpeg(opaque, { quality: 95, subsampling: "4:4:4" }));
await best("jpeg q50 4:2:0", () => encodeJpeg(opaque, { quality: 50 }));
await best("webp lossless (quality 75)", () => encodeWebp(opaque, { alpha: false }));
await best("webp lossless (quality 10, fast)", () =>
  encodeWebp(opaque, { alpha: false, quality: 10 }),
);
await best("webp lossless rgba (transparent)", () => encodeWebp(clear, { alpha: true }));
await best("webp lossless (progress 0.3)", () => encodeWebp(partial, { alpha: false }));
