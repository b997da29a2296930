import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { startEmulator } from "./node";

const STREAM_BODY = JSON.stringify({
  model: "gpt-image-1-mini",
  prompt: "a slow kite",
  size: "1024x1024",
  quality: "low",
  stream: true,
  partial_images: 3,
});

describe("startEmulator", () => {
  it("listens on 127.0.0.1 on a free port and gives a base URL ending in /v1", async () => {
    const server = await startEmulator();
    try {
      expect(server.url).toBe(`http://127.0.0.1:${server.port}/v1`);
      expect(server.port).toBeGreaterThan(0);
      const response = await fetch(`${server.origin}/nowhere`);
      expect(response.status).toBe(404);
      expect((await response.json()).error.message).toBe("Invalid URL (GET /nowhere)");
    } finally {
      await server.close();
    }
  });

  it("cancels the response body when the client disconnects mid-stream", async () => {
    const server = await startEmulator({ streamIntervalMs: 50 });
    try {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          `${server.url}/images/generations`,
          {
            method: "POST",
            headers: { authorization: "Bearer t", "content-type": "application/json" },
          },
          (res) => {
            let text = "";
            res.on("data", (chunk: Buffer) => {
              text += chunk.toString();
              // The first event is in: hang up while the emulator still has three to send.
              if (text.includes("\n\n")) {
                req.destroy();
                resolve();
              }
            });
          },
        );
        req.on("error", (error) => {
          if (!req.destroyed) reject(error);
        });
        req.end(STREAM_BODY);
      });
      await server.emulator.whenIdle();
      expect(server.emulator.stats).toMatchObject({ cancelled: 1, completed: 0, images: 0 });
    } finally {
      await server.close();
    }
  });

  it("close() ends even with a stalled stream open", async () => {
    const server = await startEmulator({ streamIntervalMs: 0, fault: "stall" });
    const response = await fetch(`${server.url}/images/generations`, {
      method: "POST",
      headers: { authorization: "Bearer t" },
      body: STREAM_BODY,
    });
    const reader = response.body!.getReader();
    await reader.read();
    await server.close();
    await expect(
      (async () => {
        for (;;) if ((await reader.read()).done) return;
      })(),
    ).rejects.toThrow();
    await server.emulator.whenIdle();
    expect(server.emulator.stats.cancelled).toBe(1);
  });
});

describe("the easel-emulator bin", () => {
  it("prints its base URL, serves requests, and exits cleanly on SIGTERM", async () => {
    const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    expect(existsSync(bin), "dist/bin.js is missing: run `pnpm build` first").toBe(true);
    const child = spawn(process.execPath, [bin, "--port", "0", "--interval", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes("\n")) resolve(out.trim());
        });
        child.on("exit", (code) => reject(new Error(`the bin exited with ${code}`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const response = await fetch(`${url}/images/generations`, {
        method: "POST",
        headers: { authorization: "Bearer t" },
        body: JSON.stringify({ prompt: "x", size: "256x256", response_format: "b64_json" }),
      });
      expect(response.status).toBe(200);
      const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
    } finally {
      child.kill("SIGKILL");
    }
  });

  it("refuses a bad flag with a usage message and exit code 2", async () => {
    const bin = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
    const child = spawn(process.execPath, [bin, "--port", "eighty"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/--port must be a whole number/);
  });
});
