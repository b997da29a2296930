import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RunningEmulator, startEmulator } from "./node";

// The curl examples of spec page 003, verbatim but for the host, run by a real shell and a
// real curl. The shell expands $OPENAI_API_KEY as the docs intend.
const run = promisify(execFile);
let server: RunningEmulator;

const EXAMPLES = {
  reference: `curl https://api.openai.com/v1/images/generations \\
    -H 'Content-Type: application/json' \\
    -H "Authorization: Bearer $OPENAI_API_KEY" \\
    -d '{
          "prompt": "A cute baby sea otter",
          "background": "transparent",
          "moderation": "low",
          "n": 1,
          "output_compression": 100,
          "output_format": "png",
          "partial_images": 1,
          "quality": "medium",
          "response_format": "url",
          "size": "1024x1024",
          "style": "vivid",
          "user": "user-1234"
        }'`,
  generate: `curl https://api.openai.com/v1/images/generations \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-image-1.5",
    "prompt": "A cute baby sea otter",
    "n": 1,
    "size": "1024x1024"
  }'`,
  streaming: `curl https://api.openai.com/v1/images/generations \\
  -H "Content-Type: application/json" \\
  -H "Authorization: Bearer $OPENAI_API_KEY" \\
  -d '{
    "model": "gpt-image-1.5",
    "prompt": "A cute baby sea otter",
    "n": 1,
    "size": "1024x1024",
    "stream": true
  }' \\
  --no-buffer`,
};

function against(target: RunningEmulator, example: string): string {
  return example.replace("https://api.openai.com", target.origin);
}

async function shell(command: string): Promise<string> {
  const { stdout } = await run("sh", ["-c", command], {
    env: { ...process.env, OPENAI_API_KEY: "test-key" },
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

function sseEvents(text: string): { event: string; data: Record<string, unknown> }[] {
  return text
    .split("\n\n")
    .filter((block) => block.trim() !== "")
    .map((block) => {
      const lines = block.split("\n");
      return {
        event: lines.find((l) => l.startsWith("event: "))!.slice(7),
        data: JSON.parse(lines.find((l) => l.startsWith("data: "))!.slice(6)),
      };
    });
}

beforeAll(async () => {
  await run("curl", ["--version"]);
  server = await startEmulator({ streamIntervalMs: 5 });
});
afterAll(() => server.close());

describe("spec page 003's curl examples against the emulator", () => {
  it("answers the reference example (response_format with GPT-only parameters) with the API's 400 unknown_parameter, as the real API does", async () => {
    const output = await shell(`${against(server, EXAMPLES.reference)} -w '\\n%{http_code}'`);
    const lines = output.trimEnd().split("\n");
    const status = lines.pop();
    const body = JSON.parse(lines.join("\n"));
    expect(status).toBe("400");
    expect(body).toEqual({
      error: {
        message: "Unknown parameter: 'response_format'.",
        type: "invalid_request_error",
        param: "response_format",
        code: "unknown_parameter",
      },
    });
  });

  it("runs the gpt-image-1.5 'Generate image' example and prints the documented shape", async () => {
    const body = JSON.parse(await shell(against(server, EXAMPLES.generate)));
    expect(Object.keys(body)).toEqual([
      "created",
      "background",
      "data",
      "output_format",
      "quality",
      "size",
      "usage",
    ]);
    expect(typeof body.created).toBe("number");
    expect(body.data).toHaveLength(1);
    expect(Buffer.from(body.data[0].b64_json, "base64").subarray(1, 4).toString()).toBe("PNG");
    expect(body.usage).toEqual({
      input_tokens: 6,
      input_tokens_details: { image_tokens: 0, text_tokens: 6 },
      output_tokens: 1056,
      total_tokens: 1062,
      output_tokens_details: { image_tokens: 1056, text_tokens: 0 },
    });
  });

  it("runs the streaming example with --no-buffer: no partial_images means one completed event (the parameter's default, 0)", async () => {
    const events = sseEvents(await shell(against(server, EXAMPLES.streaming)));
    expect(events.map((e) => e.event)).toEqual(["image_generation.completed"]);
    const completed = events[0]!.data;
    expect(completed.type).toBe("image_generation.completed");
    expect(Object.keys(completed)).toEqual([
      "type",
      "b64_json",
      "created_at",
      "size",
      "quality",
      "background",
      "output_format",
      "usage",
    ]);
    expect(completed.usage).toMatchObject({ total_tokens: 1062, output_tokens: 1056 });
  });

  it("prints the documented partial event then the completed event when the example asks for one partial image", async () => {
    const command = against(server, EXAMPLES.streaming).replace(
      '"stream": true',
      '"stream": true, "partial_images": 1',
    );
    const events = sseEvents(await shell(command));
    expect(events.map((e) => [e.event, e.data.type])).toEqual([
      ["image_generation.partial_image", "image_generation.partial_image"],
      ["image_generation.completed", "image_generation.completed"],
    ]);
    expect(events[0]!.data.partial_image_index).toBe(0);
    expect(events[1]!.data.usage).toMatchObject({ output_tokens: 1056 + 100 });
  });

  it("with --no-buffer, curl prints each event as it arrives, while the stream is still open", async () => {
    // A stalled stream: the partial image comes, then nothing. Seeing it printed while the
    // emulator still holds the response open proves curl is not waiting for the end.
    const stalled = await startEmulator({ streamIntervalMs: 0, fault: "stall" });
    try {
      const command = against(stalled, EXAMPLES.streaming).replace(
        '"stream": true',
        '"stream": true, "partial_images": 1',
      );
      const child = spawn("sh", ["-c", `exec ${command}`], {
        env: { ...process.env, OPENAI_API_KEY: "test-key" },
      });
      let output = "";
      await new Promise<void>((resolve, reject) => {
        child.on("error", reject);
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("\n\n")) resolve();
        });
        child.on("exit", () => reject(new Error(`curl exited early: ${output.slice(0, 200)}`)));
      });
      expect(stalled.emulator.stats.active).toBe(1);
      expect(sseEvents(output).map((e) => e.event)).toEqual(["image_generation.partial_image"]);
      child.kill();
      await stalled.emulator.whenIdle();
      expect(stalled.emulator.stats.cancelled).toBe(1);
    } finally {
      await stalled.close();
    }
  });
});
