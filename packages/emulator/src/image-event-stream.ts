import { estimateUsage } from "@easel/core";
import { moderationErrorEvent } from "./api-errors";
import type { FaultName } from "./emulator-options";
import { sseEvent } from "./json-with-base64";
import { delay, forever } from "./pull-stream";
import { renderImage } from "./render-image";
import type { Generation } from "./resolve-generation";

const encoder = new TextEncoder();

/** What shapes one streamed generation. */
export interface ImageEventStreamOptions {
  generation: Generation;
  /** Delay before each event, ms. */
  intervalMs: number;
  /** The clock, ms since the epoch, for `created_at`. */
  now: () => number;
  /** A stream fault, or `moderation` for a refused prompt. */
  fault: FaultName | undefined;
  /** Called once per final image, when it has been rendered. */
  onImage?: () => void;
}

/**
 * The server-sent events of a streamed generation (FACTS §4): for each of the `n` images,
 * `partial_images` partial events (the picture at progress (k+1)/(P+1), visibly less finished)
 * then its completed event with `usage`. Each event is rendered when the reader asks for it,
 * after `intervalMs`. The completed event's `usage` is cumulative: the last one covers the
 * whole request and equals the non-streamed response's `usage`.
 *
 * Stream faults fire after the first partial image (at the start when none was asked for):
 * `truncate` ends the stream, `error-event` sends the captured mid-stream error, `malformed-event`
 * sends an event whose JSON is cut off, `stall` goes quiet forever. `moderation` answers with
 * the error event first.
 *
 * @example
 * const body = pullStream((signal) => imageEventStream({ generation, intervalMs: 0,
 *   now: () => Date.now() / 1000, fault: undefined }, signal), onEnd);
 */
export async function* imageEventStream(
  options: ImageEventStreamOptions,
  signal: AbortSignal,
): AsyncGenerator<Uint8Array, void, undefined> {
  const { generation: g, intervalMs, fault } = options;
  let sequence = 0;
  const common = () => ({
    created_at: Math.floor(options.now() / 1000),
    size: g.size,
    quality: g.quality,
    background: g.background,
    output_format: g.outputFormat,
  });

  // Returns true when the stream must end here.
  async function* faultPoint(): AsyncGenerator<Uint8Array, boolean, undefined> {
    switch (fault) {
      case "truncate":
        return true;
      case "error-event":
        await delay(intervalMs, signal);
        yield encoder.encode(
          `event: error\ndata: ${JSON.stringify(moderationErrorEvent(sequence))}\n\n`,
        );
        return true;
      case "malformed-event":
        await delay(intervalMs, signal);
        yield encoder.encode(
          'event: image_generation.partial_image\ndata: {"type":"image_generation.partial_image","b64_json":"iVBORw0KGgoAAAANSUhEUgAA\n\n',
        );
        return true;
      case "stall":
        return await forever(signal);
      default:
        return false;
    }
  }

  if (fault === "moderation") {
    await delay(intervalMs, signal);
    yield encoder.encode(`event: error\ndata: ${JSON.stringify(moderationErrorEvent(0))}\n\n`);
    return;
  }

  let faultChecked = false;
  for (let index = 0; index < g.n; index++) {
    for (let k = 0; k < g.partialImages; k++) {
      await delay(intervalMs, signal);
      const bytes = await renderImage(g, index, (k + 1) / (g.partialImages + 1));
      if (signal.aborted) return;
      yield* sseEvent("image_generation.partial_image", (ref) => ({
        type: "image_generation.partial_image",
        b64_json: ref(bytes),
        ...common(),
        partial_image_index: k,
      }));
      sequence++;
      if (!faultChecked) {
        faultChecked = true;
        if (yield* faultPoint()) return;
      }
    }
    if (!faultChecked) {
      faultChecked = true;
      if (yield* faultPoint()) return;
    }
    await delay(intervalMs, signal);
    const bytes = await renderImage(g, index, 1);
    if (signal.aborted) return;
    options.onImage?.();
    const usage = estimateUsage({
      prompt: g.prompt,
      quality: g.quality,
      size: g.size,
      n: index + 1,
      partial_images: g.partialImages,
    });
    yield* sseEvent("image_generation.completed", (ref) => ({
      type: "image_generation.completed",
      b64_json: ref(bytes),
      ...common(),
      usage,
    }));
    sequence++;
  }
}
