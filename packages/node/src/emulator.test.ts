// @easel/node end to end against the emulator on loopback.
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImagesClient } from "./create-images-client";
import { saveImages } from "./save-image";
import { saveStream } from "./save-stream";
import { listDir, tempDir } from "./test-support";

let server: RunningEmulator;
beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 0 });
});
afterAll(async () => {
  await server.close();
});

const client = () =>
  createImagesClient({ env: { OPENAI_API_KEY: "test", OPENAI_BASE_URL: server.url } });

describe("with the emulator", () => {
  it("downloads dall-e url results into files", async () => {
    const dir = await tempDir();
    const c = client();
    try {
      const result = await c.images.generate({
        model: "dall-e-2",
        prompt: "a kite",
        size: "256x256",
        n: 2,
        response_format: "url",
      });
      expect(result.images[0]!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      const paths = await saveImages(result, dir, { prefix: "dalle" });
      expect(paths).toEqual([join(dir, "dalle-1.png"), join(dir, "dalle-2.png")]);
      for (const path of paths) {
        const meta = await sharp(path).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["png", 256, 256]);
      }
    } finally {
      await c.close();
    }
  });

  it("saves a streamed generation of two images: partials in arrival order, then finals", async () => {
    const dir = await tempDir();
    const c = client();
    try {
      const stream = await c.images.generate({
        model: "gpt-image-1.5",
        prompt: "a kite",
        size: "1024x1536",
        quality: "low",
        output_format: "jpeg",
        n: 2,
        stream: true,
        partial_images: 2,
      });
      const saved = await saveStream(stream, dir, { prefix: "s" });
      const names = [
        "s-partial-1.jpeg",
        "s-partial-2.jpeg",
        "s-partial-3.jpeg",
        "s-partial-4.jpeg",
        "s-1.jpeg",
        "s-2.jpeg",
      ];
      expect(saved.paths).toEqual(names.map((n) => join(dir, n)));
      expect(await listDir(dir)).toEqual([...names].sort());
      expect(saved.requestId).toMatch(/^req_/);
      expect(saved.usage?.output_tokens).toBeGreaterThan(0);
      for (const path of saved.paths) {
        const meta = await sharp(path).metadata();
        expect([meta.format, meta.width, meta.height]).toEqual(["jpeg", 1024, 1536]);
      }
    } finally {
      await c.close();
    }
  });
});
