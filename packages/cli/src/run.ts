import type { FetchFunction } from "@easel/node";
import packageJson from "../package.json";
import { generateCommand } from "./generate-command";
import { IMAGES_HELP, MAIN_HELP } from "./help";
import { EXIT_INTERRUPTED } from "./report-error";
import { createWriter, isInteractive, type OutputStream } from "./terminal";

/** The CLI's surroundings; `bin.ts` passes the process's, tests pass their own. */
export interface RunOptions {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined;
  /** Replaces the network (tests, the emulator's handler). */
  fetch?: FetchFunction | undefined;
  /** Aborting it cancels the request; the run then ends with exit code 130. */
  signal?: AbortSignal | undefined;
  /** Default `process.cwd()`. */
  cwd?: string | undefined;
  /** The clock for default file names. */
  now?: (() => Date) | undefined;
}

/**
 * The CLI's version, from its package.json (`easel --version`).
 *
 * @example
 * ```ts
 * console.log(`easel ${VERSION}`);
 * ```
 */
export const VERSION: string = packageJson.version;

const isHelp = (arg: string | undefined) => arg === "-h" || arg === "--help" || arg === "help";

/**
 * Runs the `easel` command line and resolves with the exit code: 0 done, 1 failed, 2 invalid
 * usage or request (nothing sent), 130 interrupted. Never writes the API key.
 *
 * @example
 * ```ts
 * const code = await run(["images", "generate", "--prompt", "a kite"], {
 *   stdout: process.stdout,
 *   stderr: process.stderr,
 * });
 * process.exitCode = code;
 * ```
 */
export async function run(argv: readonly string[], options: RunOptions): Promise<number> {
  const env = options.env ?? process.env;
  const interactive = isInteractive(options.stdout, options.stderr, env);
  const secrets: string[] = [];
  const envKey = env.OPENAI_API_KEY?.trim();
  if (envKey) secrets.push(envKey);
  const writerOptions = { secrets: () => secrets, color: false };
  const out = createWriter(options.stdout, writerOptions);
  const err = createWriter(options.stderr, { ...writerOptions, color: interactive });

  const [command, sub, ...rest] = argv;
  if (command === undefined) {
    err.write(MAIN_HELP);
    return 2;
  }
  if (isHelp(command)) {
    out.write(MAIN_HELP);
    return 0;
  }
  if (command === "-V" || command === "--version") {
    out.line(VERSION);
    return 0;
  }
  if (command !== "images") {
    err.line(`${err.paint("red", "error:")} unknown command '${command.slice(0, 40)}'.`);
    err.line("Run 'easel --help' for the commands.");
    return 2;
  }
  if (sub === undefined) {
    err.write(IMAGES_HELP);
    return 2;
  }
  if (isHelp(sub)) {
    out.write(IMAGES_HELP);
    return 0;
  }
  if (sub !== "generate") {
    err.line(`${err.paint("red", "error:")} unknown command 'images ${sub.slice(0, 40)}'.`);
    err.line("Run 'easel images --help' for the commands.");
    return 2;
  }
  if (options.signal?.aborted) return EXIT_INTERRUPTED;
  return generateCommand(rest, {
    env,
    out,
    err,
    interactive,
    cwd: options.cwd ?? process.cwd(),
    now: options.now ?? (() => new Date()),
    fetch: options.fetch,
    signal: options.signal,
    addSecret: (secret) => secrets.push(secret),
  });
}
