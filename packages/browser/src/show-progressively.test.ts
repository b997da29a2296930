import { afterEach, describe, expect, it } from "vitest";
import { openTestPage, type TestPage } from "../test/harness";
import { createEventChannel } from "../test/loopback-server";
import { makePng } from "../test/png";

const b64 = (w: number, h: number, rgb: [number, number, number]) =>
  makePng(w, h, rgb).toString("base64");
const fields = {
  background: "opaque",
  created_at: 1,
  output_format: "png",
  quality: "low",
  size: "1024x1024",
};
const partial = (index: number, w: number, h: number) => ({
  type: "image_generation.partial_image",
  ...fields,
  partial_image_index: index,
  b64_json: b64(w, h, [40 * index, 120, 200]),
});
const usage = {
  input_tokens: 10,
  output_tokens: 472,
  total_tokens: 482,
  input_tokens_details: { text_tokens: 10, image_tokens: 0 },
};
const completed = (w: number, h: number) => ({
  type: "image_generation.completed",
  ...fields,
  usage,
  b64_json: b64(w, h, [250, 200, 0]),
});

// What the page's <img id="img"> shows, once that image has loaded.
async function shown(t: TestPage, width: number) {
  await t.page.waitForFunction((w) => {
    const img = document.getElementById("img") as HTMLImageElement;
    return img.complete && img.naturalWidth === w;
  }, width);
  return t.page.evaluate(() => (document.getElementById("img") as HTMLImageElement).src);
}

// Starts a streamed generation through showProgressively; the outcome lands in window.outcome.
async function start(t: TestPage) {
  await t.page.evaluate(() => {
    const { easel } = window;
    const img = document.getElementById("img") as HTMLImageElement;
    window.seen = [];
    const client = easel.createImagesClient({ baseURL: "/api" });
    window.outcome = client.images
      .generate({ model: "gpt-image-2", prompt: "a kite", stream: true, partial_images: 2 })
      .then((stream) =>
        easel.showProgressively(img, stream, {
          onImage: (event, url) => (window.seen as string[]).push(`${event.type} ${url}`),
        }),
      )
      .then(
        (r) => ({
          ok: true,
          images: r.images.length,
          partials: r.partialImages.length,
          usage: r.usage,
          requestId: r.requestId,
        }),
        (error: Error) => ({ ok: false, name: error.name, message: error.message }),
      );
  });
}

const canFetch = (t: TestPage, url: string) =>
  t.page.evaluate(
    (u) =>
      fetch(u).then(
        (r) => r.ok,
        () => false,
      ),
    url,
  );

describe("showProgressively in Chromium", () => {
  let t: TestPage | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("shows each partial as it arrives, revokes the one before, then the final image", async () => {
    const channel = createEventChannel();
    t = await openTestPage({ "POST /api/images/generations": channel.handler });
    await start(t);
    await channel.connection;

    channel.send(partial(0, 16, 8));
    const first = await shown(t, 16);
    expect(first.startsWith("blob:")).toBe(true);
    expect(await t.page.evaluate(() => window.revoked)).toEqual([]);

    // The stream is still open: the second partial replaces the first, which is freed.
    channel.send(partial(1, 32, 16));
    const second = await shown(t, 32);
    expect(second).not.toBe(first);
    expect(await t.page.evaluate(() => window.revoked)).toEqual([first]);
    expect(await canFetch(t, first)).toBe(false);

    channel.send(completed(64, 48));
    channel.end();
    const outcome = await t.page.evaluate(() => window.outcome);
    expect(outcome).toEqual({
      ok: true,
      images: 1,
      partials: 2,
      usage,
      requestId: "req_browser_test",
    });
    const final = await shown(t, 64);
    expect(await t.page.evaluate(() => window.revoked)).toEqual([first, second]);
    expect(await t.page.evaluate(() => window.seen)).toEqual([
      `image_generation.partial_image ${first}`,
      `image_generation.partial_image ${second}`,
      `image_generation.completed ${final}`,
    ]);
    // The image on screen stays valid until released.
    expect(await canFetch(t, final)).toBe(true);
    await t.page.evaluate(() =>
      window.easel.releaseImage(document.getElementById("img") as HTMLImageElement),
    );
    expect(await t.page.evaluate(() => window.revoked)).toEqual([first, second, final]);
    expect(await canFetch(t, final)).toBe(false);
  });

  it("rejects with the stream's error and keeps the last partial on screen", async () => {
    const channel = createEventChannel();
    t = await openTestPage({ "POST /api/images/generations": channel.handler });
    await start(t);
    await channel.connection;
    channel.send(partial(0, 16, 8));
    const first = await shown(t, 16);
    channel.send({
      type: "error",
      error: {
        type: "image_generation_user_error",
        code: "moderation_blocked",
        message: "Your request was rejected by the safety system.",
        param: null,
      },
      sequence_number: 1,
    });
    channel.end();
    const outcome = (await t.page.evaluate(() => window.outcome)) as { ok: boolean; name: string };
    expect(outcome).toMatchObject({ ok: false, name: "ModerationBlockedError" });
    expect(await shown(t, 16)).toBe(first);
    expect(await canFetch(t, first)).toBe(true);
  });

  it("rejects a stream that ends before the final image", async () => {
    const channel = createEventChannel();
    t = await openTestPage({ "POST /api/images/generations": channel.handler });
    await start(t);
    await channel.connection;
    channel.send(partial(0, 16, 8));
    await shown(t, 16);
    channel.end();
    const outcome = await t.page.evaluate(() => window.outcome);
    expect(outcome).toMatchObject({ ok: false, name: "StreamTruncatedError" });
  });

  it("frees the previous generation's final image when the element gets a new one", async () => {
    const channels = [createEventChannel(), createEventChannel()];
    let call = 0;
    t = await openTestPage({
      "POST /api/images/generations": (req, res, body) => channels[call++]!.handler(req, res, body),
    });
    await start(t);
    await channels[0]!.connection;
    channels[0]!.send(completed(64, 48));
    channels[0]!.end();
    await t.page.evaluate(() => window.outcome);
    const firstFinal = await shown(t, 64);

    await start(t);
    await channels[1]!.connection;
    channels[1]!.send(partial(0, 16, 8));
    await shown(t, 16);
    expect(await t.page.evaluate(() => window.revoked)).toEqual([firstFinal]);
    channels[1]!.send(completed(64, 48));
    channels[1]!.end();
    expect(await t.page.evaluate(() => window.outcome)).toMatchObject({ ok: true });
  });
});
