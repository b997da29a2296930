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
// "data-for keys" -> inner HTML. A failure gets the first text, in document order, whose keys
// hold its name or "Error" (main.ts asks for both with one querySelector).
const { readFileSync } = process.getBuiltinModule("node:fs");
const html = readFileSync(new URL("./index.html", import.meta.url), "utf8");
const template = /<template id="texts">([\s\S]*?)<\/template>/.exec(html)![1]!;
const texts = [...template.matchAll(/<p data-for="([^"]+)">(.*?)<\/p>/g)].map(
  ([, keys, inner]) => ({ keys: keys!.split(" "), inner: inner! }),
);
/** What the alert shows for `text`: the page's words with the slots filled, tags dropped. */
function shown(text: ErrorText): string {
  const words = texts.find((t) => t.keys.includes(text.name ?? "") || t.keys.includes("Error"));
  if (!words) throw new Error(`index.html has no words for ${text.name} nor Error`);
  return words.inner
    .replace(
      /<slot name="(\w+)">(.*?)<\/slot>/g,
      (_, name: string, fallback: string) => `${text[name as keyof ErrorText] || fallback}`,
    )
    .replace(/<[^>]+>/g, "");
}

describe("the page's words", () => {
  it("has words for every status main.ts shows, and the general words last", () => {
    // main.ts falls back to the text keyed "Error" for a key index.html lacks: a missing
    // status text would show as "Something went wrong".
    const main = readFileSync(new URL("./main.ts", import.meta.url), "utf8");
    const shownKeys = [...main.matchAll(/show\(\w+, "(\w+)"/g)].map(([, key]) => key);
    expect(shownKeys).toContain("sending");
    const keys = texts.flatMap((t) => t.keys);
    for (const key of shownKeys) expect(keys).toContain(key);
    expect(texts.at(-1)!.keys).toEqual(["Error"]);
  });
});

describe("describeError", () => {
  it("asks for a token on a 401, with the request id", () => {
    const text = describeError(
      new AuthenticationError({
        status: 401,
        message: "Missing bearer token.",
        headers: headers({}),
      }),
    );
    expect(text.name).toBe("AuthenticationError");
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
    expect(wait.wait).toBe("7 s");
    expect(shown(wait)).toMatch(/^Too many requests \(429\) .*Try again in 7 s\./);
    const noWait = describeError(new RateLimitError({ status: 429, message: "Slow down" }));
    expect(noWait.wait).toBeUndefined();
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
    expect(text.said).toBe(said);
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
    expect(describeError(new AbortError()).name).toBe("AbortError");
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
