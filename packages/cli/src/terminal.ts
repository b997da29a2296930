/** Where the CLI writes: `process.stdout`, `process.stderr`, or a test's collector. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
}

/** A writer that never lets a secret through, with optional colors. */
export interface Writer {
  write(text: string): void;
  line(text?: string): void;
  readonly color: boolean;
  paint(code: "red" | "yellow" | "green" | "dim" | "bold", text: string): string;
}

const CODES = { red: 31, yellow: 33, green: 32, dim: 2, bold: 1 } as const;

/**
 * Wraps a stream so every write has the secrets replaced by `[redacted]`, whatever printed
 * them (an error message echoing a header, a URL with a key in it).
 *
 * @example
 * ```ts
 * const err = createWriter(process.stderr, { secrets: [apiKey], color: false });
 * err.line(`error: ${error.message}`);
 * ```
 */
export function createWriter(
  stream: OutputStream,
  options: { secrets: () => readonly string[]; color: boolean },
): Writer {
  const redact = (text: string) => {
    let out = text;
    for (const secret of options.secrets()) {
      // Short strings would redact ordinary words; real keys are long.
      if (secret.length >= 8) out = out.split(secret).join("[redacted]");
    }
    return out;
  };
  return {
    color: options.color,
    write: (text) => {
      stream.write(redact(text));
    },
    line(text = "") {
      this.write(`${text}\n`);
    },
    paint: (code, text) => (options.color ? `\x1b[${CODES[code]}m${text}\x1b[0m` : text),
  };
}

/**
 * Whether to draw a spinner and colors: only on a terminal (stdout and stderr both), and
 * never with `NO_COLOR` or `TERM=dumb`.
 *
 * @example
 * ```ts
 * const fancy = isInteractive(process.stdout, process.stderr, process.env);
 * ```
 */
export function isInteractive(
  stdout: OutputStream,
  stderr: OutputStream,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return stdout.isTTY === true && stderr.isTTY === true && !env.NO_COLOR && env.TERM !== "dumb";
}

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** Progress on stderr: a spinner with the elapsed time, and lines printed around it. */
export interface Progress {
  start(label: string): void;
  /** Prints a line above the spinner (the spinner keeps going). */
  log(text: string): void;
  stop(): void;
  /** Seconds since `start`, as `4.2s`. */
  elapsed(): string;
}

/**
 * A spinner with the elapsed time, redrawn on one line; disabled it prints nothing but the
 * `log` lines, so logs and pipes get plain text.
 *
 * @example
 * ```ts
 * const progress = createProgress(err, { enabled: isInteractive(...) });
 * progress.start("generating");
 * progress.log("partial 1 saved to images/a-partial-1.png");
 * progress.stop();
 * ```
 */
export function createProgress(writer: Writer, options: { enabled: boolean }): Progress {
  let startedAt = performance.now();
  let label = "";
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;
  const elapsed = () => `${((performance.now() - startedAt) / 1000).toFixed(1)}s`;
  const draw = () => {
    writer.write(
      `\r\x1b[2K${writer.paint("dim", FRAMES[frame++ % FRAMES.length]!)} ${label} ${writer.paint("dim", elapsed())}`,
    );
  };
  const clear = () => writer.write("\r\x1b[2K");
  return {
    start(text) {
      startedAt = performance.now();
      label = text;
      if (!options.enabled) return;
      draw();
      timer = setInterval(draw, 80);
      // Never the reason the process stays alive.
      timer.unref?.();
    },
    log(text) {
      if (timer) clear();
      writer.line(text);
      if (timer) draw();
    },
    stop() {
      if (!timer) return;
      clearInterval(timer);
      timer = undefined;
      clear();
    },
    elapsed,
  };
}
