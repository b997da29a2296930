/**
 * A URL as it may appear in an error or a log line: origin and path only. Credentials and
 * the query string are dropped (signed image URLs carry tokens there).
 *
 * @example
 * ```ts
 * safeUrl("https://user:pw@files.example/img.png?sig=abc"); // "https://files.example/img.png"
 * safeUrl("not a url"); // "(invalid URL)"
 * ```
 */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.origin}${parsed.pathname}`;
  } catch {
    return "(invalid URL)";
  }
}
