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
import { checkSize, EXPERIMENTAL_ABOVE_PIXELS } from "./size";

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
const GPT_ONLY: readonly string[] = [
  "background",
  "moderation",
  "output_compression",
  "output_format",
  "partial_images",
];
const USER_ERROR = "image_generation_user_error";

const quote = (value: string) => `'${value}'`;

/**
 * "'a'", "'a' and 'b'", "'a', 'b', and 'c'": the API's way of listing supported values.
 * `conjunction` makes it "'a', 'b', or 'c'".
 *
 * @example
 * ```ts
 * listValues(["low", "medium", "high"]); // "'low', 'medium', and 'high'"
 * listValues(["1024x1024", "auto"], String, "or"); // "1024x1024 or auto"
 * ```
 */
export function listValues(
  values: readonly string[],
  wrap: (v: string) => string = quote,
  conjunction = "and",
): string {
  const items = values.map(wrap);
  const last = items.pop() ?? "";
  if (items.length === 0) return last;
  // The serial comma only from three items on: "'a' and 'b'", "'a', 'b', and 'c'".
  return `${items.join(", ")}${items.length > 1 ? "," : ""} ${conjunction} ${last}`;
}

function describeType(value: unknown): string {
  if (typeof value === "number") {
    if (Number.isNaN(value)) return "NaN";
    if (!Number.isFinite(value)) return "an infinite number";
    return Number.isInteger(value) ? "an integer" : "a decimal number";
  }
  const type = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
  return type === "array" || type === "object"
    ? `an ${type}`
    : type === "string" || type === "boolean"
      ? `a ${type}`
      : type;
}

/**
 * How a parameter is checked: a JavaScript type (`"string"`, `"boolean"`), an integer range
 * `[min, max]`, or the values the spec allows.
 */
type Rule = "string" | "boolean" | readonly [number, number] | readonly string[];

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
  const issues: ValidationIssue[] = [];
  const warnings: ValidationWarning[] = [];
  const request: Record<string, unknown> = {};
  let model = "dall-e-2";
  let spec: ModelSpec | undefined;

  const issue = (
    param: string | null,
    code: string,
    message: string,
    hint?: string,
    type: ValidationIssue["type"] = "invalid_request_error",
  ) => {
    // No `hint` key at all when there is nothing to add (tests compare whole objects).
    issues.push({ param, code, type, message, ...(hint && { hint }) });
  };
  const warn = (param: string, code: ValidationWarning["code"], message: string) => {
    warnings.push({ param, code, message });
  };
  // One shape for every parameter the API accepts and then ignores.
  const ignored = (param: string, why: string) =>
    warn(param, "ignored_parameter", `'${param}' is ignored ${why}; remove it.`);
  const invalidType = (param: string | null, expected: string, value: unknown, hint?: string) =>
    issue(
      param,
      "invalid_type",
      `Invalid type for ${param === null ? "request body" : quote(param)}: expected ${expected}, but got ${describeType(value)} instead.`,
      hint,
    );
  const unknown = (param: string, hint: string) =>
    issue(param, "unknown_parameter", `Unknown parameter: ${quote(param.slice(0, 100))}.`, hint);
  const invalidValue = (param: string, value: string, allowed: readonly string[], hint?: string) =>
    issue(
      param,
      "invalid_value",
      `Invalid value: ${quote(value.slice(0, 100))}. Supported values are: ${listValues(allowed)}.`,
      hint,
    );
  const aboveMax = (param: string, max: number, value: number, hint?: string) =>
    issue(
      param,
      "integer_above_max_value",
      `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${value} instead.`,
      hint,
    );

  /** True when `param` is given and passes its rule; otherwise reports why not. */
  const valid = (param: string, rule: Rule): boolean => {
    const value = request[param];
    if (value === undefined) return false;
    // Unknown models get the benefit of the doubt: only the dall-e rows refuse GPT parameters.
    // (`spec` is still unset while `model` itself is checked, which is not one of them.)
    if (spec?.family === "dall-e" && GPT_ONLY.includes(param)) {
      unknown(param, "Only GPT image models take it; remove it.");
    } else if (typeof rule === "string") {
      if (typeof value === rule) return true;
      invalidType(param, `a ${rule}`, value);
    } else if (typeof rule[0] === "number") {
      const [min, max] = rule as readonly [number, number];
      if (!Number.isInteger(value)) invalidType(param, "an integer", value);
      else if ((value as number) < min) {
        issue(
          param,
          "integer_below_min_value",
          `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${value} instead.`,
        );
      } else if ((value as number) > max) aboveMax(param, max, value as number);
      else return true;
    } else if (typeof value !== "string") {
      invalidType(param, `one of ${listValues(rule as readonly string[])}`, value);
    } else if ((rule as readonly string[]).includes(value)) return true;
    else invalidValue(param, value, rule as readonly string[]);
    return false;
  };

  try {
    // Anything but an object: null, arrays and primitives included.
    if (describeType(params) !== "an object") {
      invalidType(null, "an object", params, "Send a JSON object.");
    } else {
      check(params as Record<string, unknown>);
    }
  } catch {
    // Only exotic objects (throwing getters, revoked proxies) get here; JSON never does.
    issue(null, "invalid_type", "Invalid request body: it could not be read as a JSON object.");
  }
  return issues.length > 0
    ? { ok: false, issues, warnings }
    : { ok: true, request: request as unknown as ImageGenerateParams, model, spec, warnings };

  function check(body: Record<string, unknown>) {
    for (const key of Object.keys(body)) {
      if ((IMAGE_PARAM_NAMES as readonly string[]).includes(key)) {
        // `null` means "not given" for every optional parameter, as in the official SDKs.
        // An unknown key's value is never read (a throwing getter there is just unknown).
        const value = body[key];
        if (value !== null && value !== undefined) request[key] = value;
      } else {
        unknown(key, `Remove it; the parameters are ${listValues(IMAGE_PARAM_NAMES)}.`);
      }
    }
    // Values are read below only after `valid()` has checked their type.
    const r = request as { [K in keyof ImageGenerateParams]-?: never };

    // The model first: every other rule depends on it. An invalid model resolves like an
    // absent one, so it adds no issues of its own below.
    if (GPT_ONLY.some((param) => request[param] !== undefined) || request.stream === true) {
      model = "gpt-image-1";
    }
    if (valid("model", "string")) {
      if (r.model === "") {
        issue("model", "invalid_value", "Invalid value: ''. The model must not be empty.");
      } else model = r.model;
    }
    spec = getModelSpec(model);
    if (spec === undefined) {
      warn("model", "unknown_model", `Model '${model.slice(0, 100)}' is unknown; check its name.`);
    } else if (isRetired(spec, options.now)) {
      // Every retired row names its replacement (the registry's tests see to it).
      warn(
        "model",
        "model_retired",
        `Model '${model}' was retired on ${spec.retiredOn}; use '${spec.replacement}'.`,
      );
    }

    if (request.prompt === undefined) {
      issue("prompt", "missing_required_parameter", "Missing required parameter: 'prompt'.");
    } else if (valid("prompt", "string")) {
      const prompt: string = r.prompt;
      const max = spec?.maxPromptChars ?? 32_000;
      if (prompt === "") {
        issue(
          "prompt",
          "empty_string",
          "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
        );
      } else if (prompt.length > max) {
        // The API counts characters, not UTF-16 units: the string iterator steps over a
        // surrogate pair as one (a lone surrogate is one too). Only counted when the UTF-16
        // length is over the limit, so the common case costs nothing; a loop, not a spread,
        // so a 10 MB prompt builds no array.
        let length = 0;
        for (const _ of prompt) length++;
        if (length > max) {
          issue(
            "prompt",
            "string_above_max_length",
            `Invalid 'prompt': string too long. Expected a string with maximum length ${max}, but got a string with length ${length} instead.`,
            "Shorten it.",
          );
        }
      }
    }

    // Every model takes 1-10 images except dall-e-3 (1).
    const maxN = spec?.maxN ?? 10;
    if (valid("n", [1, 10]) && r.n > maxN) {
      aboveMax("n", maxN, r.n, "Send several requests instead.");
    }

    if (valid("quality", QUALITIES) && spec && !spec.qualities.includes(r.quality)) {
      invalidValue("quality", r.quality, spec.qualities, "Use one of those.");
    }

    // style: dall-e-3 only; other models ignore it.
    if (valid("style", STYLES) && spec?.styles.length === 0) {
      ignored("style", `by ${model}`);
    }

    // response_format: dall-e only. GPT image models always return base64 and refuse it.
    if (valid("response_format", RESPONSE_FORMATS) && spec?.family === "gpt-image") {
      unknown("response_format", "Only dall-e models take it; remove it.");
    }

    const format: string = valid("output_format", OUTPUT_FORMATS) ? r.output_format : "png";
    valid("moderation", MODERATIONS);
    if (valid("output_compression", [0, 100]) && format === "png") {
      ignored("output_compression", "with png output");
    }
    if (valid("background", BACKGROUNDS) && r.background === "transparent") {
      if (spec && !spec.backgrounds.includes("transparent")) {
        issue(
          "background",
          "invalid_value",
          `Transparent background is not supported for model '${model}'.`,
          "Use 'opaque', or gpt-image-1.5.",
          USER_ERROR,
        );
      } else if (format === "jpeg") {
        issue(
          "background",
          "invalid_value",
          "Transparent background requires output_format 'png' or 'webp'.",
          "Or use 'opaque'.",
        );
      }
    }

    if (valid("stream", "boolean") && r.stream && spec?.streaming === false) {
      issue(
        "stream",
        "invalid_value",
        `Streaming is not supported for model '${model}'.`,
        "Only GPT image models take it; remove it.",
      );
    }
    if (valid("partial_images", [0, 3]) && r.stream !== true) {
      ignored("partial_images", "without streaming");
    }

    if (valid("size", "string")) {
      const size: string = r.size;
      const shown = size.slice(0, 40);
      const free = checkSize(size);
      if (spec && !spec.freeSize) {
        if (!spec.sizes.includes(size)) {
          issue(
            "size",
            "invalid_value",
            `Invalid size '${shown}'. Supported sizes are ${listValues(spec.sizes, String)}.`,
            free.ok ? "Only gpt-image-2 takes it." : undefined,
            USER_ERROR,
          );
        }
      } else if (!free.ok) {
        // gpt-image-2 and unknown models: the free-size rules (the named GPT sizes meet them,
        // and so do dall-e-3's). An unknown model may still be a dall-e one: its small sizes pass.
        if (spec || (size !== "256x256" && size !== "512x512")) {
          issue(
            "size",
            "invalid_value",
            free.message,
            free.suggestions.length > 0
              ? `Try ${listValues(free.suggestions, String, "or")}.`
              : undefined,
            USER_ERROR,
          );
        }
      } else if (
        // isExperimentalSize's test on the size already parsed (its own would parse it again).
        free.value !== "auto" &&
        free.value.width * free.value.height > EXPERIMENTAL_ABOVE_PIXELS
      ) {
        warn("size", "experimental_size", `Size '${size}' is experimental (above 2560x1440).`);
      }
    }
    valid("user", "string");
  }
}
