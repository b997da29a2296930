import { afterEach, describe, expect, it } from "vitest";
import { decodeBase64, decodeWithAtob, encodeBase64 } from "./base64";
import { EaselError } from "./errors/easel-error";
import { createGeneratedImage, sniffMimeType } from "./generated-image";
import { JPEG_B64, PNG_B64, WEBP_B64 } from "./test-support";

// Hides Buffer so the code takes the browser's path (Node 20 has no Uint8Array.fromBase64).
const realBuffer = globalThis.Buffer;
function withoutBuffer<T>(fn: () => T): T {
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  try {
    return fn();
  } finally {
    globalThis.Buffer = realBuffer;
  }
}
afterEach(() => {
  globalThis.Buffer = realBuffer;
});

describe("sniffMimeType", () => {
  it.each([
    ["PNG", PNG_B64, "image/png"],
    ["JPEG", JPEG_B64, "image/jpeg"],
    ["WebP", WEBP_B64, "image/webp"],
  ])("recognises %s", (_, b64, mime) => {
    expect(sniffMimeType(b64)).toBe(mime);
  });

  it("returns undefined for unknown or empty data", () => {
    expect(sniffMimeType(encodeBase64(new TextEncoder().encode("GIF89a......")))).toBeUndefined();
    expect(sniffMimeType("")).toBeUndefined();
  });

  it("returns undefined rather than throwing for data atob refuses", () => {
    expect(withoutBuffer(() => sniffMimeType("%%%%"))).toBeUndefined();
    expect(withoutBuffer(() => sniffMimeType("a"))).toBeUndefined();
    expect(withoutBuffer(() => sniffMimeType(PNG_B64))).toBe("image/png");
  });
});

describe("createGeneratedImage", () => {
  it("takes mimeType and extension from output_format over the bytes", () => {
    const image = createGeneratedImage({ b64_json: PNG_B64 }, "jpeg");
    expect(image.mimeType).toBe("image/jpeg");
    expect(image.extension).toBe("jpeg");
    expect(createGeneratedImage({ b64_json: PNG_B64 }, "webp").extension).toBe("webp");
  });

  it("sniffs the magic bytes without output_format", () => {
    expect(createGeneratedImage({ b64_json: JPEG_B64 }).mimeType).toBe("image/jpeg");
    expect(createGeneratedImage({ b64_json: WEBP_B64 }).mimeType).toBe("image/webp");
    expect(createGeneratedImage({ b64_json: PNG_B64 }).mimeType).toBe("image/png");
  });

  it("sniffs when output_format is not a known format", () => {
    expect(createGeneratedImage({ b64_json: JPEG_B64 }, "gif").mimeType).toBe("image/jpeg");
  });

  it("falls back to PNG (dall-e's format) for URLs and unknown bytes", () => {
    expect(createGeneratedImage({ url: "https://example.com/a.png" }).mimeType).toBe("image/png");
    expect(createGeneratedImage({ b64_json: "AAAA" }).mimeType).toBe("image/png");
  });

  it("decodes bytes once and returns the same instance afterwards", () => {
    const image = createGeneratedImage({ b64_json: PNG_B64, revised_prompt: "a red kite" });
    const first = image.bytes();
    expect(first).toBeInstanceOf(Uint8Array);
    expect(Array.from(first.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(image.bytes()).toBe(first);
    expect(image.revisedPrompt).toBe("a red kite");
    expect(image.b64_json).toBe(PNG_B64);
    expect(image.url).toBeUndefined();
  });

  it("decodes the same bytes on the atob path as with Buffer", () => {
    const withBuffer = Array.from(createGeneratedImage({ b64_json: PNG_B64 }).bytes());
    const viaAtob = withoutBuffer(() =>
      Array.from(createGeneratedImage({ b64_json: PNG_B64 }).bytes()),
    );
    expect(viaAtob).toEqual(withBuffer);
    expect(Array.from(decodeWithAtob(PNG_B64))).toEqual(withBuffer);
  });

  it("throws an easel error (not the runtime's) for base64 atob refuses", () => {
    const error = withoutBuffer(() => {
      const image = createGeneratedImage({ b64_json: "%%%%" });
      expect(image.mimeType).toBe("image/png");
      try {
        image.bytes();
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/base64/);
  });

  it("throws an easel error that says what to do for a URL image", () => {
    const image = createGeneratedImage({ url: "https://example.com/a.png" });
    expect(() => image.bytes()).toThrow(/image\.url/);
    try {
      image.bytes();
    } catch (error) {
      expect(EaselError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/b64_json/);
    }
  });
});

describe("base64", () => {
  it("round-trips bytes through encodeBase64 and decodeBase64 on every path", () => {
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) & 0xff);
    const b64 = encodeBase64(bytes);
    expect(Array.from(decodeBase64(b64))).toEqual(Array.from(bytes));
    const viaBrowser = withoutBuffer(() => encodeBase64(bytes));
    expect(viaBrowser).toBe(b64);
    expect(withoutBuffer(() => Array.from(decodeBase64(b64)))).toEqual(Array.from(bytes));
  });
});
