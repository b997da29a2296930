import { readFile } from "node:fs/promises";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { sharedTestPage, type TestPage } from "../test/harness";
import { makePng } from "../test/png";

const PNG = makePng(20, 20, [90, 20, 160]);

describe("download in Chromium", () => {
  const shared = sharedTestPage();
  let t: TestPage;
  beforeEach(async () => {
    t = await shared.get();
  });
  afterAll(() => shared.close());

  const save = (filename: string | undefined, mimeType: string, extension: string) =>
    Promise.all([
      t.page.waitForEvent("download"),
      t.page.evaluate(
        ({ b64, filename, mimeType, extension }) => {
          const { easel } = window;
          const image = {
            bytes: () => easel.decodeBase64(b64),
            mimeType: mimeType as "image/png",
            extension: extension as "png",
          };
          if (filename === undefined) easel.download(image);
          else easel.download(image, filename);
        },
        { b64: PNG.toString("base64"), filename, mimeType, extension },
      ),
    ]).then(([download]) => download);

  it("saves the image's bytes under the given name, adding the extension", async () => {
    const download = await save("paper-boat", "image/png", "png");
    expect(download.suggestedFilename()).toBe("paper-boat.png");
    expect((await readFile(await download.path())).equals(PNG)).toBe(true);
  });

  it("keeps a name that has an extension, and defaults to image.<ext>", async () => {
    expect((await save("kite.webp", "image/webp", "webp")).suggestedFilename()).toBe("kite.webp");
    expect((await save(undefined, "image/jpeg", "jpeg")).suggestedFilename()).toBe("image.jpeg");
  });

  it("leaves no link behind in the document", async () => {
    await save("x", "image/png", "png");
    expect(await t.page.evaluate(() => document.querySelectorAll("a").length)).toBe(0);
  });
});
