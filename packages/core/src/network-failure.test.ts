// Runs in both projects (vitest.config.ts). Node's build reads undici's error codes along the
// `cause` chain: to tell a failure before sending (safe to retry) from one after, and to name
// the failure. The browser build, where a failed fetch carries no code, treats
// every failure as possibly sent and describes it by its message.
import { describe, expect, inject, it } from "vitest";
import { describeFailure, failedBeforeSending } from "./network-failure";

const fetchFailed = (cause: unknown) => new TypeError("fetch failed", { cause });

if (inject("build") === "node") {
  describe("failedBeforeSending", () => {
    it.each([
      "ECONNREFUSED",
      "ECONNRESET",
      "EPIPE",
      "ENOTFOUND",
      "EAI_AGAIN",
      "ENETUNREACH",
      "EHOSTUNREACH",
      "ENETDOWN",
      "UND_ERR_CONNECT_TIMEOUT",
      "UND_ERR_CONNECT",
    ])("counts %s as not sent", (code) => {
      expect(failedBeforeSending(fetchFailed({ code }))).toBe(true);
    });

    it("finds the code deeper in the cause chain", () => {
      const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
        code: "ECONNREFUSED",
      });
      expect(
        failedBeforeSending(fetchFailed(new AggregateError([inner], "x", { cause: inner }))),
      ).toBe(true);
      expect(failedBeforeSending(fetchFailed({ cause: { cause: { code: "ENOTFOUND" } } }))).toBe(
        true,
      );
    });

    it.each([
      ["UND_ERR_SOCKET (other side closed)", fetchFailed({ code: "UND_ERR_SOCKET" })],
      ["UND_ERR_HEADERS_TIMEOUT", fetchFailed({ code: "UND_ERR_HEADERS_TIMEOUT" })],
      ["UND_ERR_BODY_TIMEOUT", fetchFailed({ code: "UND_ERR_BODY_TIMEOUT" })],
      ["a browser's codeless TypeError", new TypeError("Failed to fetch")],
      ["a numeric code", fetchFailed({ code: 111 })],
      ["a string", "ECONNREFUSED"],
      ["undefined", undefined],
      ["null", null],
    ])("counts %s as possibly sent", (_, error) => {
      expect(failedBeforeSending(error)).toBe(false);
    });

    it("stops on a cause cycle", () => {
      const a: { code: string; cause?: unknown } = { code: "X" };
      a.cause = a;
      expect(failedBeforeSending(a)).toBe(false);
    });
  });

  describe("describeFailure", () => {
    it("adds the codes along the cause chain to the message", () => {
      const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
        code: "ECONNREFUSED",
      });
      expect(describeFailure(fetchFailed(inner))).toBe("fetch failed (ECONNREFUSED)");
      expect(
        describeFailure(fetchFailed({ code: "UND_ERR_SOCKET", cause: { code: "EPIPE" } })),
      ).toBe("fetch failed (UND_ERR_SOCKET, EPIPE)");
    });

    it("is the bare message when there is no code, and never throws on odd values", () => {
      expect(describeFailure(new TypeError("Failed to fetch"))).toBe("Failed to fetch");
      expect(describeFailure("boom")).toBe("boom");
      expect(describeFailure(null)).toBe("null");
    });
  });
} else {
  describe("the web build", () => {
    it.each([
      ["an undici code (never seen in a browser)", fetchFailed({ code: "ECONNREFUSED" })],
      ["a browser's codeless TypeError", new TypeError("Failed to fetch")],
      ["undefined", undefined],
    ])("counts %s as possibly sent", (_, error) => {
      expect(failedBeforeSending(error)).toBe(false);
    });

    it("describes a failure by its message", () => {
      expect(describeFailure(new TypeError("Failed to fetch"))).toBe("Failed to fetch");
      expect(describeFailure(fetchFailed({ code: "ECONNREFUSED" }))).toBe("fetch failed");
      expect(describeFailure(null)).toBe("null");
    });
  });
}
