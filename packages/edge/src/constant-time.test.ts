import { describe, expect, it } from "vitest";
import { secretsEqual } from "./constant-time";

describe("secretsEqual", () => {
  it("is true only for identical strings", async () => {
    expect(await secretsEqual("token-1", "token-1")).toBe(true);
    expect(await secretsEqual("token-1", "token-2")).toBe(false);
    expect(await secretsEqual("token-1", "token-1 ")).toBe(false);
    expect(await secretsEqual("", "token-1")).toBe(false);
    expect(await secretsEqual("é", "e\u0301")).toBe(false);
  });
});
