import { describe, expect, it } from "vitest";
import { redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  it("removes the exact secret and anything shaped like a key", () => {
    const out = redactSecrets("key my-secret-value and sk-proj-abc****xyz1, risk-free", [
      "my-secret-value",
      undefined,
    ]);
    expect(out).toBe("key [redacted] and sk-[redacted], risk-free");
  });
});
