import { describe, expect, it } from "vitest";
import { base64Chunks, base64Length } from "./base64-chunks";
import { jsonWithBase64 } from "./json-with-base64";

const text = (chunks: Iterable<Uint8Array>) =>
  [...chunks].map((chunk) => new TextDecoder().decode(chunk)).join("");

describe("base64Chunks", () => {
  it("matches Buffer's base64 for every length and chunk size", () => {
    for (let length = 0; length < 40; length++) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 73 + 11) & 255);
      for (const chunk of [3, 6, 7, 30]) {
        expect(text(base64Chunks(bytes, chunk))).toBe(Buffer.from(bytes).toString("base64"));
      }
      expect(base64Length(length)).toBe(Buffer.from(bytes).toString("base64").length);
    }
  });
});

describe("jsonWithBase64", () => {
  it("writes the same JSON as JSON.stringify with the base64 inline", () => {
    const png = Uint8Array.from([137, 80, 78, 71, 1, 2, 3]);
    const out = text(
      jsonWithBase64((ref) => ({ data: [{ b64_json: ref(png), revised_prompt: 'say "x' }] })),
    );
    expect(JSON.parse(out)).toEqual({
      data: [{ b64_json: Buffer.from(png).toString("base64"), revised_prompt: 'say "x' }],
    });
  });
});
