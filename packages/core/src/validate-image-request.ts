import {
  BACKGROUNDS,
  IMAGE_PARAM_NAMES,
  type ImageGenerateParams,
  MODERATIONS,
  OUTPUT_FORMATS,
  QUALITIES,
  RESPONSE_FORMATS,
  STYLES,
} from "./image-params";
import { getModelSpec, isRetired, type ModelSpec } from "./model-registry";
import { checkSize, isExperimentalSize } from "./size";

/** One reason a request would be refused, in the API's words (FACTS §3). */
export interface ValidationIssue {
  /** The parameter at fault, `null` for the body as a whole. */
  param: string | null;
  /** The API's code: `invalid_value`, `unknown_parameter`, `invalid_type`, ... */
  code: string;
  /** The API's error type for this issue. */
  type: "invalid_request_error" | "image_generation_user_error";
  /** What the API would say. */
  message: string;
  /** What to do about it, when there is something better to say than the message. */
  hint?: string;
}

/** Something that will not fail the request but deserves attention. */
export interface ValidationWarning {
  param: string | null;
  code: "model_retired" | "experimental_size" | "ignored_parameter" | "unknown_model";
  message: string;
}

export type ValidationResult =
  | {
      ok: true;
      /** The request as it should be sent: parameters given as `null` are dropped. */
      request: ImageGenerateParams;
      /** The model the API will use (the default resolved as the API resolves it). */
      model: string;
      /** The registry row of that model; `undefined` for a model easel does not know. */
      spec: ModelSpec | undefined;
      warnings: ValidationWarning[];
    }
  | { ok: false; issues: ValidationIssue[]; warnings: ValidationWarning[] };

export interface ValidateOptions {
  /** The date lifecycle warnings are judged at. Defaults to now. */
  now?: Date;
}

// Parameters only the GPT image models have: any of them makes the API's default model a
// GPT image model instead of dall-e-2 (spec: "Defaults to dall-e-2 unless a parameter
// specific to the GPT image models is used").
const GPT_ONLY = [
  "background",
  "moderation",
  "output_compression",
  "output_format",
  "partial_images",
] as const;
/** The GPT image model the API falls back to when a GPT-only parameter is present. */
const DEFAULT_GPT_MODEL = "gpt-image-1";
const DEFAULT_MODEL = "dall-e-2";
const COMMON_MAX_PROMPT = 32_000;
const COMMON_MAX_N = 10;
const KNOWN = new Set<string>(IMAGE_PARAM_NAMES);

const quote = (value: unknown) => `'${String(value)}'`;

/** "'a'", "'a' and 'b'", "'a', 'b', and 'c'": the API's way of listing supported values. */
export function listValues(values: readonly string[], wrap: (v: string) => string = quote): string {
  const items = values.map(wrap);
  if (items.length <= 1) return items.join("");
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(", ")}, and ${items[items.length - 1]}`;
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return "an infinite number";
    return Number.isInteger(value) ? "an integer" : "a decimal number";
  }
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return "a string";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

// Surrogate pairs count as one character, as the API counts. Only called when the UTF-16
// length is over the limit, so the common case costs nothing.
function countCharacters(text: string): number {
  let count = text.length;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        count--;
        i++;
      }
    }
  }
  return count;
}

function sortedSizes(sizes: readonly string[]): string[] {
  // The API lists "auto" last: "Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto."
  // Numeric by width, then height: 256x256, 512x512, 1024x1024 (not 1024x1024, 256x256, ...).
  const named = sizes.filter((s) => s !== "auto");
  named.sort((a, b) => Number.parseInt(a, 10) - Number.parseInt(b, 10) || (a < b ? -1 : 1));
  return [...named, ...sizes.filter((s) => s === "auto")];
}

class Collector {
  readonly issues: ValidationIssue[] = [];
  readonly warnings: ValidationWarning[] = [];

  issue(
    param: string | null,
    code: string,
    message: string,
    hint?: string,
    type: ValidationIssue["type"] = "invalid_request_error",
  ) {
    this.issues.push(
      hint === undefined ? { param, code, type, message } : { param, code, type, message, hint },
    );
  }

  warn(param: string | null, code: ValidationWarning["code"], message: string) {
    this.warnings.push({ param, code, message });
  }

  invalidType(param: string, expected: string, value: unknown) {
    this.issue(
      param,
      "invalid_type",
      `Invalid type for '${param}': expected ${expected}, but got ${describeType(value)} instead.`,
    );
  }

  enumValue(param: string, value: unknown, allowed: readonly string[]): value is string {
    if (typeof value !== "string") {
      this.invalidType(param, "one of " + listValues(allowed), value);
      return false;
    }
    if (!allowed.includes(value)) {
      this.issue(
        param,
        "invalid_value",
        `Invalid value: ${quote(value.slice(0, 100))}. Supported values are: ${listValues(allowed)}.`,
      );
      return false;
    }
    return true;
  }

  integer(param: string, value: unknown, min: number, max: number): value is number {
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.invalidType(param, "an integer", value);
      return false;
    }
    if (value < min) {
      this.issue(
        param,
        "integer_below_min_value",
        `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
      );
      return false;
    }
    if (value > max) {
      this.issue(
        param,
        "integer_above_max_value",
        `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      );
      return false;
    }
    return true;
  }
}

/**
 * Checks a request body against the spec's rules and the model's, before it costs money.
 * Reports every issue (not just the first) in the API's words, resolves the default model
 * as the API does, and warns about retired models, experimental sizes and parameters the
 * model ignores. It never throws, whatever it is given.
 *
 * @example
 * ```ts
 * const result = validateImageRequest({ model: "gpt-image-2", prompt: "a fox", size: "1792x936" });
 * if (!result.ok) {
 *   for (const issue of result.issues) console.log(issue.param, issue.message);
 *   // size Invalid size '1792x936'. Width and height must both be divisible by 16. ...
 * }
 * ```
 */
export function validateImageRequest(
  params: unknown,
  options: ValidateOptions = {},
): ValidationResult {
  const out = new Collector();
  try {
    return check(params, out, options);
  } catch {
    // Only exotic objects (throwing getters, revoked proxies) get here; JSON never does.
    out.issue(null, "invalid_type", "Invalid request body: it could not be read as a JSON object.");
    return { ok: false, issues: out.issues, warnings: out.warnings };
  }
}

function check(params: unknown, out: Collector, options: ValidateOptions): ValidationResult {
  if (typeof params !== "object" || params === null || Array.isArray(params)) {
    out.issue(
      null,
      "invalid_type",
      `Invalid type for request body: expected an object, but got ${describeType(params)} instead.`,
      'Send a JSON object such as {"prompt": "a cat"}.',
    );
    return { ok: false, issues: out.issues, warnings: out.warnings };
  }
  const body = params as Record<string, unknown>;
  const request: Record<string, unknown> = {};
  for (const key of Object.keys(body)) {
    if (!KNOWN.has(key)) {
      out.issue(
        key,
        "unknown_parameter",
        `Unknown parameter: ${quote(key.slice(0, 100))}.`,
        `Remove it; the parameters are ${listValues(IMAGE_PARAM_NAMES as readonly string[])}.`,
      );
      continue;
    }
    const value = body[key];
    // `null` means "not given" for every optional parameter, as in the official SDKs.
    if (value !== null && value !== undefined) request[key] = value;
  }
  const given = (name: string) => request[name] !== undefined;

  // The model first: every other rule depends on it.
  let model = DEFAULT_MODEL;
  if (given("model")) {
    if (typeof request.model !== "string") out.invalidType("model", "a string", request.model);
    else if (request.model.length === 0) {
      out.issue("model", "invalid_value", "Invalid value: ''. The model must not be empty.");
    } else model = request.model;
  }
  // An invalid model resolves like an absent one, so it adds no issues of its own below.
  if (model === DEFAULT_MODEL && request.model !== DEFAULT_MODEL) {
    if (GPT_ONLY.some(given) || request.stream === true) model = DEFAULT_GPT_MODEL;
  }
  const spec = getModelSpec(model);
  if (spec === undefined) {
    out.warn(
      "model",
      "unknown_model",
      `Model '${model.slice(0, 100)}' is not in easel's registry; only the rules common to all models were checked.`,
    );
  } else if (isRetired(spec, options.now)) {
    out.warn(
      "model",
      "model_retired",
      `Model '${model}' was retired on ${spec.retiredOn} and no longer serves requests${spec.replacement ? `; use '${spec.replacement}' instead` : ""}.`,
    );
  }
  const isGpt = spec === undefined || spec.family === "gpt-image";

  // prompt
  if (!given("prompt")) {
    out.issue("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
  } else if (typeof request.prompt !== "string") {
    out.invalidType("prompt", "a string", request.prompt);
  } else if (request.prompt.length === 0) {
    out.issue(
      "prompt",
      "empty_string",
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
    );
  } else {
    const max = spec?.maxPromptChars ?? COMMON_MAX_PROMPT;
    if (request.prompt.length > max) {
      const length = countCharacters(request.prompt);
      if (length > max) {
        out.issue(
          "prompt",
          "string_above_max_length",
          `Invalid 'prompt': string too long. Expected a string with maximum length ${max}, but got a string with length ${length} instead.`,
          `Shorten the prompt to ${max} characters for ${model}.`,
        );
      }
    }
  }

  // n
  if (given("n")) {
    const max = spec?.maxN ?? COMMON_MAX_N;
    if (out.integer("n", request.n, 1, COMMON_MAX_N) && (request.n as number) > max) {
      out.issue(
        "n",
        "integer_above_max_value",
        `Invalid 'n': integer above maximum value. Expected a value <= ${max}, but got ${request.n} instead.`,
        `${model} makes ${max} image per request; send several requests instead.`,
      );
    }
  }

  // quality
  if (given("quality") && out.enumValue("quality", request.quality, QUALITIES)) {
    if (spec && !spec.qualities.includes(request.quality as never)) {
      out.issue(
        "quality",
        "invalid_value",
        `Invalid value: ${quote(request.quality)}. Supported values are: ${listValues(spec.qualities)}.`,
        `${model} takes ${listValues(spec.qualities)}.`,
      );
    }
  }

  // style: dall-e-3 only; other models ignore it.
  if (given("style") && out.enumValue("style", request.style, STYLES)) {
    if (spec && spec.styles.length === 0) {
      out.warn(
        "style",
        "ignored_parameter",
        `'style' is only supported by dall-e-3; ${model} ignores it.`,
      );
    }
  }

  // response_format: dall-e only. GPT image models always return base64 and refuse it.
  if (
    given("response_format") &&
    out.enumValue("response_format", request.response_format, RESPONSE_FORMATS)
  ) {
    if (isGpt && spec !== undefined) {
      out.issue(
        "response_format",
        "unknown_parameter",
        "Unknown parameter: 'response_format'.",
        `${model} always returns base64 (b64_json); remove response_format.`,
      );
    }
  }

  // The GPT-image-only parameters, refused by dall-e models.
  const gptOnly = (param: string) => {
    if (!isGpt && given(param)) {
      out.issue(
        param,
        "unknown_parameter",
        `Unknown parameter: '${param}'.`,
        `'${param}' is only supported by the GPT image models, not ${model}.`,
      );
      return false;
    }
    return given(param);
  };
  const outputFormatOk =
    gptOnly("output_format") &&
    out.enumValue("output_format", request.output_format, OUTPUT_FORMATS);
  const format = outputFormatOk ? (request.output_format as string) : "png";
  if (gptOnly("moderation")) out.enumValue("moderation", request.moderation, MODERATIONS);
  if (
    gptOnly("output_compression") &&
    out.integer("output_compression", request.output_compression, 0, 100)
  ) {
    if (format === "png") {
      out.warn(
        "output_compression",
        "ignored_parameter",
        "'output_compression' only applies to jpeg and webp output; png output ignores it.",
      );
    }
  }
  if (gptOnly("background") && out.enumValue("background", request.background, BACKGROUNDS)) {
    if (request.background === "transparent") {
      if (spec && !spec.backgrounds.includes("transparent")) {
        out.issue(
          "background",
          "invalid_value",
          `Transparent background is not supported for model '${model}'.`,
          "Use 'opaque' or 'auto', or a model with transparency such as gpt-image-1.5.",
          "image_generation_user_error",
        );
      } else if (format === "jpeg") {
        out.issue(
          "background",
          "invalid_value",
          "Transparent background requires output_format 'png' or 'webp'.",
          "Set output_format to 'png' or 'webp', or background to 'opaque'.",
        );
      }
    }
  }

  // stream and partial_images
  if (given("stream")) {
    if (typeof request.stream !== "boolean") out.invalidType("stream", "a boolean", request.stream);
    else if (request.stream && spec && !spec.streaming) {
      out.issue(
        "stream",
        "invalid_value",
        `Streaming is not supported for model '${model}'.`,
        "Use a GPT image model to stream, or drop 'stream'.",
      );
    }
  }
  if (gptOnly("partial_images") && out.integer("partial_images", request.partial_images, 0, 3)) {
    if (request.stream !== true) {
      out.warn(
        "partial_images",
        "ignored_parameter",
        "'partial_images' only applies to streamed requests ('stream': true); it is ignored.",
      );
    }
  }

  // size
  if (given("size")) {
    if (typeof request.size !== "string") out.invalidType("size", "a string", request.size);
    else checkModelSize(request.size, model, spec, out);
  }

  if (given("user") && typeof request.user !== "string")
    out.invalidType("user", "a string", request.user);

  if (out.issues.length > 0) return { ok: false, issues: out.issues, warnings: out.warnings };
  return {
    ok: true,
    request: request as unknown as ImageGenerateParams,
    model,
    spec,
    warnings: out.warnings,
  };
}

function checkModelSize(size: string, model: string, spec: ModelSpec | undefined, out: Collector) {
  const shown = size.slice(0, 40);
  if (spec && !spec.freeSize) {
    if (spec.sizes.includes(size)) return;
    const free = checkSize(size);
    out.issue(
      "size",
      "invalid_value",
      `Invalid size '${shown}'. Supported sizes are ${listValues(sortedSizes(spec.sizes), String)}.`,
      free.ok
        ? `Sizes like '${shown}' need gpt-image-2; ${model} takes only its named sizes.`
        : undefined,
      "image_generation_user_error",
    );
    return;
  }
  // gpt-image-2 and unknown models: the free-size rules (the named GPT sizes meet them).
  if (
    spec === undefined &&
    (size === "256x256" || size === "512x512" || size === "1792x1024" || size === "1024x1792")
  )
    return;
  const result = checkSize(size);
  if (!result.ok) {
    out.issue(
      "size",
      "invalid_value",
      result.message,
      result.suggestions.length > 0
        ? `Try ${listValues(result.suggestions, String)
            .replace(/, and /, ", or ")
            .replace(/ and /, " or ")}.`
        : undefined,
      "image_generation_user_error",
    );
  } else if (isExperimentalSize(size)) {
    out.warn(
      "size",
      "experimental_size",
      `Size '${size}' is above 2560x1440: the API accepts it, but calls it experimental.`,
    );
  }
}
