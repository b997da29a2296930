/** A flag value that could not be read, named by its flag. */
export interface FlagIssue {
  flag: string;
  message: string;
}

/**
 * A whole number, strictly: `"3"` and `"+3"` pass; `"3.5"`, `"3abc"`, `""` and `"abc"` do not
 * (unlike `parseInt`, which reads `"3abc"` as 3).
 *
 * @example
 * ```ts
 * parseInteger("--n", "2"); // { ok: true, value: 2 }
 * parseInteger("--n", "abc"); // { ok: false, issue: { flag: "--n", message: "..." } }
 * ```
 */
export function parseInteger(
  flag: string,
  text: string,
): { ok: true; value: number } | { ok: false; issue: FlagIssue } {
  if (/^[+-]?\d{1,15}$/.test(text.trim())) return { ok: true, value: Number(text.trim()) };
  return {
    ok: false,
    issue: { flag, message: `expected a whole number, got ${JSON.stringify(text)}.` },
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A duration in milliseconds: a bare number is milliseconds; `ms`, `s`, `m` and `h` are
 * accepted as units (`90s`, `10m`, `1.5h`).
 *
 * @example
 * ```ts
 * parseDuration("--timeout", "15m"); // { ok: true, value: 900000 }
 * ```
 */
export function parseDuration(
  flag: string,
  text: string,
): { ok: true; value: number } | { ok: false; issue: FlagIssue } {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(text.trim());
  const value = match
    ? Math.round(Number(match[1]) * UNITS[(match[2] ?? "ms").toLowerCase()]!)
    : NaN;
  if (Number.isFinite(value) && value > 0) return { ok: true, value };
  return {
    ok: false,
    issue: {
      flag,
      message: `expected a duration above zero such as 600000, 90s, 10m or 1h, got ${JSON.stringify(text)}.`,
    },
  };
}

/**
 * One `NAME=VALUE` (or `NAME: VALUE`) request header.
 *
 * @example
 * ```ts
 * parseHeader("--header", "x-emulator-fault=rate-limit"); // { ok: true, value: ["x-emulator-fault", "rate-limit"] }
 * ```
 */
export function parseHeader(
  flag: string,
  text: string,
): { ok: true; value: [string, string] } | { ok: false; issue: FlagIssue } {
  const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*[=:]\s*(.*)$/.exec(text);
  if (match) return { ok: true, value: [match[1]!, match[2]!] };
  // The value is not echoed: a header can hold a credential.
  return {
    ok: false,
    issue: { flag, message: "expected NAME=VALUE (for example x-trace-id=abc)." },
  };
}
