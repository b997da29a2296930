// A stand-in upstream for the proxy benchmark: the emulator's answer to one streamed request,
// recorded once at start-up (its status, headers and SSE bytes), then served again to every
// POST as fast as the socket takes it. Without the emulator's render time, whose variation
// (tens of ms) would drown a few ms of proxy overhead, the difference between routes is the
// transport and the proxy alone. Runs in its own process: `node replay-server.mjs 'JSON body'`
// prints its base URL (ending in /v1).
import { once } from "node:events";
import { createServer } from "node:http";
import { createImagesEmulator } from "@easel/emulator";

const body = process.argv[2];
const emulator = createImagesEmulator({ streamIntervalMs: 0 });
const recorded = await emulator(
  new Request("http://emulator.invalid/v1/images/generations", {
    method: "POST",
    headers: { "content-type": "application/json", authorization: "Bearer sk-bench" },
    body,
  }),
);
if (!recorded.ok) throw new Error(`the emulator answered ${recorded.status}`);
const headers = Object.fromEntries(recorded.headers);
// Event by event, as the emulator writes them: one write per event.
const text = await recorded.text();
const events = text
  .split(/(?<=\n\n)/)
  .filter(Boolean)
  .map((event) => Buffer.from(event));

const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, headers);
    for (const event of events) res.write(event);
    res.end();
  });
});
server.listen(0, "127.0.0.1");
await once(server, "listening");
console.log(`http://127.0.0.1:${server.address().port}/v1`);
process.once("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
