import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { createImagesEmulator } from "@easel/emulator";
import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { PARAM_FLAGS } from "./generate-flags";
import { run, VERSION } from "./run";
import { collector, filesIn, runInProcess, SECRET, tempDir } from "./test-support";

const env = { OPENAI_API_KEY: SECRET };

function emulator(options: Parameters<typeof createImagesEmulator>[0] = {}) {
  return createImagesEmulator({ streamIntervalMs: 0, ...options });
}

describe("help and commands", () => {
  it("prints help for every command", async () => {
    for (const argv of [["--help"], ["help"], ["-h"]]) {
      const r = await runInProcess(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("easel images generate");
    }
    for (const argv of [
      ["images", "--help"],
      ["images", "help"],
    ]) {
      const r = await runInProcess(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("generate");
    }
    const r = await runInProcess(["images", "generate", "--help"]);
    expect(r.code).toBe(0);
    for (const flag of [
      ...PARAM_FLAGS.map((f) => f.flag),
      "out",
      "base-url",
      "api-key",
      "timeout",
      "json",
      "include-b64",
      "header",
      "overwrite",
      "prefix",
    ]) {
      expect(r.stdout).toContain(`--${flag}`);
    }
  });

  it("names every parameter of the spec as a flag", () => {
    expect(PARAM_FLAGS.map((f) => f.param).sort()).toEqual(
      [
        "background",
        "model",
        "moderation",
        "n",
        "output_compression",
        "output_format",
        "partial_images",
        "prompt",
        "quality",
        "response_format",
        "size",
        "stream",
        "style",
        "user",
      ].sort(),
    );
  });

  it("prints the version", async () => {
    const r = await runInProcess(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("exits 2 with help on stderr for a missing or unknown command", async () => {
    for (const argv of [[], ["paint"], ["images"], ["images", "edit"]]) {
      const r = await runInProcess(argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.length).toBeGreaterThan(0);
    }
  });

  it("reports an unknown flag without echoing values", async () => {
    const r = await runInProcess(["images", "generate", "--prompt", "x", "--api-kee", SECRET]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--api-kee");
    expect(r.stderr).not.toContain(SECRET);
    const stray = await runInProcess(["images", "generate", "--prompt", "x", SECRET]);
    expect(stray.code).toBe(2);
    expect(stray.stderr).not.toContain(SECRET);
  });
});

describe("validation before sending", () => {
  it("lists every problem by flag, exits 2 and sends nothing", async () => {
    const em = emulator();
    const r = await runInProcess(
      [
        "images",
        "generate",
        "--prompt",
        "a kite",
        "--size",
        "123x456",
        "--n",
        "abc",
        "--quality",
        "ultra",
        "--output-compression",
        "1.5",
      ],
      { env, fetch: em.fetch, cwd: await tempDir() },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--size: Invalid size '123x456'");
    expect(r.stderr).toContain('--n: expected a whole number, got "abc"');
    expect(r.stderr).toContain("--quality: Invalid value: 'ultra'");
    expect(r.stderr).toContain("--output-compression:");
    expect(r.stderr).toContain("4 problems");
    expect(em.stats.requests).toBe(0);
    const json = await runInProcess(["images", "generate", "--size", "huge", "--json"], {
      env,
      fetch: em.fetch,
    });
    expect(json.code).toBe(2);
    expect(JSON.parse(json.stdout).error.problems).toEqual([
      "--prompt: Missing required parameter: 'prompt'.",
      expect.stringContaining("--size:"),
    ]);
    expect(em.stats.requests).toBe(0);
  });

  it("requires a prompt", async () => {
    const em = emulator();
    const r = await runInProcess(["images", "generate"], { env, fetch: em.fetch });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--prompt: Missing required parameter: 'prompt'.");
    expect(em.stats.requests).toBe(0);
  });

  it("refuses a bad --timeout, --max-retries and --header", async () => {
    const r = await runInProcess(
      [
        "images",
        "generate",
        "-p",
        "x",
        "--timeout",
        "soon",
        "--max-retries=-1",
        "--header",
        "nope",
      ],
      { env },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--timeout:");
    expect(r.stderr).toContain("--max-retries:");
    expect(r.stderr).toContain("--header:");
  });

  it("prints warnings to stderr and still sends", async () => {
    const em = emulator();
    const cwd = await tempDir();
    const r = await runInProcess(["images", "generate", "-p", "a kite", "--partial-images", "2"], {
      env,
      fetch: em.fetch,
      cwd,
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: --partial-images: .*ignored/);
    expect(em.stats.generations).toBe(1);
  });

  it("exits 2 naming OPENAI_API_KEY when no key is set, before any request", async () => {
    const em = emulator();
    const r = await runInProcess(["images", "generate", "-p", "a kite"], {
      env: {},
      fetch: em.fetch,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("OPENAI_API_KEY");
    expect(r.stderr).toContain("--api-key");
    expect(em.stats.requests).toBe(0);
  });
});

describe("files", () => {
  it("refuses to overwrite before sending, and replaces with --overwrite", async () => {
    const em = emulator();
    const cwd = await tempDir();
    await mkdir(join(cwd, "images"));
    await writeFile(join(cwd, "images", "kite-1.png"), "old");
    const argv = ["images", "generate", "-p", "a kite", "--prefix", "kite"];
    const refused = await runInProcess(argv, { env, fetch: em.fetch, cwd });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(join("images", "kite-1.png"));
    expect(refused.stderr).toContain("--overwrite");
    expect(em.stats.requests).toBe(0);
    const replaced = await runInProcess([...argv, "--overwrite"], { env, fetch: em.fetch, cwd });
    expect(replaced.code).toBe(0);
    expect((await sharp(join(cwd, "images", "kite-1.png")).metadata()).format).toBe("png");
  });

  it("picks a fresh default prefix instead of overwriting", async () => {
    const em = emulator();
    const cwd = await tempDir();
    const now = () => new Date(2026, 0, 2, 3, 4, 5);
    await mkdir(join(cwd, "out"));
    await writeFile(join(cwd, "out", "image-20260102-030405-1.jpeg"), "old");
    const r = await runInProcess(
      ["images", "generate", "-p", "a kite", "-o", "out", "-f", "jpeg"],
      {
        env,
        fetch: em.fetch,
        cwd,
        now,
      },
    );
    expect(r.code).toBe(0);
    expect(await filesIn(join(cwd, "out"))).toEqual([
      "image-20260102-030405-1.jpeg",
      "image-20260102-030405-2-1.jpeg",
    ]);
    expect(await readFile(join(cwd, "out", "image-20260102-030405-1.jpeg"), "utf8")).toBe("old");
    expect(r.stdout).toBe(`image 1 saved to ${join("out", "image-20260102-030405-2-1.jpeg")}\n`);
  });
});

describe("output", () => {
  it("draws a spinner on a terminal only, never with NO_COLOR", async () => {
    const em = emulator();
    const argv = ["images", "generate", "-p", "a kite", "-q", "low"];
    const tty = await runInProcess(argv, { env, fetch: em.fetch, cwd: await tempDir(), tty: true });
    expect(tty.code).toBe(0);
    expect(tty.stderr).toContain("\r\x1b[2K");
    expect(tty.stderr).toContain("generating 1 image with gpt-image-1.5");
    expect(tty.stderr).toContain("\x1b[32m");
    for (const options of [
      { tty: false, env },
      { tty: true, env: { ...env, NO_COLOR: "1" } },
    ]) {
      const plain = await runInProcess(argv, { ...options, fetch: em.fetch, cwd: await tempDir() });
      expect(plain.code).toBe(0);
      expect(plain.stderr).not.toContain("\r");
      expect(plain.stderr).not.toContain("\x1b[");
      expect(plain.stderr).toMatch(/^done in /m);
    }
  });

  it("prints JSON with base64 only when asked", async () => {
    const em = emulator();
    const cwd = await tempDir();
    const argv = ["images", "generate", "-p", "a kite", "-q", "low", "-s", "1024x1024", "--json"];
    const plain = await runInProcess(argv, { env, fetch: em.fetch, cwd });
    expect(plain.code).toBe(0);
    const json = JSON.parse(plain.stdout);
    expect(json.images[0].b64_json).toBeUndefined();
    expect(json.images[0].path).toBe(join(cwd, "images", json.images[0].path.split("/").pop()));
    const withB64 = JSON.parse(
      (await runInProcess([...argv, "--include-b64"], { env, fetch: em.fetch, cwd })).stdout,
    );
    const meta = await sharp(Buffer.from(withB64.images[0].b64_json, "base64")).metadata();
    expect([meta.width, meta.height]).toEqual([1024, 1024]);
  });

  it("aborts on its signal: exit 130, the partial kept, no final image", async () => {
    const em = emulator({ fault: "stall" });
    const cwd = await tempDir();
    const controller = new AbortController();
    const stdout = collector();
    const stderr = {
      text: "",
      write(chunk: string) {
        this.text += chunk;
        if (this.text.includes("partial 1 saved")) controller.abort();
        return true;
      },
    };
    const code = await run(
      ["images", "generate", "-p", "a kite", "--stream", "--partial-images", "2", "--prefix", "k"],
      { env, fetch: em.fetch, cwd, stdout, stderr, signal: controller.signal },
    );
    expect(code).toBe(130);
    expect(stderr.text).toContain("interrupted");
    expect(await filesIn(join(cwd, "images"))).toEqual(["k-partial-1.png"]);
  });

  it("never prints the API key, on success or failure, in text or JSON", async () => {
    const cwd = await tempDir();
    const wrongKey = emulator({ apiKeys: ["sk-another-key-123"] });
    const ok = emulator();
    const runs = [
      await runInProcess(["images", "generate", "-p", "a kite"], {
        env,
        fetch: wrongKey.fetch,
        cwd,
      }),
      await runInProcess(["images", "generate", "-p", "a kite", "--json"], {
        env,
        fetch: wrongKey.fetch,
        cwd,
      }),
      await runInProcess(["images", "generate", "-p", "a kite", "--api-key", SECRET], {
        env: {},
        fetch: wrongKey.fetch,
        cwd,
      }),
      await runInProcess(["images", "generate", "-p", "a kite", "--json", "--include-b64"], {
        env,
        fetch: ok.fetch,
        cwd,
      }),
      await runInProcess(["images", "generate", "-p", "a kite", "--stream"], {
        env,
        fetch: ok.fetch,
        cwd,
        tty: true,
      }),
    ];
    expect(runs.map((r) => r.code)).toEqual([1, 1, 1, 0, 0]);
    expect(runs[0]!.stderr).toContain("HTTP 401");
    for (const r of runs) {
      expect(r.stdout).not.toContain(SECRET);
      expect(r.stderr).not.toContain(SECRET);
      expect(r.stdout + r.stderr).not.toContain("SECRET");
    }
  });
});
