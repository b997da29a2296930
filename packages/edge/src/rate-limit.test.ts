import { describe, expect, it } from "vitest";
import { createMemoryRateLimiter } from "./rate-limit";

describe("createMemoryRateLimiter", () => {
  it("allows `limit` requests per key per period, then says when to retry", async () => {
    let now = 1_000_000;
    const limiter = createMemoryRateLimiter({ limit: 2, period: 10, now: () => now });
    expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
    expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
    now += 2_500;
    expect(await limiter.limit({ key: "a" })).toEqual({ success: false, retryAfter: 8 });
    // Other clients have their own window.
    expect(await limiter.limit({ key: "b" })).toEqual({ success: true });
    now += 7_500;
    expect(await limiter.limit({ key: "a" })).toEqual({ success: true });
  });

  it("keeps at most maxKeys windows, dropping the oldest", async () => {
    const now = 0;
    const limiter = createMemoryRateLimiter({ limit: 1, period: 60, maxKeys: 2, now: () => now });
    await limiter.limit({ key: "a" });
    await limiter.limit({ key: "b" });
    await limiter.limit({ key: "c" });
    // "a" was forgotten, so it starts a new window; "c" is still counted.
    expect((await limiter.limit({ key: "a" })).success).toBe(true);
    expect((await limiter.limit({ key: "c" })).success).toBe(false);
  });
});
