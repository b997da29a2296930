import { afterEach, describe, expect, it } from "vitest";
import { openTestPage, type TestPage } from "../test/harness";
import { makePng } from "../test/png";

const PNG = makePng(40, 30, [10, 160, 90]);
const B64 = PNG.toString("base64");

describe("toBlob and toObjectURL in Chromium", () => {
  let t: TestPage | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it("makes a Blob of the image's bytes and type, decoded with Uint8Array.fromBase64", async () => {
    t = await openTestPage();
    const result = await t.page.evaluate(async (b64) => {
      const native = (Uint8Array as unknown as { fromBase64: (s: string) => Uint8Array })
        .fromBase64;
      let calls = 0;
      (Uint8Array as unknown as { fromBase64: unknown }).fromBase64 = (s: string) => {
        calls++;
        return native(s);
      };
      const { easel } = window;
      const blob = easel.toBlob({ bytes: () => easel.decodeBase64(b64), mimeType: "image/png" });
      return {
        type: blob.type,
        bytes: Array.from(new Uint8Array(await blob.arrayBuffer())),
        calls,
      };
    }, B64);
    expect(result.type).toBe("image/png");
    expect(Buffer.from(result.bytes).equals(PNG)).toBe(true);
    expect(result.calls).toBe(1);
  });

  it("decodes with atob where Uint8Array.fromBase64 is missing", async () => {
    t = await openTestPage({}, "delete Uint8Array.fromBase64;");
    const bytes = await t.page.evaluate(async (b64) => {
      const { easel } = window;
      const present = "fromBase64" in Uint8Array;
      const blob = easel.toBlob({ bytes: () => easel.decodeBase64(b64), mimeType: "image/png" });
      return { present, bytes: Array.from(new Uint8Array(await blob.arrayBuffer())) };
    }, B64);
    expect(bytes.present).toBe(false);
    expect(Buffer.from(bytes.bytes).equals(PNG)).toBe(true);
  });

  it("gives an object URL an <img> can show, freed by revoke()", async () => {
    t = await openTestPage();
    const result = await t.page.evaluate(async (b64) => {
      const { easel } = window;
      const object = easel.toObjectURL({
        bytes: () => easel.decodeBase64(b64),
        mimeType: "image/png",
      });
      const img = document.getElementById("img") as HTMLImageElement;
      img.src = object.url;
      await img.decode();
      const size = `${img.naturalWidth}x${img.naturalHeight}`;
      object.revoke();
      object.revoke();
      const afterRevoke = await fetch(object.url).then(
        () => "fetched",
        () => "failed",
      );
      return { url: object.url, size, afterRevoke, revoked: window.revoked };
    }, B64);
    expect(result.url.startsWith("blob:")).toBe(true);
    expect(result.size).toBe("40x30");
    expect(result.afterRevoke).toBe("failed");
    // Revoking twice calls the browser once.
    expect(result.revoked).toEqual([result.url]);
  });
});
