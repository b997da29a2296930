import { describe, expect, it } from "vitest";
import { retryDelayMs, shouldRetryResponse, sleep } from "./retry-policy";
import { rejectionOf } from "./test-support";

const none = new Headers();

describe("shouldRetryResponse", () => {
  it.each([408, 409, 429, 500, 502, 503, 504, 520, 524])("retries %i", (status) => {
    expect(shouldRetryResponse(status, none, null)).toBe(true);
  });

  it.each([400, 401, 403, 404, 422, 501])("does not retry %i", (status) => {
    expect(shouldRetryResponse(status, none, "invalid_request_error")).toBe(false);
  });

  it("follows x-should-retry: false on a retryable status", () => {
    expect(shouldRetryResponse(503, new Headers({ "x-should-retry": "false" }), null)).toBe(false);
    expect(shouldRetryResponse(429, new Headers({ "x-should-retry": "false" }), null)).toBe(false);
  });

  it("follows x-should-retry: true on a status it would not retry", () => {
    expect(shouldRetryResponse(400, new Headers({ "x-should-retry": "true" }), null)).toBe(true);
  });

  it("ignores an x-should-retry value that is neither true nor false", () => {
    expect(shouldRetryResponse(503, new Headers({ "x-should-retry": "maybe" }), null)).toBe(true);
    expect(shouldRetryResponse(400, new Headers({ "x-should-retry": "1" }), null)).toBe(false);
  });

  it("never retries an image_generation_user_error, whatever the status or header", () => {
    const type = "image_generation_user_error";
    expect(shouldRetryResponse(400, none, type)).toBe(false);
    expect(shouldRetryResponse(500, none, type)).toBe(false);
    expect(shouldRetryResponse(429, new Headers({ "x-should-retry": "true" }), type)).toBe(false);
  });
});

describe("retryDelayMs", () => {
  it("uses retry-after-ms first", () => {
    expect(retryDelayMs(new Headers({ "retry-after-ms": "250", "retry-after": "9" }), 0)).toBe(250);
    expect(retryDelayMs(new Headers({ "retry-after-ms": "0" }), 3)).toBe(0);
  });

  it("uses retry-after in seconds, fractions included", () => {
    expect(retryDelayMs(new Headers({ "retry-after": "2" }), 0)).toBe(2000);
    expect(retryDelayMs(new Headers({ "retry-after": "0.05" }), 0)).toBe(50);
  });

  it("reads retry-after as an HTTP date", () => {
    // HTTP dates have whole seconds, so the wait is within a second below the target.
    const date = new Date(Date.now() + 10_000).toUTCString();
    const delay = retryDelayMs(new Headers({ "retry-after": date }), 0);
    expect(delay).toBeGreaterThan(8_000);
    expect(delay).toBeLessThanOrEqual(10_000);
  });

  it("waits 0 for an HTTP date in the past", () => {
    const date = new Date(Date.now() - 60_000).toUTCString();
    expect(retryDelayMs(new Headers({ "retry-after": date }), 0)).toBe(0);
  });

  it("caps the server's wait at 60 s", () => {
    expect(retryDelayMs(new Headers({ "retry-after": "120" }), 0)).toBe(60_000);
    expect(retryDelayMs(new Headers({ "retry-after-ms": "999999" }), 0)).toBe(60_000);
    const date = new Date(Date.now() + 3_600_000).toUTCString();
    expect(retryDelayMs(new Headers({ "retry-after": date }), 0)).toBe(60_000);
  });

  it("falls back to backoff for unusable values", () => {
    const random = () => 0;
    const unusable: Record<string, string>[] = [
      { "retry-after": "soon" },
      { "retry-after": "-5" },
      { "retry-after": "" },
      { "retry-after-ms": "abc" },
      { "retry-after-ms": "-1" },
    ];
    for (const headers of unusable) {
      expect(retryDelayMs(new Headers(headers), 0, random)).toBe(500);
    }
    expect(retryDelayMs(undefined, 0, random)).toBe(500);
  });

  it("backs off exponentially from 0.5 s, capped at 8 s", () => {
    const noJitter = () => 0;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(none, n, noJitter))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it("takes off at most 25% as jitter", () => {
    const max = () => 0.999_999;
    expect(retryDelayMs(none, 0, max)).toBe(375);
    expect(retryDelayMs(none, 4, max)).toBe(6000);
    expect(retryDelayMs(none, 1, () => 0.5)).toBe(875);
    for (let i = 0; i < 1000; i++) {
      const delay = retryDelayMs(none, 2);
      expect(delay).toBeGreaterThanOrEqual(1500);
      expect(delay).toBeLessThanOrEqual(2000);
    }
  });

  it("spreads delays with jitter (not all equal)", () => {
    const delays = new Set(Array.from({ length: 50 }, () => retryDelayMs(none, 3)));
    expect(delays.size).toBeGreaterThan(1);
  });
});

describe("sleep", () => {
  it("resolves after the delay", async () => {
    await expect(sleep(1)).resolves.toBeUndefined();
  });

  it("rejects with the signal's reason when aborted while waiting", async () => {
    const controller = new AbortController();
    const reason = new Error("stop");
    const waiting = sleep(60_000, controller.signal);
    controller.abort(reason);
    expect(await rejectionOf(waiting)).toBe(reason);
  });

  it("rejects at once for a signal that is already aborted", async () => {
    const controller = new AbortController();
    controller.abort("gone");
    expect(await rejectionOf(sleep(60_000, controller.signal))).toBe("gone");
  });
});
