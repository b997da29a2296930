import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ImageRequestValidationError,
  ModerationBlockedError,
  RateLimitError,
  StreamTruncatedError,
  TimeoutError,
} from "@easel/browser";
import { describe, expect, it } from "vitest";
import { describeError } from "./describe-error";

const headers = (init: Record<string, string>) => new Headers({ "x-request-id": "req_9", ...init });

describe("describeError", () => {
  it("asks for a token on a 401, with the request id", () => {
    const message = describeError(
      new AuthenticationError({
        status: 401,
        message: "Missing bearer token.",
        headers: headers({}),
      }),
    );
    expect(message).toMatchObject({
      title: "Not authorized (401)",
      needsToken: true,
      requestId: "req_9",
    });
  });

  it("says how long to wait on a 429", () => {
    const wait = describeError(
      new RateLimitError({
        status: 429,
        message: "Slow down",
        headers: headers({ "retry-after": "6.5" }),
      }),
    );
    expect(wait.title).toBe("Too many requests (429)");
    expect(wait.detail).toContain("Try again in 7 s");
    const noWait = describeError(new RateLimitError({ status: 429, message: "Slow down" }));
    expect(noWait.detail).toContain("Wait a moment");
  });

  it("asks for a new prompt on a moderation refusal, not a retry", () => {
    const message = describeError(
      new ModerationBlockedError({
        status: 400,
        message: "Your request was rejected by the safety system.",
        code: "moderation_blocked",
      }),
    );
    expect(message.title).toBe("Refused by the safety system");
    expect(message.detail).toContain("Rephrase the prompt");
  });

  it("shows the server's own words for another refusal", () => {
    const message = describeError(
      new BadRequestError({
        status: 400,
        message: "Model 'dall-e-3' is not allowed by this proxy.",
        error: { message: "Model 'dall-e-3' is not allowed by this proxy." },
      }),
    );
    expect(message).toMatchObject({
      title: "The server refused the request (400)",
      detail: "Model 'dall-e-3' is not allowed by this proxy.",
    });
  });

  it("lists every validation issue", () => {
    const message = describeError(
      new ImageRequestValidationError([
        {
          param: "size",
          code: "invalid_value",
          type: "invalid_request_error",
          message: "Bad size.",
        },
        {
          param: "prompt",
          code: "empty_string",
          type: "invalid_request_error",
          message: "No prompt.",
        },
      ]),
    );
    expect(message).toEqual({ title: "Check the request", detail: "Bad size. No prompt." });
  });

  it("words the transport failures for a person", () => {
    expect(describeError(new AbortError()).title).toBe("Stopped");
    expect(describeError(new TimeoutError(1000)).title).toBe("No answer");
    expect(describeError(new ConnectionError("refused", { requestSent: false })).title).toBe(
      "Could not reach the server",
    );
    const truncated = describeError(
      new StreamTruncatedError({ partialImages: [], completedImages: [], expectedImages: 1 }),
    );
    expect(truncated.detail).toContain("0 previews arrived");
    expect(describeError(new Error("boom"))).toEqual({
      title: "Something went wrong",
      detail: "boom",
    });
  });
});
