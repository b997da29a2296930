// Issue 9, secrets: the planted key, given by OPENAI_API_KEY or --api-key, never reaches the
// CLI's output in any mode (text, --json, --json --include-b64, --stream, --stream --json, a
// terminal with its spinner) on success or on any failure the emulator can inject. The full
// matrix runs in-process over real sockets; the built binary runs each mode once more.
import { join } from "node:path";
import { FAULT_NAMES } from "@easel/emulator";
import { type RunningEmulator, startEmulator } from "@easel/emulator/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv, filesIn, runCli, runInProcess, tempDir } from "./test-support";

const PLANTED = "sk-test-PLANTED-SECRET-0123456789";
// What would give the key away; base64 and request ids cannot contain "PLANTED-SECRET".
const FRAGMENTS = [PLANTED, "PLANTED-SECRET"];

let server: RunningEmulator;
let strict: RunningEmulator;
beforeAll(async () => {
  server = await startEmulator({ streamIntervalMs: 1 });
  strict = await startEmulator({ streamIntervalMs: 1, apiKeys: ["sk-the-right-key-000000"] });
});
afterAll(async () => {
  await Promise.all([server.close(), strict.close()]);
});

function expectNoKey(output: { stdout: string; stderr: string }, where: string) {
  for (const fragment of FRAGMENTS) {
    if ((output.stdout + output.stderr).includes(fragment)) {
      throw new Error(`${where}: the key shows up in:\n${output.stdout}\n${output.stderr}`);
    }
  }
}

const BASE = ["images", "generate", "-p", "a paper boat", "-q", "low", "-s", "1024x1024"];
const MODES: [string, string[]][] = [
  ["text", []],
  ["--json", ["--json"]],
  ["--json --include-b64", ["--json", "--include-b64"]],
  ["--stream", ["--stream", "--partial-images", "1"]],
  ["--stream --json", ["--stream", "--partial-images", "1", "--json"]],
];
// Every fault that ends a run without a long wait (a streamed stall waits for the idle timeout).
// Every fault the emulator can inject but the stall, which would only wait out the timeout.
const FAULTS = FAULT_NAMES.filter((name) => name !== "stall");

describe(`the planted key (${PLANTED}) never reaches the CLI's output`, () => {
  for (const [mode, flags] of MODES) {
    it(`${mode}: success, a rejected key, and every fault (in-process, real sockets)`, async () => {
      const cwd = await tempDir();
      const env = { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: server.url };
      const ok = await runInProcess([...BASE, ...flags], { env, cwd });
      expect(ok.code).toBe(0);
      expectNoKey(ok, `${mode} success`);
      const rejected = await runInProcess(
        [...BASE, ...flags, "--api-key", PLANTED, "--base-url", strict.url],
        { env: {}, cwd },
      );
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toContain("401");
      expectNoKey(rejected, `${mode} 401`);
      for (const fault of FAULTS) {
        const run = await runInProcess(
          [
            ...BASE,
            ...flags,
            "--max-retries",
            "0",
            "--header",
            `x-emulator-fault=${fault}`,
            "--header",
            "x-emulator-retry-after=0",
          ],
          { env, cwd },
        );
        expect(run.code, `${mode} ${fault}`).toBe(1);
        expectNoKey(run, `${mode} ${fault}`);
      }
    });
  }

  it("a terminal (spinner and colors) streaming, and failing", async () => {
    const cwd = await tempDir();
    const env = { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: server.url };
    const stream = ["--stream", "--partial-images", "1"];
    const ok = await runInProcess([...BASE, ...stream], { env, cwd, tty: true });
    expect(ok.code).toBe(0);
    expectNoKey(ok, "tty success");
    const cut = await runInProcess([...BASE, ...stream, "--header", "x-emulator-fault=truncate"], {
      env,
      cwd,
      tty: true,
    });
    expect(cut.code).toBe(1);
    expectNoKey(cut, "tty truncate");
  });

  it("a timeout and a refused connection", async () => {
    const cwd = await tempDir();
    const slow = await runInProcess(
      [...BASE, "--timeout", "100", "--max-retries", "0", "--header", "x-emulator-fault=stall"],
      { env: { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: server.url }, cwd },
    );
    expect(slow.code).toBe(1);
    expectNoKey(slow, "timeout");
    const refused = await runInProcess([...BASE, "--max-retries", "0"], {
      env: { OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: "http://127.0.0.1:1/v1" },
      cwd,
    });
    expect(refused.code).toBe(1);
    expectNoKey(refused, "refused");
  });

  it("the built binary: every mode, key by env and by --api-key, success and failure", async () => {
    const cwd = await tempDir();
    for (const [mode, flags] of MODES) {
      const byEnv = await runCli([...BASE, ...flags, "--header", "x-emulator-fault=truncate"], {
        cwd,
        env: cleanEnv({ OPENAI_API_KEY: PLANTED, OPENAI_BASE_URL: server.url }),
      });
      expect(byEnv.code, mode).toBe(1);
      expectNoKey(byEnv, `binary ${mode} truncate`);
      const byFlag = await runCli([...BASE, ...flags, "--api-key", PLANTED], {
        cwd,
        env: cleanEnv({ OPENAI_BASE_URL: server.url }),
      });
      expect(byFlag.code, mode).toBe(0);
      expectNoKey(byFlag, `binary ${mode} success`);
    }
    // Nothing was written under a name that holds the key either.
    for (const file of await filesIn(join(cwd, "images"))) {
      for (const fragment of FRAGMENTS) expect(file).not.toContain(fragment);
    }
  });
});
