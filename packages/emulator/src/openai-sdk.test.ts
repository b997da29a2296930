import OpenAI from "openai";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImagesEmulator } from "./create-images-emulator";
import { type RunningEmulator, startEmulator } from "./node";

// The official SDK pointed at the emulator: what passes here should pass against the API.
let server: RunningEmulator;
let openai: OpenAI;

beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 5 });
  openai = new OpenAI({ apiKey: "test", baseURL: server.url, maxRetries: 0 });
});
afterAll(() => server.close());

async function decoded(b64: string | undefined) {
  expect(typeof b64).toBe("string");
  return sharp(Buffer.from(b64!, "base64")).metadata();
}

describe("the openai SDK, non-streamed", () => {
  it("gets a PNG of the requested size with the response fields of a GPT image model", async () => {
    const response = await openai.images.generate({
      model: "gpt-image-1.5",
      prompt: "A cute baby sea otter",
      size: "1536x1024",
      quality: "high",
    });
    expect(response.data).toHaveLength(1);
    const meta = await decoded(response.data?.[0]?.b64_json);
    expect([meta.format, meta.width, meta.height, meta.hasAlpha]).toEqual([
      "png",
      1536,
      1024,
      false,
    ]);
    expect(response).toMatchObject({
      background: "opaque",
      output_format: "png",
      quality: "high",
      size: "1536x1024",
      usage: { output_tokens: 6208 },
    });
    expect(response.created).toBeGreaterThan(1_700_000_000);
  });

  it.each([
    ["jpeg", 1024, 1536],
    ["webp", 1024, 1024],
    ["png", 1024, 1024],
  ] as const)("returns %s images that open in sharp at %dx%d", async (format, width, height) => {
    const response = await openai.images.generate({
      model: "gpt-image-1-mini",
      prompt: `a ${format} lighthouse`,
      size: `${width}x${height}` as "1024x1024",
      output_format: format,
      output_compression: format === "png" ? undefined : 60,
      quality: "low",
      n: 2,
    });
    expect(response.data).toHaveLength(2);
    for (const image of response.data ?? []) {
      const meta = await decoded(image.b64_json);
      expect([meta.format, meta.width, meta.height]).toEqual([format, width, height]);
    }
    expect(response.output_format).toBe(format);
  });

  it("gives a transparent background an alpha channel, in PNG and WebP", async () => {
    for (const format of ["png", "webp"] as const) {
      const response = await openai.images.generate({
        model: "gpt-image-1.5",
        prompt: "a sticker of a cat",
        size: "1024x1024",
        background: "transparent",
        output_format: format,
      });
      expect(response.background).toBe("transparent");
      const bytes = Buffer.from(response.data![0]!.b64_json!, "base64");
      const meta = await sharp(bytes).metadata();
      expect([meta.format, meta.hasAlpha]).toEqual([format, true]);
      const { data, info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
      let transparentPixels = 0;
      for (let i = info.channels - 1; i < data.length; i += info.channels) {
        if (data[i] === 0) transparentPixels++;
      }
      expect(transparentPixels).toBeGreaterThan(0);
    }
  });

  it("answers size auto with one of the three standard sizes, the same for the same prompt", async () => {
    const first = await openai.images.generate({ model: "gpt-image-1.5", prompt: "auto otter" });
    const again = await openai.images.generate({ model: "gpt-image-1.5", prompt: "auto otter" });
    expect(["1024x1024", "1536x1024", "1024x1536"]).toContain(first.size);
    expect(again.size).toBe(first.size);
    const meta = await decoded(first.data?.[0]?.b64_json);
    expect(`${meta.width}x${meta.height}`).toBe(first.size);
  });

  // A 4K PNG takes seconds of CPU; on a 2-core CI machine running other suites, more.
  it("serves gpt-image-2's free sizes, 3840x2160 included", { timeout: 120_000 }, async () => {
    const response = await openai.images.generate({
      model: "gpt-image-2",
      prompt: "a wide mountain range",
      size: "3840x2160",
      quality: "low",
    });
    const meta = await decoded(response.data?.[0]?.b64_json);
    expect([meta.width, meta.height]).toEqual([3840, 2160]);
    expect(response.size).toBe("3840x2160");
  });

  it("surfaces the emulator's 400 as the SDK's BadRequestError with the API's fields", async () => {
    const error = await openai.images
      .generate({ model: "gpt-image-1.5", prompt: "x", quality: "standard" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error).toMatchObject({
      status: 400,
      code: "invalid_value",
      param: "quality",
      type: "invalid_request_error",
    });
  });
});

describe("the openai SDK without a server", () => {
  it("takes emulator.fetch as its fetch", async () => {
    const emulator = createImagesEmulator({ streamIntervalMs: 0 });
    const offline = new OpenAI({
      apiKey: "test",
      baseURL: "http://emulator.invalid/v1",
      fetch: emulator.fetch,
    });
    const response = await offline.images.generate({
      model: "gpt-image-1-mini",
      prompt: "no network",
      size: "1024x1024",
      quality: "low",
    });
    const meta = await decoded(response.data?.[0]?.b64_json);
    expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
    expect(emulator.stats.generations).toBe(1);
  });
});

describe("the openai SDK, streamed", () => {
  it("iterates partial events then the completed event, each a decodable image", async () => {
    const stream = await openai.images.generate({
      model: "gpt-image-1.5",
      prompt: "A cute baby sea otter",
      size: "1024x1536",
      stream: true,
      partial_images: 2,
      output_format: "webp",
    });
    const types: string[] = [];
    for await (const event of stream) {
      types.push(event.type);
      const meta = await decoded(event.b64_json);
      expect([meta.format, meta.width, meta.height]).toEqual(["webp", 1024, 1536]);
      expect(event).toMatchObject({
        size: "1024x1536",
        quality: "medium",
        background: "opaque",
        output_format: "webp",
      });
      if (event.type === "image_generation.partial_image") {
        expect(event.partial_image_index).toBe(types.length - 1);
      } else {
        expect(event.usage.output_tokens).toBe(1584 + 2 * 100);
      }
    }
    expect(types).toEqual([
      "image_generation.partial_image",
      "image_generation.partial_image",
      "image_generation.completed",
    ]);
  });

  it("streams each of n images in turn, partials before its completed event", async () => {
    const stream = await openai.images.generate({
      model: "gpt-image-1-mini",
      prompt: "two kites",
      size: "1024x1024",
      quality: "low",
      stream: true,
      partial_images: 1,
      n: 2,
    });
    const events: { type: string; index?: number; b64: string }[] = [];
    for await (const event of stream) {
      events.push({
        type: event.type,
        b64: event.b64_json,
        ...(event.type === "image_generation.partial_image"
          ? { index: event.partial_image_index }
          : {}),
      });
    }
    expect(events.map((e) => e.type)).toEqual([
      "image_generation.partial_image",
      "image_generation.completed",
      "image_generation.partial_image",
      "image_generation.completed",
    ]);
    // Two different pictures, not one sent twice.
    expect(events[1]!.b64).not.toBe(events[3]!.b64);
    for (const event of events) {
      const meta = await decoded(event.b64);
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 1024, 1024]);
    }
  });
});
