import {
  createImagesClient,
  imageOutputTokens,
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  validateImageRequest,
} from "@easel/core";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImagesEmulator } from "./create-images-emulator";
import { type RunningEmulator, startEmulator } from "./node";

const ORIGIN = "http://emulator.test";
const AUTH = { authorization: "Bearer test", "content-type": "application/json" };

function post(
  emulator: ReturnType<typeof createImagesEmulator>,
  body: unknown,
  headers: Record<string, string> = AUTH,
  path = "/v1/images/generations",
) {
  return emulator.fetch(`${ORIGIN}${path}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const bytesOf = (b64: string) => Buffer.from(b64, "base64");

async function distinctColours(b64: string): Promise<number> {
  const { data, info } = await sharp(bytesOf(b64)).raw().toBuffer({ resolveWithObject: true });
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += info.channels) {
    seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  }
  return seen.size;
}

function sse(text: string) {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const [event, data] = block.split("\n");
      return { event: event!.slice(7), data: JSON.parse(data!.slice(6)) };
    });
}

describe("authentication", () => {
  const emulator = createImagesEmulator();

  it("answers 401 with the API's body when Authorization is missing", async () => {
    const response = await post(emulator, { prompt: "x" }, { "content-type": "application/json" });
    expect(response.status).toBe(401);
    const body = await response.json();
    expect(body).toEqual({
      error: {
        message: expect.stringMatching(/^You didn't provide an API key\./),
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
  });

  it("accepts any key by default, only the configured ones with apiKeys, and never echoes a key", async () => {
    const strict = createImagesEmulator({ apiKeys: ["sk-good-key-0123456789"] });
    const secret = "sk-wrong-key-9876543210abcdef";
    const refused = await post(
      strict,
      { prompt: "x" },
      { ...AUTH, authorization: `Bearer ${secret}` },
    );
    expect(refused.status).toBe(401);
    const text = await refused.text();
    expect(text).not.toContain(secret);
    expect(JSON.parse(text).error).toMatchObject({ code: "invalid_api_key", param: null });
    const accepted = await post(
      strict,
      { prompt: "x", size: "256x256" },
      { ...AUTH, authorization: "Bearer sk-good-key-0123456789" },
    );
    expect(accepted.status).toBe(200);
    expect((await post(emulator, { prompt: "x", size: "256x256" })).status).toBe(200);
  });
});

describe("request errors", () => {
  const emulator = createImagesEmulator();

  it("answers a body that is not JSON with the API's 400", async () => {
    const response = await post(emulator, "{not json");
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({
      message: expect.stringMatching(/^We could not parse the JSON body of your request/),
      type: "invalid_request_error",
      param: null,
      code: null,
    });
  });

  it.each([
    [{ model: "gpt-image-1.5", prompt: "x", quality: "standard" }],
    [{ model: "gpt-image-2", prompt: "x", size: "1792x936" }],
    [{ model: "gpt-image-1", prompt: "x", size: "123x456" }],
    [{ model: "dall-e-3", prompt: "x", n: 2 }],
    [{ model: "gpt-image-1.5", prompt: "x", response_format: "url" }],
    [{ model: "gpt-image-1.5" }],
    [{ model: "gpt-image-1.5", prompt: "x", colour: "red" }],
    [{ model: "gpt-image-2", prompt: "x", background: "transparent" }],
    [[1, 2]],
  ])("answers %j with core's first issue, exactly", async (body) => {
    const response = await post(emulator, body);
    const expected = validateImageRequest(body);
    expect(expected.ok).toBe(false);
    const issue = !expected.ok ? expected.issues[0]! : undefined;
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { message: issue!.message, type: issue!.type, param: issue!.param, code: issue!.code },
    });
  });

  it("refuses a model it does not know, listing the ones it does", async () => {
    const response = await post(emulator, { model: "gpt-image-9", prompt: "x" });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatchObject({ param: "model", code: "invalid_value" });
  });

  it("answers unknown routes and methods with the API's 404", async () => {
    const wrongPath = await emulator.fetch(`${ORIGIN}/v1/images/edits`, { method: "POST" });
    expect(wrongPath.status).toBe(404);
    expect(await wrongPath.json()).toEqual({
      error: {
        message: "Invalid URL (POST /v1/images/edits)",
        type: "invalid_request_error",
        param: null,
        code: null,
      },
    });
    const wrongMethod = await emulator.fetch(`${ORIGIN}/v1/images/generations`);
    expect(wrongMethod.status).toBe(404);
  });

  it("reports an unknown x-emulator-fault instead of ignoring it", async () => {
    const response = await post(
      emulator,
      { prompt: "x" },
      { ...AUTH, "x-emulator-fault": "explode" },
    );
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toMatch(/Unknown emulator fault 'explode'/);
  });

  it("ignores fault headers when faultHeaders is false", async () => {
    const locked = createImagesEmulator({ faultHeaders: false });
    const response = await post(
      locked,
      { prompt: "x", size: "256x256", response_format: "b64_json" },
      { ...AUTH, "x-emulator-fault": "server-error" },
    );
    expect(response.status).toBe(200);
  });
});

describe("responses", () => {
  const emulator = createImagesEmulator({ streamIntervalMs: 0 });

  it("sends the API's headers", async () => {
    const response = await post(emulator, {
      model: "gpt-image-1-mini",
      prompt: "x",
      quality: "low",
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("x-request-id")).toMatch(/^req_[0-9a-f]{32}$/);
    expect(response.headers.get("openai-processing-ms")).toMatch(/^\d+$/);
    for (const kind of ["limit", "remaining", "reset"]) {
      for (const unit of ["requests", "tokens"]) {
        expect(response.headers.get(`x-ratelimit-${kind}-${unit}`)).toBeTruthy();
      }
    }
    const next = await post(emulator, { model: "gpt-image-1-mini", prompt: "x", quality: "low" });
    expect(Number(next.headers.get("x-ratelimit-remaining-requests"))).toBe(
      Number(response.headers.get("x-ratelimit-remaining-requests")) - 1,
    );
    expect(next.headers.get("x-request-id")).not.toBe(response.headers.get("x-request-id"));
  });

  it("computes usage from the token table, n and the prompt's length / 4", async () => {
    const prompt = "A watercolour fox in deep snow"; // 30 characters: 8 tokens
    const response = await post(emulator, {
      model: "gpt-image-1.5",
      prompt,
      quality: "high",
      size: "1024x1536",
      n: 3,
    });
    const body = await response.json();
    expect(body.data).toHaveLength(3);
    const output = 3 * imageOutputTokens("high", "1024x1536");
    expect(output).toBe(3 * 6240);
    expect(body.usage).toEqual({
      input_tokens: 8,
      input_tokens_details: { image_tokens: 0, text_tokens: 8 },
      output_tokens: output,
      total_tokens: 8 + output,
      output_tokens_details: { image_tokens: output, text_tokens: 0 },
    });
  });

  it("counts 100 output tokens per partial image; the last completed event carries the total", async () => {
    const response = await post(emulator, {
      model: "gpt-image-1.5",
      prompt: "abcd",
      quality: "low",
      size: "1536x1024",
      n: 2,
      stream: true,
      partial_images: 3,
    });
    expect(response.headers.get("content-type")).toBe("text/event-stream; charset=utf-8");
    const events = sse(await response.text());
    expect(events.map((e) => e.event)).toEqual([
      ...Array(3).fill("image_generation.partial_image"),
      "image_generation.completed",
      ...Array(3).fill("image_generation.partial_image"),
      "image_generation.completed",
    ]);
    expect(events.slice(0, 3).map((e) => e.data.partial_image_index)).toEqual([0, 1, 2]);
    const perImage = imageOutputTokens("low", "1536x1024") + 3 * PARTIAL_IMAGE_OUTPUT_TOKENS;
    expect(events[3]!.data.usage.output_tokens).toBe(perImage);
    expect(events[7]!.data.usage).toMatchObject({
      input_tokens: 1,
      output_tokens: 2 * perImage,
      total_tokens: 1 + 2 * perImage,
    });
    expect(Object.keys(events[0]!.data)).toEqual([
      "type",
      "b64_json",
      "created_at",
      "size",
      "quality",
      "background",
      "output_format",
      "partial_image_index",
    ]);
  });

  it("is deterministic: the same request gives the same bytes; quality and format change them", async () => {
    const request = {
      model: "gpt-image-1.5",
      prompt: "a lighthouse",
      size: "1024x1024",
      quality: "low",
    };
    const first = (await (await post(emulator, request)).json()).data[0].b64_json;
    const other = createImagesEmulator();
    const second = (await (await post(other, request)).json()).data[0].b64_json;
    expect(second).toBe(first);
    const high = (await (await post(emulator, { ...request, quality: "high" })).json()).data[0]
      .b64_json;
    expect(high).not.toBe(first);
    const webp = (await (await post(emulator, { ...request, output_format: "webp" })).json())
      .data[0].b64_json;
    expect(webp).not.toBe(first);
  });

  it("makes quality visible: low quality has fewer colours than high", async () => {
    const request = { model: "gpt-image-1.5", prompt: "a lighthouse", size: "1024x1024" };
    const low = (await (await post(emulator, { ...request, quality: "low" })).json()).data[0];
    const high = (await (await post(emulator, { ...request, quality: "high" })).json()).data[0];
    expect(await distinctColours(low.b64_json)).toBeLessThan(await distinctColours(high.b64_json));
  });

  it("sends partial images that are less finished than the final image", async () => {
    const response = await post(emulator, {
      model: "gpt-image-1.5",
      prompt: "a lighthouse",
      size: "1024x1024",
      quality: "high",
      stream: true,
      partial_images: 2,
    });
    const events = sse(await response.text());
    const colours = await Promise.all(events.map((e) => distinctColours(e.data.b64_json)));
    expect(colours[0]!).toBeLessThan(colours[2]!);
    expect(colours[1]!).toBeLessThan(colours[2]!);
    expect(events[0]!.data.b64_json).not.toBe(events[1]!.data.b64_json);
  });

  it("applies output_compression to jpeg", async () => {
    const request = {
      model: "gpt-image-1.5",
      prompt: "a lighthouse",
      size: "1024x1024",
      output_format: "jpeg",
    };
    const best = (await (await post(emulator, request)).json()).data[0].b64_json;
    const small = (await (await post(emulator, { ...request, output_compression: 20 })).json())
      .data[0].b64_json;
    expect(bytesOf(small).length).toBeLessThan(bytesOf(best).length);
    expect((await sharp(bytesOf(small)).metadata()).format).toBe("jpeg");
  });

  it("serves the path without /v1 too", async () => {
    const response = await post(
      emulator,
      { model: "gpt-image-1-mini", prompt: "x", quality: "low" },
      AUTH,
      "/images/generations",
    );
    expect(response.status).toBe(200);
  });

  it("works as a fetch for core's client, streaming included, without any server", async () => {
    const client = createImagesClient({
      apiKey: "k",
      baseURL: `${ORIGIN}/v1`,
      fetch: emulator.fetch,
    });
    const stream = await client.images.generate({
      model: "gpt-image-1-mini",
      prompt: "a kite",
      size: "1024x1024",
      quality: "low",
      stream: true,
      partial_images: 1,
    });
    const { images, partialImages, usage } = await stream.final();
    expect([images.length, partialImages.length]).toEqual([1, 1]);
    expect(usage?.output_tokens).toBe(imageOutputTokens("low", "1024x1024") + 100);
    expect((await sharp(images[0]!.bytes()).metadata()).format).toBe("png");
  });
});

describe("streaming on demand", () => {
  it("produces the next event only when the reader asks for it", async () => {
    const emulator = createImagesEmulator({ streamIntervalMs: 0 });
    const response = await post(emulator, {
      model: "gpt-image-1-mini",
      prompt: "two kites",
      size: "1024x1024",
      quality: "low",
      n: 2,
      stream: true,
    });
    const reader = response.body!.getReader();
    let text = "";
    while (!text.includes("\n\n")) {
      const { value } = await reader.read();
      text += new TextDecoder().decode(value);
    }
    // Plenty of time to render the second image if anything were read ahead of the reader.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(emulator.stats.images).toBe(1);
    await reader.cancel();
    await emulator.whenIdle();
    expect(emulator.stats).toMatchObject({ images: 1, cancelled: 1, active: 0 });
  });

  it("stops when the client aborts: the emulator counts the cancellation", async () => {
    const emulator = createImagesEmulator({ streamIntervalMs: 50 });
    const controller = new AbortController();
    const response = await emulator.fetch(`${ORIGIN}/v1/images/generations`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify({
        model: "gpt-image-1-mini",
        prompt: "x",
        quality: "low",
        stream: true,
        partial_images: 3,
      }),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    await expect(reader.read()).rejects.toThrow();
    await emulator.whenIdle();
    expect(emulator.stats).toMatchObject({ cancelled: 1, active: 0, completed: 0 });
  });
});

describe("dall-e", () => {
  let clock = Date.parse("2026-03-01T12:00:00Z");
  let server: RunningEmulator;
  beforeAll(async () => {
    server = await startEmulator({ now: () => clock });
  });
  afterAll(() => server.close());

  const generate = (body: Record<string, unknown>) =>
    fetch(`${server.url}/images/generations`, {
      method: "POST",
      headers: AUTH,
      body: JSON.stringify(body),
    }).then((r) => r.json());

  it("answers with URLs served by the emulator that expire after 60 minutes", async () => {
    const body = await generate({ model: "dall-e-2", prompt: "a cat", size: "512x512", n: 2 });
    expect(Object.keys(body)).toEqual(["created", "data"]);
    expect(body.created).toBe(Math.floor(clock / 1000));
    expect(body.data).toHaveLength(2);
    for (const item of body.data) {
      expect(Object.keys(item)).toEqual(["url"]);
      expect(item.url).toMatch(new RegExp(`^${server.url}/images/files/img_[0-9a-f]+$`));
      const image = await fetch(item.url);
      expect(image.headers.get("content-type")).toBe("image/png");
      const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 512, 512]);
    }
    clock += 59 * 60_000;
    expect((await fetch(body.data[0].url)).status).toBe(200);
    clock += 60_001;
    const expired = await fetch(body.data[0].url);
    expect(expired.status).toBe(410);
    expect((await expired.json()).error.message).toMatch(/only valid for 60 minutes/);
    const missing = await fetch(`${server.url}/images/files/img_0000`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error).toMatchObject({ code: "not_found" });
  });

  it("gives dall-e-3 a revised_prompt that elaborates the prompt, with url or b64_json", async () => {
    const url = await generate({ model: "dall-e-3", prompt: "a red kite", size: "1792x1024" });
    expect(Object.keys(url.data[0])).toEqual(["revised_prompt", "url"]);
    expect(url.data[0].revised_prompt).toMatch(/^a red kite, depicted in a vivid/);
    const b64 = await generate({
      model: "dall-e-3",
      prompt: "a red kite",
      size: "1024x1792",
      style: "natural",
      quality: "hd",
      response_format: "b64_json",
    });
    expect(Object.keys(b64.data[0])).toEqual(["b64_json", "revised_prompt"]);
    expect(b64.data[0].revised_prompt).toMatch(/natural.*fine detail/);
    const meta = await sharp(bytesOf(b64.data[0].b64_json)).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1792]);
  });

  it("gives dall-e-2 no revised_prompt", async () => {
    const body = await generate({ prompt: "a cat", size: "256x256", response_format: "b64_json" });
    expect(Object.keys(body.data[0])).toEqual(["b64_json"]);
  });
});
