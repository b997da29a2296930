/** How a response body ended. */
export type BodyOutcome = "completed" | "cancelled" | "failed";

/**
 * Wraps a generator of chunks in a `ReadableStream` that produces a chunk only when the reader
 * asks for one (`highWaterMark: 0`), so at most one event's bytes exist at a time and a slow
 * client slows the emulator down instead of filling its memory. Cancelling the stream aborts
 * `signal`, which the generator's waits listen to, so work stops at once.
 *
 * A generator that throws errors the stream: a server passing it on cuts the connection.
 *
 * @example
 * const body = pullStream(async function* (signal) { yield bytes; }, (outcome) => log(outcome));
 */
export function pullStream(
  produce: (signal: AbortSignal) => AsyncGenerator<Uint8Array, void, undefined>,
  onEnd: (outcome: BodyOutcome) => void,
): ReadableStream<Uint8Array> {
  const abort = new AbortController();
  const chunks = produce(abort.signal);
  let ended = false;
  const end = (outcome: BodyOutcome) => {
    if (ended) return;
    ended = true;
    onEnd(outcome);
  };
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        let result: IteratorResult<Uint8Array, void>;
        try {
          result = await chunks.next();
        } catch (error) {
          if (abort.signal.aborted) return;
          end("failed");
          controller.error(error);
          return;
        }
        if (abort.signal.aborted) return;
        if (result.done) {
          end("completed");
          controller.close();
        } else {
          controller.enqueue(result.value);
        }
      },
      cancel() {
        end("cancelled");
        abort.abort();
      },
    },
    { highWaterMark: 0 },
  );
}

/**
 * Resolves after `ms`, or rejects as soon as `signal` aborts.
 *
 * @example
 * await delay(300, signal);
 */
export function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    if (ms <= 0 && !signal) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/** Never resolves; rejects when `signal` aborts (a stalled server). */
export function forever(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) return reject(signal.reason);
    signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}
