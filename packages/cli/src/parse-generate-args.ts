import { type ParseArgsConfig, parseArgs } from "node:util";
import { DEFAULT_MODEL, PARAM_FLAGS } from "./generate-flags";
import { type FlagIssue, parseDuration, parseHeader, parseInteger } from "./parse-values";

/** Everything `easel images generate` was asked to do. */
export interface GenerateConfig {
  /** The request body, from the parameter flags; `model` defaults to `DEFAULT_MODEL`. */
  params: Record<string, unknown>;
  out: string;
  /** `undefined`: pick a fresh `image-<date>-<time>` prefix. */
  prefix: string | undefined;
  overwrite: boolean;
  apiKey: string | undefined;
  baseURL: string | undefined;
  timeout: number | undefined;
  maxRetries: number | undefined;
  headers: Record<string, string>;
  json: boolean;
  includeB64: boolean;
}

/** What the command line says: help, a usage error, or a config plus the flags that failed. */
export type ParsedGenerateArgs =
  | { kind: "help" }
  | { kind: "usage-error"; message: string }
  | { kind: "config"; config: GenerateConfig; issues: FlagIssue[] };

const options = {
  ...Object.fromEntries(
    PARAM_FLAGS.map((f) => [
      f.flag,
      { type: f.kind === "boolean" ? "boolean" : "string", ...(f.short ? { short: f.short } : {}) },
    ]),
  ),
  out: { type: "string", short: "o" },
  prefix: { type: "string" },
  overwrite: { type: "boolean" },
  "api-key": { type: "string" },
  "base-url": { type: "string" },
  timeout: { type: "string" },
  "max-retries": { type: "string" },
  header: { type: "string", multiple: true },
  json: { type: "boolean" },
  "include-b64": { type: "boolean" },
  help: { type: "boolean", short: "h" },
} satisfies ParseArgsConfig["options"];

// parseArgs' own messages quote the offending argument; a stray value may be a key typed
// after a misspelt flag, so those messages are replaced by ones that do not echo it.
function usageMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") {
    return 'unexpected argument: every value goes after its flag (for example --prompt "a red kite").';
  }
  const message = error instanceof Error ? error.message : String(error);
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") {
    const flag = /'(-[^']*)'/.exec(message)?.[1];
    return `unknown option${flag && flag.length <= 40 ? ` ${flag}` : ""}.`;
  }
  return message.replace(/\.?$/, ".");
}

/**
 * Reads the arguments of `easel images generate`. Numbers are read strictly (`--n abc` is an
 * issue naming `--n`); the request rules themselves are core's, checked by the caller.
 *
 * @example
 * ```ts
 * const parsed = parseGenerateArgs(["--prompt", "a kite", "--n", "2"]);
 * if (parsed.kind === "config") console.log(parsed.config.params); // { prompt: "a kite", n: 2, model: "gpt-image-1.5" }
 * ```
 */
export function parseGenerateArgs(argv: readonly string[]): ParsedGenerateArgs {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }));
  } catch (error) {
    return { kind: "usage-error", message: usageMessage(error) };
  }
  if (values.help) return { kind: "help" };

  const issues: FlagIssue[] = [];
  const params: Record<string, unknown> = {};
  for (const f of PARAM_FLAGS) {
    const value = values[f.flag];
    if (value === undefined) continue;
    if (f.kind === "integer") {
      const parsed = parseInteger(`--${f.flag}`, value as string);
      if (parsed.ok) params[f.param] = parsed.value;
      else issues.push(parsed.issue);
    } else {
      params[f.param] = value;
    }
  }
  params.model ??= DEFAULT_MODEL;

  const number = (flag: string, parse: typeof parseInteger) => {
    const text = values[flag];
    if (typeof text !== "string") return undefined;
    const parsed = parse(`--${flag}`, text);
    if (parsed.ok) return parsed.value;
    issues.push(parsed.issue);
    return undefined;
  };
  const timeout = number("timeout", parseDuration);
  const maxRetries = number("max-retries", parseInteger);
  if (maxRetries !== undefined && maxRetries < 0) {
    issues.push({ flag: "--max-retries", message: "expected 0 or more." });
  }
  const headers: Record<string, string> = {};
  for (const text of (values.header as string[] | undefined) ?? []) {
    const parsed = parseHeader("--header", text);
    if (parsed.ok) headers[parsed.value[0]] = parsed.value[1];
    else issues.push(parsed.issue);
  }
  const prefix = values.prefix as string | undefined;
  if (prefix !== undefined && !/^[^\\/\0]+$/.test(prefix)) {
    issues.push({ flag: "--prefix", message: "expected a file name prefix without slashes." });
  }
  if (values["include-b64"] && !values.json) {
    issues.push({ flag: "--include-b64", message: "only applies with --json." });
  }

  return {
    kind: "config",
    issues,
    config: {
      params,
      out: (values.out as string | undefined) ?? "images",
      prefix,
      overwrite: values.overwrite === true,
      apiKey: values["api-key"] as string | undefined,
      baseURL: values["base-url"] as string | undefined,
      timeout,
      maxRetries,
      headers,
      json: values.json === true,
      includeB64: values["include-b64"] === true,
    },
  };
}
