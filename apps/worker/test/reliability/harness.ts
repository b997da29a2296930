// Plumbing for the reliability suite (issue 9): the demo Worker as deployed (wrangler.jsonc) in
// workerd, a recording upstream in front of the emulator that counts every call and keeps its
// headers, process memory readings, and image header parsing.
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type Server,
} from "node:http";
import { type AddressInfo, connect } from "node:net";
import { inspect } from "node:util";

/** The key planted in every path; it must never come back out. */
export const PLANTED = "sk-test-PLANTED-SECRET-0123456789";
/** Pieces that would still give the key away. */
export const KEY_FRAGMENTS = [PLANTED, "PLANTED-SECRET", "SECRET-0123456789"];
export const TOKEN = "reliability-token-7f3a9c";

export const appDir = new URL("../../", import.meta.url).pathname;

export { type StartedWorker, startDemoWorker } from "../start-demo-worker";

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  /** Header names and values exactly as they arrived (repeats included). */
  rawHeaders: string[];
  body: string;
}

/** A canned upstream answer, instead of the emulator's. */
export interface CannedAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export interface Forwarder {
  /** Base URL for OPENAI_BASE_URL, ending in /v1. */
  url: string;
  requests: RecordedRequest[];
  /** When set, requests are answered with this instead of being forwarded. */
  canned: ((request: RecordedRequest) => CannedAnswer) | undefined;
  /** Requests whose client went away before the upstream answer was fully sent. */
  readonly aborted: number;
  close(): Promise<void>;
}

/**
 * A counting, recording reverse proxy in front of `target` (the emulator): every request that
 * reaches "the API" is recorded with its headers, then forwarded; the answer streams back, and
 * a client that goes away cancels the forwarded request.
 */
export async function startForwarder(target: string): Promise<Forwarder> {
  const upstream = new URL(target);
  const requests: RecordedRequest[] = [];
  let aborted = 0;
  const state: { canned: Forwarder["canned"] } = { canned: undefined };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      rawHeaders: req.rawHeaders,
      body: body.toString("utf8"),
    };
    requests.push(recorded);
    if (state.canned) {
      const answer = state.canned(recorded);
      res.writeHead(answer.status, answer.headers);
      res.end(answer.body);
      return;
    }
    const headers = { ...req.headers, host: upstream.host, "content-length": String(body.length) };
    delete headers["transfer-encoding"];
    const forwarded = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: upstream.pathname.replace(/\/v1$/, "") + (req.url ?? ""),
        headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        // The upstream broke mid-body: break this answer too, as a real connection would.
        answer.on("aborted", () => res.destroy());
        answer.on("error", () => res.destroy());
      },
    );
    forwarded.on("error", () => res.destroy());
    res.on("close", () => {
      if (!res.writableFinished) {
        aborted++;
        forwarded.destroy();
      }
    });
    forwarded.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    get canned() {
      return state.canned;
    },
    set canned(value) {
      state.canned = value;
    },
    get aborted() {
      return aborted;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Sends raw bytes as one HTTP/1.1 request and returns the raw answer (status line, headers,
 * body), so headers a fetch client would refuse or normalise (Host, bytes above 0x7F, obsolete
 * line folding) reach the Worker as written. Resolves when the answer is complete (by its
 * content-length or its last chunk) or the server closes the connection.
 */
export async function rawRequest(url: URL, head: string, body: Buffer): Promise<string> {
  const socket = connect(Number(url.port), url.hostname);
  await once(socket, "connect");
  let received = Buffer.alloc(0);
  const complete = () => {
    const text = received.toString("latin1");
    const end = text.indexOf("\r\n\r\n");
    if (end === -1) return false;
    const headers = text.slice(0, end);
    const length = /\r\ncontent-length: *(\d+)/i.exec(headers);
    if (length) return received.length >= end + 4 + Number(length[1]);
    if (/\r\ntransfer-encoding: *chunked/i.test(headers)) return text.endsWith("\r\n0\r\n\r\n");
    return false;
  };
  return new Promise<string>((resolve) => {
    const finish = () => {
      socket.destroy();
      resolve(received.toString("latin1"));
    };
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (complete()) finish();
    });
    socket.on("end", finish);
    socket.on("error", finish);
    socket.on("close", finish);
    socket.write(Buffer.concat([Buffer.from(head, "latin1"), body]));
  });
}

/** Status code of a raw HTTP answer. */
export function rawStatus(answer: string): number {
  return Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0);
}

/**
 * Polls until `check` holds. A safety net for state that changes in another process (the
 * upstream sees a disconnect a moment after the client makes it), not a timing assertion:
 * the deadline is generous and only turns a hang into a clear failure.
 */
export async function waitFor(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The JSON `data:` of every event of an SSE body. */
export function sseEvents(text: string): Record<string, unknown>[] {
  return text
    .split(/\r?\n\r?\n/)
    .map((block) => block.split(/\r?\n/).find((line) => line.startsWith("data: ")))
    .filter((line): line is string => line !== undefined && line !== "data: [DONE]")
    .map((line) => JSON.parse(line.slice(6)) as Record<string, unknown>);
}

export interface ImageInfo {
  format: "png" | "jpeg" | "webp";
  width: number;
  height: number;
}

/**
 * The format and size from an image's header, checking the signature: PNG's IHDR, JPEG's
 * start-of-frame marker (walking the segments), WebP's VP8/VP8L/VP8X chunk. Throws on
 * anything else, so a truncated or garbled image cannot pass.
 */
export function imageInfo(bytes: Uint8Array): ImageInfo {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ascii = (at: number, length: number) =>
    String.fromCharCode(...bytes.subarray(at, at + length));
  if (bytes[0] === 0x89 && ascii(1, 3) === "PNG" && ascii(12, 4) === "IHDR") {
    return { format: "png", width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xd8) {
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) throw new Error(`JPEG: no marker at ${at}`);
      const marker = bytes[at + 1]!;
      const length = view.getUint16(at + 2);
      // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
        return { format: "jpeg", height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      at += 2 + length;
    }
    throw new Error("JPEG: no start-of-frame marker");
  }
  if (ascii(0, 4) === "RIFF" && ascii(8, 4) === "WEBP") {
    const chunk = ascii(12, 4);
    if (chunk === "VP8X") {
      const u24 = (at: number) => bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16);
      return { format: "webp", width: u24(24) + 1, height: u24(27) + 1 };
    }
    if (chunk === "VP8L") {
      const bits = view.getUint32(21, true);
      return { format: "webp", width: (bits & 0x3fff) + 1, height: ((bits >> 14) & 0x3fff) + 1 };
    }
    if (chunk === "VP8 ") {
      return {
        format: "webp",
        width: view.getUint16(26, true) & 0x3fff,
        height: view.getUint16(28, true) & 0x3fff,
      };
    }
  }
  throw new Error(`not a PNG, JPEG or WebP image (starts ${ascii(0, 8)})`);
}

/** The JPEG's bytes end with the end-of-image marker: the file was not cut short. */
export function endsWhole(bytes: Uint8Array, format: ImageInfo["format"]): boolean {
  const n = bytes.length;
  if (format === "jpeg") return bytes[n - 2] === 0xff && bytes[n - 1] === 0xd9;
  if (format === "png") return String.fromCharCode(...bytes.subarray(n - 8, n - 4)) === "IEND";
  const riffSize = new DataView(bytes.buffer, bytes.byteOffset).getUint32(4, true);
  return riffSize + 8 === n;
}

export function decodeBase64(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** Resident memory, in KiB, of this process and of the workerd processes it started. */
export function memoryKiB(): { self: number; workerd: number; workerdProcesses: number } {
  const rssOf = (pid: string) => {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  };
  const parentOf = new Map<string, string>();
  const names = new Map<string, string>();
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, "utf8");
      parentOf.set(pid, /PPid:\s+(\d+)/.exec(status)?.[1] ?? "0");
      names.set(pid, /Name:\s+(\S+)/.exec(status)?.[1] ?? "");
    } catch {
      // The process ended while we looked.
    }
  }
  const mine = (pid: string) => {
    for (let p = parentOf.get(pid); p && p !== "0" && p !== "1"; p = parentOf.get(p)) {
      if (p === String(process.pid)) return true;
    }
    return false;
  };
  let workerd = 0;
  let count = 0;
  for (const [pid, name] of names) {
    if (name !== "workerd" || !mine(pid)) continue;
    try {
      workerd += rssOf(pid);
      count++;
    } catch {
      // Gone.
    }
  }
  return { self: rssOf(String(process.pid)), workerd, workerdProcesses: count };
}

/** Every string a person or a logger could see of a value. */
export function exposures(value: unknown): string[] {
  const out = [inspect(value, { depth: 20, showHidden: true })];
  try {
    out.push(JSON.stringify(value) ?? "");
  } catch {
    // Cyclic: inspect covers it.
  }
  out.push(String(value));
  return out;
}

/** Throws, naming where, if any piece of the planted key is in `texts`. */
export function expectNoKey(where: string, ...texts: string[]): void {
  for (const text of texts) {
    for (const fragment of KEY_FRAGMENTS) {
      if (text.includes(fragment)) {
        throw new Error(`${where}: the key (${fragment}) shows up in:\n${text.slice(0, 800)}`);
      }
    }
  }
}

/** Status, headers and body of a response as one string, for `expectNoKey`. */
export async function responseText(response: Response): Promise<string> {
  const head = [...response.headers].map(([name, value]) => `${name}: ${value}`).join("\n");
  return `${response.status}\n${head}\n\n${await response.text()}`;
}
