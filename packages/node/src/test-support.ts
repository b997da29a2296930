// Test helpers: real image bytes and real SSE responses, no mocks of easel's internals.
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ImageStream } from "@easel/core";
import sharp from "sharp";
import { onTestFinished } from "vitest";

/** A fresh directory, removed when the current test ends. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "easel-node-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Every entry of `dir`, temporary files included (they start with a dot). */
export async function listDir(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

export async function imageB64(
  format: "png" | "jpeg" | "webp",
  width = 16,
  height = 8,
): Promise<string> {
  const buffer = await sharp({
    create: { width, height, channels: 3, background: { r: 200, g: 60, b: 20 } },
  })
    .toFormat(format)
    .toBuffer();
  return buffer.toString("base64");
}

const usage = {
  input_tokens: 10,
  input_tokens_details: { image_tokens: 0, text_tokens: 10 },
  output_tokens: 272,
  total_tokens: 282,
};

export function partialEvent(b64: string, index: number) {
  return {
    type: "image_generation.partial_image",
    b64_json: b64,
    background: "opaque",
    created_at: 1_700_000_000,
    output_format: "png",
    partial_image_index: index,
    quality: "low",
    size: "1024x1024",
  };
}

export function completedEvent(b64: string, format: "png" | "jpeg" | "webp" = "png") {
  return {
    type: "image_generation.completed",
    b64_json: b64,
    background: "opaque",
    created_at: 1_700_000_001,
    output_format: format,
    quality: "low",
    size: "1024x1024",
    usage,
  };
}

const sse = (event: { type: string }) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * An `ImageStream` over a real SSE `Response`. Events are sent one by one; `hold` keeps the
 * body open after them (for abort tests) instead of ending it.
 */
export function imageStreamOf(
  events: { type: string }[],
  options: { expectedImages?: number; hold?: boolean } = {},
): ImageStream {
  const encoder = new TextEncoder();
  const controller = new AbortController();
  let i = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(stream) {
      const event = events[i++];
      if (event) {
        stream.enqueue(encoder.encode(sse(event)));
        return;
      }
      if (!options.hold) {
        stream.close();
        return;
      }
      // Held open until the request is aborted, like a server still generating.
      return new Promise<void>((resolve) => {
        controller.signal.addEventListener("abort", () => {
          stream.error(controller.signal.reason);
          resolve();
        });
      });
    },
  });
  const response = new Response(body, {
    headers: { "content-type": "text/event-stream", "x-request-id": "req_test_stream" },
  });
  return new ImageStream({
    response,
    controller,
    expectedImages: options.expectedImages ?? 1,
  });
}
