/** The body as text, or why it was not read. */
export type BoundedBody = { ok: true; text: string } | { ok: false; reason: "too_large" };

/** A request or a response: anything with headers and a body stream. */
export interface BodySource {
  readonly headers: Headers;
  readonly body: ReadableStream<Uint8Array> | null;
}

/**
 * Reads a body as UTF-8 text, refusing it once more than `limit` bytes arrive. Nothing past
 * the limit is kept: `content-length` only allows an early answer (a chunked body has none
 * and a client can lie), so bytes are counted as they come.
 *
 * A refused body is still read and thrown away up to `drainUpTo` bytes: a server that answers
 * before the client has finished sending makes the connection reset, and the client sees a
 * network error instead of the 413. Past `drainUpTo` the stream is cancelled.
 */
export async function readBoundedBody(
  source: BodySource,
  limit: number,
  drainUpTo = limit,
): Promise<BoundedBody> {
  const declared = source.headers.get("content-length");
  const declaredBytes = declared !== null && /^\d+$/.test(declared) ? Number(declared) : undefined;
  if (declaredBytes !== undefined && declaredBytes > drainUpTo) {
    await source.body?.cancel().catch(() => {});
    return { ok: false, reason: "too_large" };
  }
  if (source.body === null) return { ok: true, text: "" };
  const reader = source.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  let tooLarge = declaredBytes !== undefined && declaredBytes > limit;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > drainUpTo) {
      await reader.cancel().catch(() => {});
      return { ok: false, reason: "too_large" };
    }
    if (total > limit) tooLarge = true;
    if (!tooLarge) chunks.push(value);
  }
  if (tooLarge) return { ok: false, reason: "too_large" };
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  // fatal: invalid UTF-8 is refused as invalid JSON instead of silently becoming U+FFFD.
  return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
}
