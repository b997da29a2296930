// Test plumbing: a real workerd (wrangler's unstable_startWorker) running the fixture Worker,
// and a real HTTP server on loopback that records what reaches the upstream.
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { unstable_startWorker } from "wrangler";

/** The compatibility date and flags apps/worker uses. */
export const COMPATIBILITY_DATE = "2026-04-01";
export const COMPATIBILITY_FLAGS = ["enable_request_signal"];

export interface StartedWorker {
  url: URL;
  dispose(): Promise<void>;
}

/** Starts a Worker in workerd on 127.0.0.1 with string bindings (vars and secrets alike). */
export async function startWorker(
  entrypoint: string,
  vars: Record<string, string>,
): Promise<StartedWorker> {
  const worker = await unstable_startWorker({
    entrypoint: fileURLToPath(new URL(entrypoint, import.meta.url)),
    compatibilityDate: COMPATIBILITY_DATE,
    compatibilityFlags: COMPATIBILITY_FLAGS,
    bindings: Object.fromEntries(
      Object.entries(vars).map(([name, value]) => [name, { type: "plain_text", value }]),
    ),
    dev: {
      server: { hostname: "127.0.0.1", port: 0 },
      inspector: false,
      watch: false,
      persist: false,
      logLevel: "warn",
    },
  });
  await worker.ready;
  const url = await worker.url;
  return { url, dispose: () => worker.dispose() };
}

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Recorder {
  url: string;
  requests: RecordedRequest[];
  /** The answer to the next requests; a JSON 200 by default. */
  answer: { status: number; headers: Record<string, string>; body: string };
  close(): Promise<void>;
}

/** An upstream that records every request and answers with `recorder.answer`. */
export async function startRecorder(): Promise<Recorder> {
  const recorder: Recorder = {
    url: "",
    requests: [],
    answer: defaultAnswer(),
    close: async () => {},
  };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    recorder.requests.push({
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    });
    res.writeHead(recorder.answer.status, recorder.answer.headers);
    res.end(recorder.answer.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  recorder.url = `http://127.0.0.1:${port}/v1`;
  recorder.close = () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return recorder;
}

export function defaultAnswer(): Recorder["answer"] {
  return {
    status: 200,
    headers: { "content-type": "application/json", "x-request-id": "req_recorder" },
    body: JSON.stringify({ created: 1, data: [{ b64_json: "AAAA" }] }),
  };
}

/**
 * Polls until `check` holds. A safety net for state that changes in another process (the
 * upstream sees a disconnect a moment after the client makes it), not a timing assertion:
 * the deadline is generous and only turns a hang into a clear failure.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Reads a streamed body until the first complete SSE event; returns it and the reader. */
export async function readFirstEvent(body: ReadableStream<Uint8Array>) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) throw new Error(`The stream ended before a whole event: ${text.slice(0, 200)}`);
    text += decoder.decode(value, { stream: true });
    const end = text.indexOf("\n\n");
    if (end !== -1) return { event: text.slice(0, end), reader };
  }
}
