import {
  ApiError,
  EaselError,
  ImageRequestValidationError,
  StreamTruncatedError,
} from "@easel/node";
import { flagOf } from "./generate-flags";
import type { Writer } from "./terminal";

/** Where and how to report a failed generation. */
export interface ReportContext {
  err: Writer;
  /** With `--json`: the error also goes to stdout as `{ "error": {...} }`. */
  out: Writer | undefined;
  signal: AbortSignal | undefined;
  /** The request id of a stream that failed after its headers arrived. */
  requestId: string | null;
  outDir: string;
}

/** Exit code of an interrupted run (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/**
 * Prints a failed generation and returns the exit code: 130 when interrupted, 2 for a request
 * refused before sending, 1 for everything else (the API's error with its status, message
 * and request id; network failures; timeouts; cut streams).
 *
 * @example
 * ```ts
 * return reportError(error, { err, out: undefined, signal, requestId: null, outDir: "images" });
 * ```
 */
export function reportError(error: unknown, context: ReportContext): number {
  const { err } = context;
  const label = err.paint("red", "error:");
  const json: Record<string, unknown> = {
    name: error instanceof Error ? error.name : "Error",
    message: error instanceof Error ? error.message : String(error),
  };
  let code = 1;

  if (context.signal?.aborted) {
    err.line("interrupted: the request was cancelled; no image was saved under a final name.");
    json.name = "AbortError";
    json.message = "interrupted";
    code = EXIT_INTERRUPTED;
  } else if (ImageRequestValidationError.isInstance(error)) {
    err.line(`${label} the request is invalid and was not sent:`);
    for (const issue of error.issues) err.line(`  ${flagOf(issue.param)}: ${issue.message}`);
    json.issues = error.issues;
    code = 2;
  } else if (ApiError.isInstance(error)) {
    const apiMessage =
      typeof error.error?.message === "string" ? error.error.message : error.message;
    const requestId = error.requestId ?? context.requestId;
    err.line(
      `${label} ${error.status === undefined ? "the API sent an error event in the stream" : `the API answered HTTP ${error.status}`}`,
    );
    err.line(`  message:    ${apiMessage}`);
    const details = [
      error.type && `type ${error.type}`,
      error.code && `code ${error.code}`,
      error.param && `param ${error.param}`,
    ].filter(Boolean);
    if (details.length) err.line(`  details:    ${details.join(", ")}`);
    err.line(`  request id: ${requestId ?? "(none sent)"}`);
    Object.assign(json, {
      status: error.status ?? null,
      apiMessage,
      type: error.type,
      code: error.code,
      param: error.param,
      requestId,
    });
  } else if (StreamTruncatedError.isInstance(error)) {
    err.line(`${label} ${error.message}`);
    if (error.partialImages.length > 0) {
      err.line(`  The partial images received are saved in ${context.outDir}.`);
    }
    json.requestId = context.requestId;
  } else if (EaselError.isInstance(error) || error instanceof Error) {
    err.line(`${label} ${error.message}`);
  } else {
    err.line(`${label} ${String(error)}`);
  }
  context.out?.line(JSON.stringify({ error: json }, null, 2));
  return code;
}
