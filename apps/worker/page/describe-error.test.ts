import {
  AbortError,
  AuthenticationError,
  BadRequestError,
  ConnectionError,
  ImageRequestValidationError,
  InternalServerError,
  ModerationBlockedError,
  RateLimitError,
  StreamIdleTimeoutError,
  StreamTruncatedError,
  TimeoutError,
} from "@easel/browser";
import { describe, expect, it } from "vitest";
import { describeError, type ErrorText } from "./describe-error";

// The page's tsconfig has no Node types (the page runs in a browser); this test runs in Node.
declare const process: {
  getBuiltinModule(id: "node:fs"): { readFileSync(path: URL, encoding: "utf8"): string };
};

const headers = (init: Record<string, string>) => new Headers({ "x-request-id": "req_9", ...init });

// The words main.ts shows: the <template id="texts"> of index.html, as
// "data-for keys" -> inner HTML. A failure gets the first text whose keys hold one of its
// keys, in document order (main.ts asks for all its keys with one querySelector).
const html = process
  .getBuiltinModule("node:fs")
  .readFileSync(new URL("./index.html", import.meta.url), "utf8");
const template = /<template id="texts">([\s\S]*?)<\/template>/.exec(html)![1]!;
const texts = [...template.matchAll(/<p data-for="([^"]+)">(.*?)<\/p>/g)].map(
  ([, keys, inner]) => ({ keys: keys!.split(" "), inner: inner! }),
);
/** What the alert shows for `text`: the page's words with the slots filled, tags dropped. */
function shown({ keys, fill }: ErrorText): string {
  const text = texts.find((t) => keys.some((key) => key !== undefined && t.keys.includes(key)));
  if (!text) throw new Error(`index.html has no words for ${keys.join(", ")}`);
  return text.inner
    .replace(
      /<slot name="(\w+)">(.*?)<\/slot>/g,
      (_, name: string, fallback: string) => fill[name as keyof typeof fill] || fallback,
    )
    .replace(/<[^>]+>/g, "");
}

describe("describeError", () => {
  it("asks for a token on a 401, with the request id", () => {
    const text = describeError(
      new AuthenticationError({
        status: 401,
        message: "Missing bearer token.",
        headers: headers({}),
      }),
    );
    expect(text.keys[0]).toBe("AuthenticationError");
    expect(text.requestId).toBe("req_9");
    expect(shown(text)).toMatch(/^Not authorized \(401\) .*access token/);
  });

  it("says how long to wait on a 429", () => {
    const wait = describeError(
      new RateLimitError({
        status: 429,
        message: "Slow down",
        headers: headers({ "retry-after": "6.5" }),
      }),
    );
    expect(wait.fill.wait).toBe("7 s");
    expect(shown(wait)).toMatch(/^Too many requests \(429\) .*Try again in 7 s\./);
    const noWait = describeError(new RateLimitError({ status: 429, message: "Slow down" }));
    expect(noWait.fill.wait).toBeUndefined();
    expect(shown(noWait)).toContain("Try again in a moment.");
  });

  it("asks for a new prompt on a moderation refusal, not a retry", () => {
    const text = describeError(
      new ModerationBlockedError({
        status: 400,
        message: "Your request was rejected by the safety system.",
        code: "moderation_blocked",
      }),
    );
    expect(shown(text)).toMatch(/^Refused by the safety system .*Rephrase the prompt/);
  });

  it("shows the server's own words for another refusal", () => {
    const said = "Model 'dall-e-3' is not allowed by this proxy.";
    const text = describeError(
      new BadRequestError({ status: 400, message: said, error: { message: said } }),
    );
    expect(text.fill.said).toBe(said);
    expect(shown(text)).toBe(`The server refused the request ${said}`);
    const failed = describeError(
      new InternalServerError({ status: 500, message: "x", error: { message: "Upstream down." } }),
    );
    expect(shown(failed)).toBe("The server refused the request Upstream down.");
  });

  it("lists every validation issue", () => {
    const text = describeError(
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
    expect(shown(text)).toMatch(/^Check the request .*size: Bad size\..*prompt: No prompt\./s);
  });

  it("words the transport failures for a person", () => {
    expect(describeError(new AbortError()).keys[0]).toBe("AbortError");
    expect(shown(describeError(new AbortError()))).toMatch(/^Stopped\./);
    expect(shown(describeError(new TimeoutError(1000)))).toMatch(/^No answer /);
    expect(shown(describeError(new StreamIdleTimeoutError(1000)))).toMatch(/^No answer /);
    expect(shown(describeError(new ConnectionError("refused", { requestSent: false })))).toMatch(
      /^Could not reach the server /,
    );
    const truncated = describeError(
      new StreamTruncatedError({ partialImages: [], completedImages: [], expectedImages: 1 }),
    );
    expect(shown(truncated)).toMatch(/^The stream ended early .*before the final image/);
    expect(shown(describeError(new Error("boom")))).toBe("Something went wrong boom");
    expect(shown(describeError("boom"))).toBe("Something went wrong boom");
  });
});
