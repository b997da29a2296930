import type { ValidationIssue } from "@easel/core";

/** The `error` object of an API error body (FACTS §3). */
export interface ProxyErrorDetail {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

/**
 * A JSON response in the API's error shape, `{"error": {message, type, param, code}}`, so a
 * client (easel's or the official SDK) reads the proxy's refusals exactly as the API's own.
 * `issues`, when given, lists every problem (the API reports only the first).
 */
export function apiErrorResponse(
  status: number,
  error: ProxyErrorDetail,
  init: { headers?: Headers; issues?: readonly ValidationIssue[] } = {},
): Response {
  const headers = init.headers ?? new Headers();
  headers.set("content-type", "application/json");
  headers.set("cache-control", "no-store");
  const body = init.issues === undefined ? { error } : { error, issues: init.issues };
  return new Response(JSON.stringify(body), { status, headers });
}
