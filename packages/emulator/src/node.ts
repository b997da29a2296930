import { once } from "node:events";
import {
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Readable } from "node:stream";
import { createImagesEmulator, type ImagesEmulator } from "./create-images-emulator";
import type { ImagesEmulatorOptions } from "./emulator-options";

/**
 * Options of {@link startEmulator}: where to listen, plus every emulator option.
 *
 * @example
 * ```ts
 * const options: StartEmulatorOptions = { port: 8080, latencyMs: 200 };
 * ```
 */
export interface StartEmulatorOptions extends ImagesEmulatorOptions {
  /** Default 0: any free port. */
  port?: number | undefined;
  /** Default `127.0.0.1`. */
  host?: string | undefined;
}

/**
 * A running emulator server.
 *
 * @example
 * ```ts
 * const server: RunningEmulator = await startEmulator();
 * console.log(server.url); // http://127.0.0.1:PORT/v1
 * await server.close();
 * ```
 */
export interface RunningEmulator {
  /** The base URL for clients, ending in `/v1` (`http://127.0.0.1:PORT/v1`). */
  url: string;
  /** The server's origin, without a path. */
  origin: string;
  port: number;
  /** Stops listening and drops open connections (stalled streams included). */
  close(): Promise<void>;
  /** The emulator behind the server: stats, `setFault`, `whenIdle`. */
  emulator: ImagesEmulator;
}

// Hop-by-hop headers belong to this connection, not to the request (RFC 9110 §7.6.1).
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
]);

/**
 * Serves the images emulator over HTTP on Node (`node:http`), streaming each response with
 * backpressure and cancelling it when the client goes away. Connection faults are real here:
 * `reset-before-headers` resets the TCP connection (the client sees `ECONNRESET`),
 * `drop-after-request` reads the request and closes without answering (undici:
 * `UND_ERR_SOCKET` "other side closed"), `reset-after-headers` cuts the body.
 *
 * @example
 * ```ts
 * const server = await startEmulator({ streamIntervalMs: 0 });
 * const openai = new OpenAI({ apiKey: "test", baseURL: server.url });
 * // ...
 * await server.close();
 * ```
 */
export async function startEmulator(options: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const { port = 0, host = "127.0.0.1", ...emulatorOptions } = options;
  const emulator = createImagesEmulator(emulatorOptions);
  const sockets = new Set<Socket>();
  const server = createServer({ keepAliveTimeout: 5_000 });

  server.on("connection", (socket: Socket) => {
    // The configured reset happens before a byte of the request is read.
    if (!emulator.acceptConnection()) {
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  let origin = "";
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    serve(emulator, origin, req, res).catch(() => {
      if (!res.headersSent) {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            error: {
              message: "The emulator failed to answer this request.",
              type: "server_error",
              param: null,
              code: null,
            },
          }),
        );
      } else res.destroy();
    });
  });

  server.listen(port, host);
  await once(server, "listening");
  const address = server.address() as AddressInfo;
  const hostname = address.family === "IPv6" ? `[${address.address}]` : address.address;
  origin = `http://${hostname}:${address.port}`;

  return {
    url: `${origin}/v1`,
    origin,
    port: address.port,
    emulator,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** Resolves true on `drain`, false if the response closes first; leaves no listeners behind. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const done = (value: boolean) => {
      res.off("drain", onDrain);
      res.off("close", onClose);
      resolve(value);
    };
    res.on("drain", onDrain);
    res.on("close", onClose);
  });
}

async function serve(
  emulator: ImagesEmulator,
  origin: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const disconnected = new AbortController();
  const onClose = () => {
    if (!res.writableFinished) disconnected.abort(new Error("The client disconnected."));
  };
  res.once("close", onClose);

  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i]!;
    if (!HOP_BY_HOP.has(name.toLowerCase())) headers.append(name, req.rawHeaders[i + 1]!);
  }
  const method = req.method ?? "GET";
  const hasBody = method !== "GET" && method !== "HEAD";
  const request = new Request(new URL(req.url ?? "/", origin), {
    method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    signal: disconnected.signal,
    duplex: "half",
  } as RequestInit);

  let outcome: Awaited<ReturnType<ImagesEmulator["dispatch"]>>;
  try {
    outcome = await emulator.dispatch(request, { signal: disconnected.signal });
  } catch (error) {
    if (disconnected.signal.aborted) return;
    throw error;
  }

  if (!(outcome instanceof Response)) {
    if (outcome.connectionFault === "reset-before-headers") {
      // RST: the client sees ECONNRESET, which marks the request as not delivered.
      req.socket.resetAndDestroy();
    } else {
      // FIN with no response after the whole request was read: "other side closed".
      req.socket.destroy();
    }
    return;
  }

  const response = outcome;
  if (disconnected.signal.aborted) {
    await response.body?.cancel().catch(() => {});
    return;
  }
  const outHeaders: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  res.writeHead(response.status, outHeaders);
  // Headers go out now, before the first (possibly slow) chunk of the body.
  res.flushHeaders();
  if (response.body === null || method === "HEAD") {
    res.end();
    return;
  }

  const reader = response.body.getReader();
  const stop = () => {
    reader.cancel().catch(() => {});
  };
  res.once("close", stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // Backpressure: the next chunk is produced only once the socket has drained.
      if (!res.write(value) && !(await drained(res))) return;
    }
    res.end();
  } catch {
    // The body failed (an injected reset, or a producer error): cut the connection so the
    // client cannot mistake a partial body for a whole one.
    res.destroy();
  } finally {
    res.off("close", stop);
  }
}
