// The built `easel` binary as a child process against the emulator on loopback.
import { join } from "node:path";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChildResult, cleanEnv, filesIn, runCli, SECRET, tempDir } from "./test-support";

let server: RunningEmulator;
beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 50 });
});
afterAll(async () => {
  await server.close();
});

const env = () => cleanEnv({ OPENAI_API_KEY: SECRET, OPENAI_BASE_URL: server.url });

function expectNoSecret(result: ChildResult) {
  expect(result.stdout).not.toContain(SECRET);
  expect(result.stderr).not.toContain(SECRET);
}

describe("easel images generate (child process)", () => {
  it("--stream --partial-images 2 saves three valid images and reports each partial", async () => {
    const cwd = await tempDir();
    const result = await runCli(
      [
        "images",
        "generate",
        "-p",
        "a red kite",
        "--stream",
        "--partial-images",
        "2",
        "-s",
        "1536x1024",
        "-q",
        "low",
        "--prefix",
        "kite",
      ],
      { cwd, env: env() },
    );
    expectNoSecret(result);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`partial 1 saved to ${join("images", "kite-partial-1.png")}`);
    expect(result.stderr).toContain(`partial 2 saved to ${join("images", "kite-partial-2.png")}`);
    expect(result.stdout).toBe(`image 1 saved to ${join("images", "kite-1.png")}\n`);
    // Not a terminal: no spinner, no colors.
    expect(result.stderr).not.toMatch(/[\r\x1b]/);
    const files = await filesIn(join(cwd, "images"));
    expect(files).toEqual(["kite-1.png", "kite-partial-1.png", "kite-partial-2.png"]);
    for (const file of files) {
      const meta = await sharp(join(cwd, "images", file)).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(["png", 1536, 1024]);
    }
  });

  it("--json prints one parseable object with metadata, cost and paths", async () => {
    const cwd = await tempDir();
    const result = await runCli(
      [
        "images",
        "generate",
        "-p",
        "a red kite",
        "-n",
        "2",
        "-f",
        "webp",
        "-s",
        "1024x1024",
        "-q",
        "low",
        "--json",
        "--out",
        "pics",
      ],
      { cwd, env: env() },
    );
    expectNoSecret(result);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({
      model: "gpt-image-1.5",
      size: "1024x1024",
      quality: "low",
      output_format: "webp",
      cost: { currency: "USD" },
    });
    expect(json.requestId).toMatch(/^req_/);
    expect(json.usage.output_tokens).toBeGreaterThan(0);
    expect(json.cost.total).toBeGreaterThan(0);
    expect(json.images).toHaveLength(2);
    for (const image of json.images) {
      expect(image.b64_json).toBeUndefined();
      const meta = await sharp(image.path).metadata();
      expect([meta.format, meta.width]).toEqual(["webp", 1024]);
    }
  });

  it("an invalid size exits 2 and sends no request", async () => {
    const cwd = await tempDir();
    server.emulator.resetStats();
    const result = await runCli(["images", "generate", "-p", "a kite", "--size", "1000x1000"], {
      cwd,
      env: env(),
    });
    expectNoSecret(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--size: Invalid size '1000x1000'");
    expect(server.emulator.stats.requests).toBe(0);
    expect(await filesIn(cwd)).toEqual([]);
  });

  it("SIGINT mid-stream exits 130 and leaves no file under a final name", async () => {
    const cwd = await tempDir();
    let sent = false;
    const result = await runCli(
      // The emulator goes quiet after the first partial image: the run is mid-stream for sure.
      [
        "images",
        "generate",
        "-p",
        "a kite",
        "--stream",
        "--partial-images",
        "2",
        "--prefix",
        "k",
        "--header",
        "x-emulator-fault=stall",
      ],
      {
        cwd,
        env: env(),
        onStderr(text, child) {
          if (!sent && text.includes("partial 1 saved")) {
            sent = true;
            child.kill("SIGINT");
          }
        },
      },
    );
    expectNoSecret(result);
    expect(sent).toBe(true);
    expect(result.code).toBe(130);
    expect(result.stderr).toContain("interrupted");
    // The partial image stays (a complete file); no final image, no temporary file.
    expect(await filesIn(join(cwd, "images"))).toEqual(["k-partial-1.png"]);
  });

  it("an API error prints the status, the API's message and the request id, exit 1", async () => {
    const cwd = await tempDir();
    const result = await runCli(["images", "generate", "-p", "a forbidden-trigger kite"], {
      cwd,
      env: env(),
    });
    expectNoSecret(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("HTTP 400");
    expect(result.stderr).toContain("Your request was rejected by the safety system.");
    expect(result.stderr).toContain("moderation_blocked");
    expect(result.stderr).toMatch(/request id: req_\w+/);
  });

  it("a cut stream exits 1 with the reason, keeping partials and no final image", async () => {
    const cwd = await tempDir();
    const result = await runCli(
      [
        "images",
        "generate",
        "-p",
        "a kite",
        "--stream",
        "--partial-images",
        "1",
        "--prefix",
        "t",
        "--header",
        "x-emulator-fault=truncate",
      ],
      { cwd, env: env() },
    );
    expectNoSecret(result);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("ended after 0 of 1 images (1 partial), not retried");
    expect(await filesIn(join(cwd, "images"))).toEqual(["t-partial-1.png"]);
  });

  it("without a key exits 2 naming OPENAI_API_KEY", async () => {
    const cwd = await tempDir();
    const result = await runCli(["images", "generate", "-p", "a kite"], {
      cwd,
      env: cleanEnv({ OPENAI_BASE_URL: server.url }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("OPENAI_API_KEY");
  });

  it("never prints a key given with --api-key, even when the API rejects it", async () => {
    const strict = await startEmulator({ apiKeys: ["sk-the-right-key-000"], streamIntervalMs: 0 });
    try {
      const cwd = await tempDir();
      for (const extra of [[], ["--json"], ["--stream"]]) {
        const result = await runCli(
          [
            "images",
            "generate",
            "-p",
            "a kite",
            "--api-key",
            SECRET,
            "--base-url",
            strict.url,
            ...extra,
          ],
          { cwd, env: cleanEnv() },
        );
        expect(result.code).toBe(1);
        expect(result.stderr).toContain("HTTP 401");
        expectNoSecret(result);
        expect(result.stdout + result.stderr).not.toContain("SECRET");
      }
    } finally {
      await strict.close();
    }
  });

  it("prints help for every command and the version", async () => {
    const cwd = await tempDir();
    for (const args of [
      ["--help"],
      ["images", "--help"],
      ["images", "generate", "--help"],
      ["--version"],
    ]) {
      const result = await runCli(args, { cwd, env: cleanEnv() });
      expect(result.code).toBe(0);
      expect(result.stdout.length).toBeGreaterThan(0);
    }
  });
});
