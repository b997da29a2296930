import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => unknown;

export interface LoopbackServer {
  url: string;
  /** Every request the server saw, in order. */
  requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[];
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1, routing by `METHOD /path`. */
export async function startLoopbackServer(
  routes: Record<string, Handler>,
): Promise<LoopbackServer> {
  const requests: LoopbackServer["requests"] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString("utf8");
    const path = new URL(req.url ?? "/", "http://x").pathname;
    requests.push({ method: req.method ?? "", url: path, headers: req.headers, body });
    const handler = routes[`${req.method} ${path}`];
    if (!handler) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    try {
      await handler(req, res, body);
    } catch (error) {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A server-sent-events response the test writes to event by event, so it can check what the
 * page shows between two events without any timing assumption.
 */
export function createEventChannel() {
  let res: ServerResponse | undefined;
  const pending: string[] = [];
  let ended = false;
  let connected: () => void = () => {};
  const connection = new Promise<void>((resolve) => {
    connected = resolve;
  });
  const flush = () => {
    if (!res) return;
    for (const text of pending.splice(0)) res.write(text);
    if (ended) res.end();
  };
  const handler: Handler = (_req, response) => {
    res = response;
    response.writeHead(200, {
      "content-type": "text/event-stream",
      "cache-control": "no-cache",
      "x-request-id": "req_browser_test",
    });
    flush();
    connected();
  };
  return {
    handler,
    /** Resolves once the browser's request has arrived. */
    connection,
    send(data: Record<string, unknown>) {
      pending.push(`event: ${String(data.type)}\ndata: ${JSON.stringify(data)}\n\n`);
      flush();
    },
    end() {
      ended = true;
      flush();
    },
  };
}
