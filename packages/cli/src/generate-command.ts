import { access } from "node:fs/promises";
import { isAbsolute, join, relative, resolve } from "node:path";
import {
  type CostEstimate,
  createImagesClient,
  estimateCost,
  type FetchFunction,
  type GeneratedImage,
  getModelSpec,
  type ImageGenerateParams,
  type ImageUsage,
  saveImages,
  saveStream,
  validateImageRequest,
} from "@easel/node";
import { flagOf } from "./generate-flags";
import { GENERATE_HELP } from "./help";
import { parseGenerateArgs } from "./parse-generate-args";
import { reportError } from "./report-error";
import { createProgress, type Writer } from "./terminal";

/** What the generate command needs from its surroundings. */
export interface GenerateContext {
  env: Readonly<Record<string, string | undefined>>;
  out: Writer;
  err: Writer;
  interactive: boolean;
  cwd: string;
  now: () => Date;
  fetch: FetchFunction | undefined;
  signal: AbortSignal | undefined;
  /** Registers the API key with the writers' redaction as soon as it is known. */
  addSecret: (secret: string) => void;
}

interface FileEntry {
  path: string;
  image: GeneratedImage;
}

/** The facts printed at the end, from a response or a stream's completed events. */
interface Outcome {
  created: number | undefined;
  background: string | undefined;
  size: string | undefined;
  quality: string | undefined;
  output_format: string | undefined;
  usage: ImageUsage | undefined;
  requestId: string | null;
  images: FileEntry[];
  partials: FileEntry[];
}

const pad = (n: number) => String(n).padStart(2, "0");

function defaultPrefix(date: Date): string {
  return `image-${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

// The names this request can write, checked before sending: a clash found after the
// generation would lose an image that was already paid for.
function plannedNames(prefix: string, params: Record<string, unknown>): string[] {
  const n = typeof params.n === "number" ? params.n : 1;
  const ext = typeof params.output_format === "string" ? params.output_format : "png";
  const names: string[] = [];
  for (let i = 1; i <= n; i++) names.push(`${prefix}-${i}.${ext}`);
  if (params.stream === true && typeof params.partial_images === "number") {
    for (let i = 1; i <= n * params.partial_images; i++)
      names.push(`${prefix}-partial-${i}.${ext}`);
  }
  return names;
}

function costOf(
  model: string,
  params: Record<string, unknown>,
  usage: ImageUsage | undefined,
  count: number,
): CostEstimate | undefined {
  if (getModelSpec(model)?.prices?.kind === "per-image") {
    const size = typeof params.size === "string" ? params.size : "1024x1024";
    const quality = typeof params.quality === "string" ? params.quality : undefined;
    return estimateCost({ images: count, size, quality }, model);
  }
  return usage ? estimateCost(usage, model) : undefined;
}

/**
 * `easel images generate`: validate, send, save (atomically), report. Returns the exit code.
 *
 * @example
 * ```ts
 * const code = await generateCommand(["--prompt", "a kite"], context);
 * ```
 */
export async function generateCommand(
  argv: readonly string[],
  context: GenerateContext,
): Promise<number> {
  const { out, err } = context;
  const parsed = parseGenerateArgs(argv);
  if (parsed.kind === "help") {
    out.write(GENERATE_HELP);
    return 0;
  }
  if (parsed.kind === "usage-error") {
    err.line(`${err.paint("red", "error:")} ${parsed.message}`);
    err.line("Run 'easel images generate --help' for the options.");
    return 2;
  }
  const { config, issues: flagIssues } = parsed;
  // Refused before sending: exit 2, and with --json the same as `{ "error": ... }` on stdout.
  const refuse = (message: string, details: string[] = []) => {
    err.line(`${err.paint("red", "error:")} ${message}`);
    for (const line of details) err.line(`  ${line}`);
    if (config.json) {
      out.line(
        JSON.stringify({ error: { name: "UsageError", message, problems: details } }, null, 2),
      );
    }
    return 2;
  };
  const apiKey = config.apiKey ?? context.env.OPENAI_API_KEY?.trim();
  if (apiKey) context.addSecret(apiKey);

  // Every problem at once, flags and request rules together, before anything is sent.
  const checked = validateImageRequest(config.params as unknown as ImageGenerateParams);
  for (const warning of checked.warnings) {
    err.line(`${err.paint("yellow", "warning:")} ${flagOf(warning.param)}: ${warning.message}`);
  }
  const problems = [
    ...flagIssues.map((i) => `${i.flag}: ${i.message}`),
    ...(checked.ok
      ? []
      : checked.issues.map((i) => `${flagOf(i.param)}: ${i.message}${i.hint ? ` ${i.hint}` : ""}`)),
  ];
  if (problems.length > 0) {
    const code = refuse(
      `the request is invalid and was not sent (${problems.length} ${problems.length === 1 ? "problem" : "problems"}):`,
      problems,
    );
    err.line("Run 'easel images generate --help' for the options.");
    return code;
  }
  if (!checked.ok) return 2;
  if (!apiKey) {
    return refuse("no API key: set the OPENAI_API_KEY environment variable or pass --api-key.");
  }

  const outDir = resolve(context.cwd, config.out);
  let prefix = config.prefix ?? defaultPrefix(context.now());
  if (!config.overwrite) {
    for (let attempt = 2; ; attempt++) {
      const names = plannedNames(prefix, config.params);
      const taken = (await Promise.all(names.map((n) => exists(join(outDir, n))))).findIndex(
        Boolean,
      );
      if (taken === -1) break;
      if (config.prefix !== undefined) {
        return refuse(
          `${show(context.cwd, join(outDir, names[taken]!))} already exists: pass --overwrite to replace it, or another --prefix.`,
        );
      }
      prefix = `${defaultPrefix(context.now())}-${attempt}`;
    }
  }

  const params = config.params as unknown as ImageGenerateParams;
  const model = checked.model;
  const stream = params.stream === true;
  const client = createImagesClient({
    apiKey,
    baseURL: config.baseURL,
    env: context.env,
    timeout: config.timeout,
    maxRetries: config.maxRetries,
    defaultHeaders: config.headers,
    fetch: context.fetch,
    // Printed above already, once.
    onWarning: () => {},
  });
  const progress = createProgress(err, { enabled: context.interactive });
  const count = typeof params.n === "number" ? params.n : 1;
  progress.start(
    `${stream ? "streaming" : "generating"} ${count} ${count === 1 ? "image" : "images"} with ${model}`,
  );
  let requestId: string | null = null;
  let outcome: Outcome;
  try {
    if (stream) {
      const imageStream = await client.images.generate(
        { ...params, stream: true },
        { signal: context.signal },
      );
      requestId = imageStream.requestId;
      const partials: FileEntry[] = [];
      const saved = await saveStream(imageStream, outDir, {
        prefix,
        overwrite: config.overwrite,
        signal: context.signal,
        onSaved(file) {
          if (file.kind !== "partial") return;
          partials.push({ path: file.path, image: file.image });
          progress.log(
            `partial ${file.index} saved to ${show(context.cwd, file.path)} (${progress.elapsed()})`,
          );
        },
      });
      const last = saved.completed.at(-1);
      outcome = {
        created: last?.created_at,
        background: last?.background,
        size: last?.size,
        quality: last?.quality,
        output_format: last?.output_format,
        usage: saved.usage,
        requestId: saved.requestId,
        partials,
        images: saved.imagePaths.map((path, i) => ({ path, image: saved.completed[i]!.image })),
      };
    } else {
      const result = await client.images.generate(
        { ...params, stream: false },
        { signal: context.signal },
      );
      requestId = result.requestId;
      const paths = await saveImages(result, outDir, {
        prefix,
        overwrite: config.overwrite,
        fetch: context.fetch,
        signal: context.signal,
      });
      outcome = {
        created: result.created,
        background: result.background,
        size: result.size,
        quality: result.quality,
        output_format: result.output_format,
        usage: result.usage,
        requestId: result.requestId,
        partials: [],
        images: paths.map((path, i) => ({ path, image: result.images[i]! })),
      };
    }
  } catch (error) {
    progress.stop();
    return reportError(error, {
      err,
      out: config.json ? out : undefined,
      signal: context.signal,
      requestId,
      outDir: show(context.cwd, outDir),
    });
  } finally {
    progress.stop();
    await client.close();
  }

  const cost = costOf(model, config.params, outcome.usage, outcome.images.length);
  if (config.json) {
    const entry = (file: FileEntry) => ({
      path: file.path,
      mimeType: file.image.mimeType,
      ...(file.image.revisedPrompt !== undefined
        ? { revised_prompt: file.image.revisedPrompt }
        : {}),
      ...(file.image.url !== undefined ? { url: file.image.url } : {}),
      ...(config.includeB64 && file.image.b64_json !== undefined
        ? { b64_json: file.image.b64_json }
        : {}),
    });
    out.line(
      JSON.stringify(
        {
          model,
          created: outcome.created ?? null,
          background: outcome.background ?? null,
          size: outcome.size ?? null,
          quality: outcome.quality ?? null,
          output_format: outcome.output_format ?? null,
          usage: outcome.usage ?? null,
          requestId: outcome.requestId,
          cost: cost ?? null,
          images: outcome.images.map(entry),
          partialImages: outcome.partials.map(entry),
          warnings: checked.warnings.map((w) => ({ param: w.param, message: w.message })),
        },
        null,
        2,
      ),
    );
    return 0;
  }
  for (const [i, file] of outcome.images.entries()) {
    out.line(`image ${i + 1} saved to ${show(context.cwd, file.path)}`);
    if (file.image.revisedPrompt) out.line(`  revised prompt: ${file.image.revisedPrompt}`);
  }
  const facts = [
    outcome.size,
    outcome.quality && `quality ${outcome.quality}`,
    outcome.output_format,
    outcome.usage && `${outcome.usage.total_tokens} tokens`,
    cost && `est. $${cost.total.toFixed(4)}`,
    outcome.requestId && `request ${outcome.requestId}`,
  ].filter(Boolean);
  err.line(
    err.paint("green", `done in ${progress.elapsed()}`) +
      (facts.length ? ` · ${facts.join(" · ")}` : ""),
  );
  return 0;
}

/** A path as the user would type it: relative to the working directory when inside it. */
function show(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}
