// Issue 9, secrets: a planted key, given the ways Node users give it (OPENAI_API_KEY, the
// apiKey option), through the Node client's own undici transport and every emulator fault,
// streamed and not. It must show up in no error (message, String, JSON, stack, util.inspect,
// cause chain), no debug line and no object a user might log (the client itself, results).
import { inspect } from "node:util";
import { EaselError } from "@easel/core";
import { FAULT_NAMES } from "@easel/emulator";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createImagesClient, type NodeImagesClientOptions } from "./create-images-client";
import { saveStream } from "./save-stream";
import { tempDir } from "./test-support";

const PLANTED = "sk-test-PLANTED-SECRET-0123456789";
const FRAGMENTS = [PLANTED, "PLANTED-SECRET", "SECRET-0123456789"];

/** Every string a person or a logger could see of a value and its causes. */
function exposures(value: unknown): string[] {
  const out: string[] = [inspect(value, { depth: 20, showHidden: true, getters: true })];
  const seen = new Set<unknown>();
  for (let e = value; e !== undefined && e !== null && !seen.has(e); ) {
    seen.add(e);
    out.push(String(e));
    try {
      out.push(JSON.stringify(e) ?? "");
    } catch {
      // Cyclic: inspect covers it.
    }
    if (typeof e !== "object") break;
    const o = e as { message?: unknown; stack?: unknown; cause?: unknown };
    out.push(String(o.message), String(o.stack));
    e = o.cause;
  }
  return out;
}

function expectNoKey(value: unknown, where: string): void {
  for (const text of exposures(value)) {
    for (const fragment of FRAGMENTS) {
      if (text.includes(fragment)) {
        throw new Error(`${where}: the key (${fragment}) shows up in:\n${text.slice(0, 600)}`);
      }
    }
  }
}

let open: RunningEmulator;
let strict: RunningEmulator;
const clients: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  open = await startEmulator({ streamIntervalMs: 1 });
  // Accepts only another key: the planted one gets the API's 401 (which masks the key).
  strict = await startEmulator({ streamIntervalMs: 1, apiKeys: ["sk-the-right-key-000000"] });
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await Promise.all([open.close(), strict.close()]);
});

const PARAMS = {
  model: "gpt-image-1-mini",
  prompt: "a paper boat",
  size: "1024x1024",
  quality: "low",
} as const;

function client(
  server: RunningEmulator,
  debug: unknown[],
  options: NodeImagesClientOptions = {},
  via: "env" | "option" = "env",
) {
  const c = createImagesClient({
    ...(via === "env"
      ? { env: { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: server.url } }
      : { env: {}, apiKey: PLANTED, baseURL: server.url }),
    maxRetries: 1,
    // Short enough that the stall fault ends quickly, long enough for a loaded CI machine.
    idleTimeout: 1_500,
    timeout: 5_000,
    debug: (message, details) => debug.push({ message, details }),
    ...options,
  });
  clients.push(c);
  return c;
}

// Every fault the emulator can inject: a new one is covered here without an edit.
const FAULTS = FAULT_NAMES;

describe(`the planted key (${PLANTED}) never leaves the Node client`, () => {
  for (const via of ["env", "option"] as const) {
    for (const stream of [false, true]) {
      // A stall waits out the timeouts above; the whole loop needs more than the default.
      it(`every emulator fault, key by ${via}, ${stream ? "streamed" : "not streamed"}`, {
        timeout: 120_000,
      }, async () => {
        for (const name of FAULTS) {
          const debug: unknown[] = [];
          const c = client(open, debug, {}, via);
          let error: unknown;
          try {
            const result = await c.images.generate(
              { ...PARAMS, stream, ...(stream ? { partial_images: 1 } : {}) } as never,
              { headers: { "x-emulator-fault": name, "x-emulator-retry-after": "0" } },
            );
            if (stream) await (result as { final(): Promise<unknown> }).final();
          } catch (e) {
            error = e;
          }
          expect(EaselError.isInstance(error), name).toBe(true);
          expectNoKey(error, `${name} (${via}, stream ${stream})`);
          expectNoKey(debug, `debug lines of ${name}`);
        }
      });
    }
  }

  it("a rejected key (the API's 401, with its masked echo), in every mode", async () => {
    for (const stream of [false, true]) {
      const debug: unknown[] = [];
      const error = await client(strict, debug)
        .images.generate({ ...PARAMS, stream } as never)
        .catch((e: unknown) => e);
      expect((error as Error).name).toBe("AuthenticationError");
      expect((error as Error).message).toContain("Incorrect API key provided");
      expectNoKey(error, "AuthenticationError");
      expectNoKey(debug, "debug lines of a 401");
    }
  });

  it("successes: the client, the result and saveStream's report carry no key", async () => {
    const debug: unknown[] = [];
    const c = client(open, debug);
    expectNoKey(c, "the client object");
    const result = await c.images.generate(PARAMS);
    expectNoKey({ ...result, images: result.images.length }, "a result");
    const stream = await c.images.generate({ ...PARAMS, stream: true, partial_images: 1 });
    expectNoKey(stream, "an ImageStream");
    const saved = await saveStream(stream, await tempDir());
    expectNoKey({ ...saved, completed: saved.completed.length }, "saveStream's report");
    expectNoKey(debug, "debug lines of successes");
  });

  it("a refused connection and a timeout", async () => {
    const debug: unknown[] = [];
    const refused = await createImagesClient({
      apiKey: PLANTED,
      baseURL: "http://127.0.0.1:1/v1",
      maxRetries: 0,
      env: {},
      debug: (message, details) => debug.push({ message, details }),
    })
      .images.generate(PARAMS)
      .catch((e: unknown) => e);
    expect((refused as Error).name).toBe("ConnectionError");
    expectNoKey(refused, "ConnectionError (refused)");
    const slow = await client(open, debug, { timeout: 100, maxRetries: 0 })
      .images.generate(PARAMS, { headers: { "x-emulator-latency-ms": "3000" } })
      .catch((e: unknown) => e);
    expect((slow as Error).name).toBe("TimeoutError");
    expectNoKey(slow, "TimeoutError");
    expectNoKey(debug, "debug lines of network failures");
  });

  it("a key that is not a legal header value", async () => {
    const error = await createImagesClient({ apiKey: `${PLANTED}\r\nx: 1`, env: {} })
      .images.generate(PARAMS)
      .catch((e: unknown) => e);
    expect(EaselError.isInstance(error)).toBe(true);
    expectNoKey(error, "invalid header value");
  });
});
