import { USE_NODE_BUFFER } from "./node-buffer";

type Base64Host = {
  Buffer?: { from(data: string, encoding: "base64"): Uint8Array };
};
type FromBase64 = (text: string) => Uint8Array;

/**
 * Decodes base64 to bytes with the fastest method the runtime has: `Buffer` in Node,
 * `Uint8Array.fromBase64` in recent browsers, `atob` elsewhere (FACTS §8). Core's web build
 * (the `browser` condition) skips the `Buffer` check.
 *
 * @example
 * ```ts
 * decodeBase64("iVBORw0KGgo="); // Uint8Array [137, 80, 78, 71, 13, 10, 26, 10]
 * ```
 */
export function decodeBase64(text: string): Uint8Array {
  // Read at call time, not import time, so tests and polyfills can swap them. The constant
  // comes first so that the web build, where it is false, loses the Buffer path.
  return (
    (USE_NODE_BUFFER && (globalThis as Base64Host).Buffer?.from(text, "base64")) ||
    (Uint8Array as unknown as { fromBase64?: FromBase64 }).fromBase64?.(text) ||
    decodeWithAtob(text)
  );
}

/** The `atob` path, exported for tests and benchmarks of the browser fallback. */
export function decodeWithAtob(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * Encodes bytes as base64 (the emulator and tests use it).
 *
 * @example
 * ```ts
 * encodeBase64(new Uint8Array([1, 2, 3])); // "AQID"
 * ```
 */
export function encodeBase64(bytes: Uint8Array): string {
  const buffer = (
    globalThis as { Buffer?: { from(b: Uint8Array): { toString(e: "base64"): string } } }
  ).Buffer;
  if (buffer) return buffer.from(bytes).toString("base64");
  const toBase64 = (bytes as unknown as { toBase64?: () => string }).toBase64;
  if (toBase64) return toBase64.call(bytes);
  let binary = "";
  // Chunks keep String.fromCharCode's argument count under engine limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}
