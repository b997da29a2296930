// Runs in both projects (vitest.config.ts): the library build decodes with Node's Buffer when
// there is one; the web build (the `browser` condition) never looks for it, and both give the same
// bytes.
import { afterEach, expect, inject, it } from "vitest";
import { decodeBase64 } from "./base64";

const realBuffer = globalThis.Buffer;
afterEach(() => {
  globalThis.Buffer = realBuffer;
});

it(`decodes base64 ${inject("build") === "node" ? "with Buffer" : "without looking for Buffer"}`, () => {
  let calls = 0;
  const counting = Object.assign(Object.create(realBuffer), {
    from: (...args: Parameters<typeof realBuffer.from>) => {
      calls++;
      return realBuffer.from(...args);
    },
  });
  globalThis.Buffer = counting;
  expect(Array.from(decodeBase64("iVBORw0KGgo="))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  expect(calls).toBe(inject("build") === "node" ? 1 : 0);
});
