const encoder = new TextEncoder();

interface SubtleWithTimingSafeEqual {
  timingSafeEqual?: (a: ArrayBuffer | ArrayBufferView, b: ArrayBuffer | ArrayBufferView) => boolean;
}

/**
 * Compares two secrets in time that does not depend on where they differ. Both are hashed
 * with SHA-256 first, so the comparison is always over 32 bytes and even the length of the
 * expected token does not leak; then Workers' `crypto.subtle.timingSafeEqual` when present,
 * an XOR loop otherwise.
 */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([
    crypto.subtle.digest("SHA-256", encoder.encode(given)),
    crypto.subtle.digest("SHA-256", encoder.encode(expected)),
  ]);
  const native = (crypto.subtle as unknown as SubtleWithTimingSafeEqual).timingSafeEqual;
  if (typeof native === "function") return native.call(crypto.subtle, a, b);
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  let diff = 0;
  for (let i = 0; i < x.length; i++) diff |= x[i]! ^ y[i]!;
  return diff === 0;
}
