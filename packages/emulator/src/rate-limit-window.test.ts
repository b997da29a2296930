import { describe, expect, it } from "vitest";
import { formatDuration, RateLimitWindow } from "./rate-limit-window";

describe("RateLimitWindow", () => {
  it("counts down within a minute and refills after it", () => {
    let now = 1_000_000;
    const window = new RateLimitWindow({ requests: 3, tokens: 1000 }, () => now);
    window.record(400);
    window.record(100);
    expect(window.headers()).toMatchObject({
      "x-ratelimit-limit-requests": "3",
      "x-ratelimit-remaining-requests": "1",
      "x-ratelimit-remaining-tokens": "500",
      "x-ratelimit-reset-requests": "1m0s",
    });
    now += 60_000;
    expect(window.headers()["x-ratelimit-remaining-requests"]).toBe("3");
  });

  it("formats durations as the API does", () => {
    expect([formatDuration(20), formatDuration(1500), formatDuration(90_500)]).toEqual([
      "20ms",
      "1.5s",
      "1m30.5s",
    ]);
  });
});
