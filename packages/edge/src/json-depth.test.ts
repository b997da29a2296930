import { describe, expect, it } from "vitest";
import { jsonDepthExceeds } from "./json-depth";

describe("jsonDepthExceeds", () => {
  it("counts nesting of arrays and objects", () => {
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 4)).toBe(false);
    expect(jsonDepthExceeds('{"a":[1,{"b":[]}]}', 3)).toBe(true);
    expect(jsonDepthExceeds("[".repeat(100_000), 16)).toBe(true);
  });

  it("ignores brackets inside strings, escaped quotes included", () => {
    expect(jsonDepthExceeds(`{"prompt":"[[[[{{{{ \\" [[[["}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`{"p":"\\\\"}`, 1)).toBe(false);
    expect(jsonDepthExceeds(`{"p":"\\\\","q":[[]]}`, 2)).toBe(true);
  });
});
