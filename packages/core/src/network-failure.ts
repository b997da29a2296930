// How a failed `fetch` is told and described, Node's version. Node's undici puts error codes
// on the `cause` chain of its "fetch failed" TypeError; they say whether the request can have
// reached the API (a retry then cannot bill twice) and they name the failure better than the
// message does.
//
// Browsers report a failed fetch with no code at all ("Failed to fetch"), so core's web build
// (the `browser` condition) puts network-failure.web.ts in place of this file. workerd reports
// none either; it gets this build, where the codes simply never match.

/**
 * Whether this build can tell a failure before sending from one after. Here (Node) it reads
 * undici's codes; in the web build it is `false`, and the bundler drops the messages only a
 * failure before sending would use.
 */
export const TELLS_NOT_SENT = true;

// Network failures that happen before the request can have reached the API: nothing was
// generated, so a retry cannot bill twice. Everything else (a socket closed after the body
// went out, an unknown failure) may have been billed.
const NOT_SENT_CODES = [
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
];

/*
 * The string `code`s of an error and its `cause` chain (Node's undici puts them there), at
 * most five levels deep.
 */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e = error, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string") codes.push(code);
    e = (e as { cause?: unknown }).cause;
  }
  return codes;
}

/**
 * An error's message with the codes along its `cause` chain, which say more than undici's
 * "fetch failed": `fetch failed (ECONNREFUSED)`.
 */
export function describeFailure(error: unknown): string {
  const codes = errorCodes(error).join(", ");
  return `${(error as Error | null | undefined)?.message ?? error}${codes && ` (${codes})`}`;
}

/**
 * Whether a `fetch` rejection happened before the request was delivered. Reads the error
 * codes along the `cause` chain (Node's undici puts them there); a failure with no code (as
 * browsers and workerd report them) counts as possibly delivered, because billing safety comes
 * first. In core's web build (network-failure.web.ts) it is always `false`.
 *
 * @example
 * ```ts
 * failedBeforeSending(new TypeError("fetch failed", { cause: { code: "ECONNREFUSED" } })); // true
 * failedBeforeSending(new TypeError("fetch failed", { cause: { code: "UND_ERR_SOCKET" } })); // false
 * ```
 */
export function failedBeforeSending(error: unknown): boolean {
  return errorCodes(error).some((code) => NOT_SENT_CODES.includes(code));
}
