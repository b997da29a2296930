/**
 * Upstream response headers a client may see; everything else (cookies, org names) stays in
 * the Worker. The proxy copies these, and CORS exposes the same list, so a cross-origin page
 * reads what a same-origin one does: `x-should-retry` above all, which tells the client not to
 * retry a request that may already be billed.
 */
export const PASSED_RESPONSE_HEADERS = [
  "content-type",
  "x-request-id",
  "openai-processing-ms",
  "openai-version",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
  "x-ratelimit-limit-requests",
  "x-ratelimit-remaining-requests",
  "x-ratelimit-reset-requests",
  "x-ratelimit-limit-tokens",
  "x-ratelimit-remaining-tokens",
  "x-ratelimit-reset-tokens",
];

// content-type is CORS-safelisted: readable without being exposed.
const EXPOSED_HEADERS = PASSED_RESPONSE_HEADERS.filter((name) => name !== "content-type").join(
  ", ",
);

/** The outcome of checking a request's `Origin`. */
export type CorsDecision =
  | { allowed: true; headers: Headers }
  | { allowed: false; headers: Headers; origin: string };

/**
 * Decides whether a request's origin may use the proxy and builds the CORS headers for the
 * answer. A request without `Origin` (curl, a server) is not a browser's cross-origin request
 * and passes; the Worker's own origin always passes; others must be listed (or `"*"`).
 * `Vary: Origin` goes on every answer so a cache never serves one origin's headers to another.
 */
export function decideCors(
  request: Request,
  allowedOrigins: readonly string[] | "*",
): CorsDecision {
  const headers = new Headers({ vary: "Origin" });
  const origin = request.headers.get("origin");
  if (origin === null) return { allowed: true, headers };
  const own = new URL(request.url).origin;
  const listed = allowedOrigins === "*" || allowedOrigins.includes(origin);
  if (origin !== own && !listed) return { allowed: false, headers, origin };
  // The origin is echoed rather than "*" so the answer stays valid if credentials are ever sent.
  headers.set("access-control-allow-origin", origin);
  headers.set("access-control-expose-headers", EXPOSED_HEADERS);
  return { allowed: true, headers };
}

/** Adds the preflight answer's headers: POST only, with the two headers the client sends. */
export function addPreflightHeaders(headers: Headers): Headers {
  headers.set("access-control-allow-methods", "POST, OPTIONS");
  headers.set("access-control-allow-headers", "authorization, content-type");
  headers.set("access-control-max-age", "86400");
  return headers;
}
