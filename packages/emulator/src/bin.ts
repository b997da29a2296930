#!/usr/bin/env node
import { parseArgs } from "node:util";
import { startEmulator } from "./node";

const USAGE = `Usage: easel-emulator [--port 8080] [--host 127.0.0.1] [--latency MS] [--interval MS]

Serves a local stand-in for OpenAI's POST /v1/images/generations until stopped (Ctrl-C).
  --port      port to listen on (default 8080; 0 picks a free one)
  --host      interface to bind (default 127.0.0.1)
  --latency   delay before each generation answers, in ms (default 0)
  --interval  delay between stream events, in ms (default 300)
  --api-key   accept only this key (repeatable); any key by default
  --help      show this text`;

function number(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) {
    console.error(`easel-emulator: --${name} must be a whole number >= 0, got '${value}'.`);
    process.exit(2);
  }
  return parsed;
}

async function main(): Promise<void> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse().values;
  } catch (error) {
    console.error(`easel-emulator: ${(error as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const server = await startEmulator({
    port: number("port", values.port, 8080),
    host: values.host ?? "127.0.0.1",
    latencyMs: number("latency", values.latency, 0),
    streamIntervalMs: number("interval", values.interval, 300),
    apiKeys: values["api-key"]?.length ? values["api-key"] : undefined,
  });
  console.log(server.url);
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function parse() {
  return parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string" },
      latency: { type: "string" },
      interval: { type: "string" },
      "api-key": { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}

main().catch((error: unknown) => {
  console.error(`easel-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
