import { EXIT_INTERRUPTED } from "./report-error";
import { run } from "./run";

// Ctrl-C aborts the request and lets the run clean up (no file under a final name); a second
// Ctrl-C exits at once.
const controller = new AbortController();
process.on("SIGINT", () => {
  if (controller.signal.aborted) process.exit(EXIT_INTERRUPTED);
  controller.abort();
});

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // run() reports its own errors; reaching this is a bug, shown without any request data.
    process.stderr.write(
      `easel: unexpected failure: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
