import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createGeneratedImage, EaselError, type GeneratedImage } from "@easel/core";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { imageFileNames, saveImage, saveImages } from "./save-image";
import { imageB64, listDir, tempDir } from "./test-support";

describe("saveImage", () => {
  it("adds the extension of the image's format when the path has none", async () => {
    const dir = await tempDir();
    for (const format of ["png", "jpeg", "webp"] as const) {
      const image = createGeneratedImage({ b64_json: await imageB64(format) }, format);
      const path = await saveImage(image, join(dir, `out-${format}`));
      expect(path).toBe(join(dir, `out-${format}.${format}`));
      const meta = await sharp(path).metadata();
      expect(meta.format).toBe(format);
      expect([meta.width, meta.height]).toEqual([16, 8]);
    }
  });

  it("keeps an extension the caller gave", async () => {
    const dir = await tempDir();
    const image = createGeneratedImage({ b64_json: await imageB64("jpeg") }, "jpeg");
    expect(await saveImage(image, join(dir, "photo.jpg"))).toBe(join(dir, "photo.jpg"));
  });

  it("picks the extension from the bytes when the response names no format", async () => {
    const dir = await tempDir();
    const image = createGeneratedImage({ b64_json: await imageB64("webp") });
    expect(await saveImage(image, join(dir, "sniffed"))).toBe(join(dir, "sniffed.webp"));
  });

  it("writes nothing when the image's bytes cannot be produced", async () => {
    const dir = await tempDir();
    const broken: GeneratedImage = {
      ...createGeneratedImage({ b64_json: await imageB64("png") }, "png"),
      bytes() {
        throw new EaselError("bytes failed");
      },
    };
    await expect(saveImage(broken, join(dir, "x.png"))).rejects.toThrow("bytes failed");
    expect(await listDir(dir)).toEqual([]);
  });

  it("refuses to overwrite unless asked", async () => {
    const dir = await tempDir();
    const image = createGeneratedImage({ b64_json: await imageB64("png") }, "png");
    const path = join(dir, "x.png");
    await writeFile(path, "old");
    await expect(saveImage(image, path)).rejects.toThrow(/already exists.*overwrite/);
    expect(await readFile(path, "utf8")).toBe("old");
    await saveImage(image, path, { overwrite: true });
    expect((await sharp(path).metadata()).format).toBe("png");
  });

  it("downloads a url result with the injected fetch", async () => {
    const dir = await tempDir();
    const png = Buffer.from(await imageB64("png"), "base64");
    const requested: string[] = [];
    const fetch = async (input: string | URL | Request) => {
      requested.push(String(input));
      return new Response(png, { headers: { "content-type": "image/png" } });
    };
    const image = createGeneratedImage({ url: "https://files.example/img/1.png?sig=abc" });
    const path = await saveImage(image, join(dir, "remote"), { fetch });
    expect(path).toBe(join(dir, "remote.png"));
    expect(requested).toEqual(["https://files.example/img/1.png?sig=abc"]);
    expect(Buffer.compare(await readFile(path), png)).toBe(0);
  });

  it("explains an expired url without echoing its signed query", async () => {
    const dir = await tempDir();
    const fetch = async () => new Response("expired", { status: 403 });
    const image = createGeneratedImage({ url: "https://files.example/img/1.png?sig=SECRET" });
    const error = await saveImage(image, join(dir, "remote"), { fetch }).catch((e: unknown) => e);
    expect(EaselError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain("403");
    expect(message).toContain("60 minutes");
    expect(message).not.toContain("SECRET");
    expect(await listDir(dir)).toEqual([]);
  });
});

describe("saveImages", () => {
  it("writes every image as <prefix>-<n>.<ext>, in order", async () => {
    const dir = await tempDir();
    const images = [
      createGeneratedImage({ b64_json: await imageB64("png", 8, 8) }, "png"),
      createGeneratedImage({ b64_json: await imageB64("png", 4, 4) }, "png"),
    ];
    const paths = await saveImages({ images }, join(dir, "new"), { prefix: "kite" });
    expect(paths).toEqual([join(dir, "new", "kite-1.png"), join(dir, "new", "kite-2.png")]);
    expect((await sharp(paths[1]!).metadata()).width).toBe(4);
    expect(imageFileNames(images)).toEqual(["image-1.png", "image-2.png"]);
  });

  it("checks every name before writing the first file", async () => {
    const dir = await tempDir();
    const images = [
      createGeneratedImage({ b64_json: await imageB64("png") }, "png"),
      createGeneratedImage({ b64_json: await imageB64("png") }, "png"),
    ];
    await writeFile(join(dir, "image-2.png"), "old");
    await expect(saveImages({ images }, dir)).rejects.toThrow(join(dir, "image-2.png"));
    expect(await listDir(dir)).toEqual(["image-2.png"]);
  });
});
