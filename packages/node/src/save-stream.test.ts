import { join } from "node:path";
import { AbortError, StreamTruncatedError } from "@easel/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { type SavedImageFile, saveStream } from "./save-stream";
import {
  completedEvent,
  imageB64,
  imageStreamOf,
  listDir,
  partialEvent,
  tempDir,
} from "./test-support";

describe("saveStream", () => {
  it("writes partial images as they arrive, then the final image, and returns the paths in order", async () => {
    const dir = await tempDir();
    const stream = imageStreamOf([
      partialEvent(await imageB64("png", 4, 4), 0),
      partialEvent(await imageB64("png", 6, 6), 1),
      completedEvent(await imageB64("png", 8, 8)),
    ]);
    const reported: SavedImageFile[] = [];
    const saved = await saveStream(stream, dir, {
      prefix: "kite",
      onSaved: (file) => reported.push(file),
    });
    const expected = ["kite-partial-1.png", "kite-partial-2.png", "kite-1.png"].map((n) =>
      join(dir, n),
    );
    expect(saved.paths).toEqual(expected);
    expect(saved.partialPaths).toEqual(expected.slice(0, 2));
    expect(saved.imagePaths).toEqual(expected.slice(2));
    expect(reported.map((f) => `${f.kind} ${f.index}`)).toEqual([
      "partial 1",
      "partial 2",
      "image 1",
    ]);
    expect(saved.usage?.output_tokens).toBe(272);
    expect(saved.requestId).toBe("req_test_stream");
    const widths = await Promise.all(
      saved.paths.map(async (p) => (await sharp(p).metadata()).width),
    );
    expect(widths).toEqual([4, 6, 8]);
  });

  it("names each final image by its own format, for n > 1", async () => {
    const dir = await tempDir();
    const stream = imageStreamOf(
      [
        completedEvent(await imageB64("webp"), "webp"),
        completedEvent(await imageB64("webp"), "webp"),
      ],
      { expectedImages: 2 },
    );
    const saved = await saveStream(stream, dir);
    expect(saved.imagePaths).toEqual([join(dir, "image-1.webp"), join(dir, "image-2.webp")]);
  });

  it("rethrows a truncated stream and writes no final image; the partial stays", async () => {
    const dir = await tempDir();
    const stream = imageStreamOf([partialEvent(await imageB64("png"), 0)]);
    const error = await saveStream(stream, dir).catch((e: unknown) => e);
    expect(StreamTruncatedError.isInstance(error)).toBe(true);
    expect(await listDir(dir)).toEqual(["image-partial-1.png"]);
  });

  it("writes no final image when the second of two images never completes", async () => {
    const dir = await tempDir();
    const stream = imageStreamOf([completedEvent(await imageB64("png"))], { expectedImages: 2 });
    await expect(saveStream(stream, dir)).rejects.toSatisfy((e) =>
      StreamTruncatedError.isInstance(e),
    );
    expect(await listDir(dir)).toEqual([]);
  });

  it("stops on abort with no final image and no temporary file", async () => {
    const dir = await tempDir();
    const stream = imageStreamOf([partialEvent(await imageB64("png"), 0)], { hold: true });
    const error = await saveStream(stream, dir, {
      onSaved: () => stream.abort(),
    }).catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(await listDir(dir)).toEqual(["image-partial-1.png"]);
  });
});
