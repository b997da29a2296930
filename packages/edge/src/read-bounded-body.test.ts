import { describe, expect, it } from "vitest";
import { readBoundedBody } from "./read-bounded-body";

function chunked(parts: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const part of parts) controller.enqueue(encoder.encode(part));
      controller.close();
    },
  });
}

const post = (body: BodyInit, headers: Record<string, string> = {}) =>
  new Request("http://proxy.test/", {
    method: "POST",
    body,
    headers,
    duplex: "half",
  } as RequestInit);

describe("readBoundedBody", () => {
  it("reads a body at the limit and refuses one byte more", async () => {
    expect(await readBoundedBody(post("x".repeat(10)), 10)).toEqual({
      ok: true,
      text: "x".repeat(10),
    });
    expect(await readBoundedBody(post("x".repeat(11)), 10)).toEqual({
      ok: false,
      reason: "too_large",
    });
  });

  it("counts the bytes of a chunked body, whatever content-length claims", async () => {
    expect(await readBoundedBody(post(chunked(["12345", "67890", "1"])), 10)).toEqual({
      ok: false,
      reason: "too_large",
    });
    const lying = { headers: new Headers({ "content-length": "3" }), body: chunked(["123456"]) };
    expect(await readBoundedBody(lying, 5)).toEqual({ ok: false, reason: "too_large" });
  });

  it("cancels a body past the drain limit without reading the rest", async () => {
    let cancelled = false;
    let pulls = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls++;
        controller.enqueue(new Uint8Array(1000));
      },
      cancel() {
        cancelled = true;
      },
    });
    const result = await readBoundedBody({ headers: new Headers(), body: endless }, 10, 5000);
    expect(result).toEqual({ ok: false, reason: "too_large" });
    expect(cancelled).toBe(true);
    expect(pulls).toBeLessThan(10);
  });

  it("refuses early on a declared content-length over the drain limit", async () => {
    let pulled = false;
    const body = new ReadableStream<Uint8Array>(
      {
        pull() {
          pulled = true;
        },
      },
      { highWaterMark: 0 },
    );
    const source = { headers: new Headers({ "content-length": "999999" }), body };
    expect(await readBoundedBody(source, 10, 100)).toEqual({ ok: false, reason: "too_large" });
    expect(pulled).toBe(false);
  });

  it("throws on invalid UTF-8", async () => {
    await expect(readBoundedBody(post(new Uint8Array([0x7b, 0xff, 0x7d])), 10)).rejects.toThrow();
  });
});
