import { describe, expect, it } from "vitest";
import { IMAGE_PARAM_NAMES } from "./image-params";
import { MODEL_REGISTRY } from "./model-registry";
import {
  listValues,
  type ValidationIssue,
  type ValidationResult,
  type ValidationWarning,
  validateImageRequest,
} from "./validate-image-request";

// Every test judges lifecycle at a fixed date so results do not change with the calendar.
const BEFORE_RETIREMENTS = new Date("2026-01-01T00:00:00Z");

type Params = Record<string, unknown>;

function run(params: unknown, now: Date = BEFORE_RETIREMENTS): ValidationResult {
  return validateImageRequest(params, { now });
}

function issuesOf(result: ValidationResult): ValidationIssue[] {
  return result.ok ? [] : result.issues;
}

/** A warning to expect; `code` is a plain string so tables need no `as const`. */
type ExpectedWarning = Omit<Partial<ValidationWarning>, "code"> & { code?: string };

/** The request must pass with exactly these warnings (by default none). */
function expectValid(params: Params, warnings: ExpectedWarning[] = []) {
  const result = run(params);
  expect(issuesOf(result)).toEqual([]);
  expect(result.ok).toBe(true);
  expect(result.warnings).toEqual(warnings.map((w) => expect.objectContaining(w)));
  return result;
}

/** The request must fail with exactly this one issue. */
function expectIssue(params: Params, issue: Partial<ValidationIssue>) {
  const result = run(params);
  expect(result.ok).toBe(false);
  expect(issuesOf(result)).toEqual([expect.objectContaining(issue)]);
  return result;
}

const GPT_MODELS = [
  "gpt-image-1",
  "gpt-image-1-mini",
  "gpt-image-1.5",
  "gpt-image-2",
  "gpt-image-2-2026-04-21",
  "chatgpt-image-latest",
] as const;
const FREE_SIZE_MODELS = ["gpt-image-2", "gpt-image-2-2026-04-21"] as const;
const FIXED_SIZE_GPT_MODELS = [
  "gpt-image-1",
  "gpt-image-1-mini",
  "gpt-image-1.5",
  "chatgpt-image-latest",
] as const;
const TRANSPARENT_GPT_MODELS = ["gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5"] as const;
const DALL_E = ["dall-e-2", "dall-e-3"] as const;

const invalidValue = (value: string, supported: string) =>
  `Invalid value: '${value}'. Supported values are: ${supported}.`;
const invalidType = (param: string, expected: string, got: string) =>
  `Invalid type for '${param}': expected ${expected}, but got ${got} instead.`;
const belowMin = (param: string, min: number, got: number) =>
  `Invalid '${param}': integer below minimum value. Expected a value >= ${min}, but got ${got} instead.`;
const aboveMax = (param: string, max: number, got: number) =>
  `Invalid '${param}': integer above maximum value. Expected a value <= ${max}, but got ${got} instead.`;
const unknownParameter = (param: string) => `Unknown parameter: '${param}'.`;
const tooLong = (max: number, length: number) =>
  `Invalid 'prompt': string too long. Expected a string with maximum length ${max}, but got a string with length ${length} instead.`;

const REQUEST_ERROR = "invalid_request_error";
const USER_ERROR = "image_generation_user_error";

describe("the API's own wording (FACTS §3)", () => {
  it.each(GPT_MODELS)("quality 'standard' on %s", (model) => {
    expectIssue(
      { model, prompt: "a cat", quality: "standard" },
      {
        param: "quality",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message:
          "Invalid value: 'standard'. Supported values are: 'low', 'medium', 'high', and 'auto'.",
      },
    );
  });

  it.each(FIXED_SIZE_GPT_MODELS)("size '123x456' on %s", (model) => {
    expectIssue(
      { model, prompt: "a cat", size: "123x456" },
      {
        param: "size",
        code: "invalid_value",
        type: USER_ERROR,
        message:
          "Invalid size '123x456'. Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto.",
      },
    );
  });

  it.each(FREE_SIZE_MODELS)("size '1792x936' on %s", (model) => {
    expectIssue(
      { model, prompt: "a cat", size: "1792x936" },
      {
        param: "size",
        code: "invalid_value",
        type: USER_ERROR,
        message: "Invalid size '1792x936'. Width and height must both be divisible by 16.",
        hint: "Try 1792x928 or 1792x944.",
      },
    );
  });
});

describe("free sizes (gpt-image-2 and gpt-image-2-2026-04-21)", () => {
  const valid: [string, string][] = [
    ["1536x864", "the spec's example"],
    ["1440x480", "3:1 exactly"],
    ["480x1440", "1:3 exactly"],
    ["1024x640", "655,360 px exactly"],
    ["640x1024", "655,360 px exactly, portrait"],
    ["2560x1440", "the experimental threshold itself"],
    ["1024x1024", "named GPT size"],
    ["1536x1024", "named GPT size"],
    ["1024x1536", "named GPT size"],
    ["1792x1024", "dall-e-3 size that meets the rules"],
    ["auto", "auto"],
  ];
  it.each(FREE_SIZE_MODELS.flatMap((model) => valid.map(([size, why]) => ({ model, size, why }))))(
    "$model accepts $size ($why) without warnings",
    ({ model, size }) => {
      const result = expectValid({ model, prompt: "a cat", size });
      expect(result.ok && result.request.size).toBe(size);
    },
  );

  // Edge 3840 at 3:1 is already above the experimental threshold, so it is listed here.
  const experimental = [
    "3840x2160",
    "2160x3840",
    "2880x2880",
    "2576x1440",
    "3840x1280",
    "1280x3840",
  ];
  it.each(FREE_SIZE_MODELS.flatMap((model) => experimental.map((size) => ({ model, size }))))(
    "$model accepts $size with an experimental_size warning, not an error",
    ({ model, size }) => {
      expectValid({ model, prompt: "a cat", size }, [
        {
          param: "size",
          code: "experimental_size",
          message: `Size '${size}' is experimental (above 2560x1440).`,
        },
      ]);
    },
  );

  const invalid: { size: string; message: string }[] = [
    {
      size: "1536x872",
      message: "Invalid size '1536x872'. Width and height must both be divisible by 16.",
    },
    {
      size: "1456x480",
      message: "Invalid size '1456x480'. The aspect ratio must be between 1:3 and 3:1.",
    },
    {
      size: "480x1456",
      message: "Invalid size '480x1456'. The aspect ratio must be between 1:3 and 3:1.",
    },
    {
      size: "3856x1296",
      message: "Invalid size '3856x1296'. The long edge must be at most 3840 pixels.",
    },
    {
      size: "1296x3856",
      message: "Invalid size '1296x3856'. The long edge must be at most 3840 pixels.",
    },
    {
      size: "1024x624",
      message:
        "Invalid size '1024x624'. The image must have 655360 to 8294400 pixels (it has 638976).",
    },
    {
      size: "1024x512",
      message:
        "Invalid size '1024x512'. The image must have 655360 to 8294400 pixels (it has 524288).",
    },
    {
      size: "256x256",
      message:
        "Invalid size '256x256'. The image must have 655360 to 8294400 pixels (it has 65536).",
    },
    {
      size: "3840x2176",
      message:
        "Invalid size '3840x2176'. The image must have 655360 to 8294400 pixels (it has 8355840).",
    },
    {
      size: "2176x3840",
      message:
        "Invalid size '2176x3840'. The image must have 655360 to 8294400 pixels (it has 8355840).",
    },
    {
      size: "2896x2880",
      message:
        "Invalid size '2896x2880'. The image must have 655360 to 8294400 pixels (it has 8340480).",
    },
    {
      size: "1024X1024",
      message: "Invalid size '1024X1024'. Use 'auto' or WIDTHxHEIGHT, like 1536x864.",
    },
    {
      size: "",
      message: "Invalid size ''. Use 'auto' or WIDTHxHEIGHT, like 1536x864.",
    },
  ];
  it.each(FREE_SIZE_MODELS.flatMap((model) => invalid.map((row) => ({ model, ...row }))))(
    "$model rejects '$size'",
    ({ model, size, message }) => {
      expectIssue(
        { model, prompt: "a cat", size },
        { param: "size", code: "invalid_value", type: USER_ERROR, message },
      );
    },
  );

  it.each([
    ["1024x512", "Try 1152x576."],
    ["3856x1296", "Try 3840x1296 or 3840x1280."],
    ["1456x480", "Try 1440x480, 1456x496, or 1440x496."],
  ])("hints at the nearest valid sizes for %s", (size, hint) => {
    expectIssue({ model: "gpt-image-2", prompt: "a cat", size }, { hint });
  });
});

describe("named sizes per model", () => {
  const rows: { model: string; accepted: string[]; rejected: string[]; message: string }[] = [
    {
      model: "dall-e-2",
      accepted: ["256x256", "512x512", "1024x1024"],
      rejected: ["1024x1536", "1536x1024", "1792x1024", "1536x864", "auto", "128x128"],
      message: "Supported sizes are 256x256, 512x512, and 1024x1024.",
    },
    {
      model: "dall-e-3",
      accepted: ["1024x1024", "1792x1024", "1024x1792"],
      rejected: ["256x256", "512x512", "1536x1024", "1024x1536", "1536x864", "auto"],
      message: "Supported sizes are 1024x1024, 1024x1792, and 1792x1024.",
    },
    ...FIXED_SIZE_GPT_MODELS.map((model) => ({
      model,
      accepted: ["1024x1024", "1536x1024", "1024x1536", "auto"],
      rejected: ["256x256", "512x512", "1792x1024", "1024x1792", "1536x864", "3840x2160"],
      message: "Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto.",
    })),
  ];

  it.each(rows.flatMap(({ model, accepted }) => accepted.map((size) => ({ model, size }))))(
    "$model accepts $size",
    ({ model, size }) => {
      expectValid({ model, prompt: "a cat", size });
    },
  );

  it.each(
    rows.flatMap(({ model, rejected, message }) =>
      rejected.map((size) => ({ model, size, message })),
    ),
  )("$model rejects $size", ({ model, size, message }) => {
    expectIssue(
      { model, prompt: "a cat", size },
      {
        param: "size",
        code: "invalid_value",
        type: USER_ERROR,
        message: `Invalid size '${size}'. ${message}`,
      },
    );
  });

  it("points free sizes on gpt-image-1.5 to gpt-image-2", () => {
    expectIssue(
      { model: "gpt-image-1.5", prompt: "a cat", size: "1536x864" },
      { hint: "Only gpt-image-2 takes it." },
    );
  });

  it("with no model the size is judged for dall-e-2", () => {
    expectIssue(
      { prompt: "a cat", size: "1536x1024" },
      { message: "Invalid size '1536x1024'. Supported sizes are 256x256, 512x512, and 1024x1024." },
    );
    expectValid({ prompt: "a cat", size: "512x512" });
  });

  it.each([
    [1024, "an integer"],
    [["1024x1024"], "an array"],
    [{ width: 1024, height: 1024 }, "an object"],
    [true, "a boolean"],
  ])("size %j has the wrong type", (size, got) => {
    expectIssue(
      { model: "gpt-image-2", prompt: "a cat", size },
      {
        param: "size",
        code: "invalid_type",
        type: REQUEST_ERROR,
        message: invalidType("size", "a string", got),
      },
    );
  });
});

describe("n", () => {
  const tenMax = ["dall-e-2", ...GPT_MODELS, "some-future-model"];
  const unknown = [{ param: "model", code: "unknown_model" }];
  const warningsFor = (model: string) => (model === "some-future-model" ? unknown : []);

  it.each(tenMax.flatMap((model) => [1, 2, 10].map((n) => ({ model, n }))))(
    "$model accepts n=$n",
    ({ model, n }) => {
      expectValid({ model, prompt: "a cat", n }, warningsFor(model));
    },
  );

  it("dall-e-3 accepts n=1", () => {
    expectValid({ model: "dall-e-3", prompt: "a cat", n: 1 });
  });

  const invalid: { n: unknown; code: string; message: string }[] = [
    { n: 0, code: "integer_below_min_value", message: belowMin("n", 1, 0) },
    { n: -1, code: "integer_below_min_value", message: belowMin("n", 1, -1) },
    { n: 11, code: "integer_above_max_value", message: aboveMax("n", 10, 11) },
    { n: 1e9, code: "integer_above_max_value", message: aboveMax("n", 10, 1e9) },
    { n: 1.5, code: "invalid_type", message: invalidType("n", "an integer", "a decimal number") },
    { n: Number.NaN, code: "invalid_type", message: invalidType("n", "an integer", "NaN") },
    {
      n: Number.POSITIVE_INFINITY,
      code: "invalid_type",
      message: invalidType("n", "an integer", "an infinite number"),
    },
    { n: "2", code: "invalid_type", message: invalidType("n", "an integer", "a string") },
    { n: true, code: "invalid_type", message: invalidType("n", "an integer", "a boolean") },
    { n: [2], code: "invalid_type", message: invalidType("n", "an integer", "an array") },
  ];
  it.each([...tenMax, "dall-e-3"].flatMap((model) => invalid.map((row) => ({ model, ...row }))))(
    "$model rejects n=$n",
    ({ model, n, code, message }) => {
      const result = run({ model, prompt: "a cat", n });
      expect(issuesOf(result)).toEqual([{ param: "n", code, type: REQUEST_ERROR, message }]);
    },
  );

  it.each([2, 10])("dall-e-3 rejects n=%i: only 1 is supported", (n) => {
    expectIssue(
      { model: "dall-e-3", prompt: "a cat", n },
      {
        param: "n",
        code: "integer_above_max_value",
        type: REQUEST_ERROR,
        message: aboveMax("n", 1, n),
        hint: "Send several requests instead.",
      },
    );
  });
});

describe("prompt length per model, in characters", () => {
  const limits: { model: string | undefined; max: number }[] = [
    { model: undefined, max: 1000 },
    { model: "dall-e-2", max: 1000 },
    { model: "dall-e-3", max: 4000 },
    ...GPT_MODELS.map((model) => ({ model, max: 32_000 })),
    { model: "some-future-model", max: 32_000 },
  ];
  const body = (model: string | undefined, prompt: string): Params =>
    model === undefined ? { prompt } : { model, prompt };
  const warningsFor = (model: string | undefined) =>
    model === "some-future-model" ? [{ code: "unknown_model" }] : [];

  it.each(limits)("$model: $max characters pass", ({ model, max }) => {
    expectValid(body(model, "a".repeat(max)), warningsFor(model));
  });

  it.each(limits)("$model: $max astral-plane characters pass (one each)", ({ model, max }) => {
    const prompt = "😀".repeat(max);
    expect(prompt.length).toBe(2 * max);
    expectValid(body(model, prompt), warningsFor(model));
  });

  it.each(limits)("$model: $max characters mixing BMP and astral pass", ({ model, max }) => {
    expectValid(body(model, `${"é".repeat(max - 2)}𝒜🦊`), warningsFor(model));
  });

  it.each(limits)("$model: $max + 1 characters fail", ({ model, max }) => {
    const result = run(body(model, "a".repeat(max + 1)));
    expect(issuesOf(result)).toEqual([
      {
        param: "prompt",
        code: "string_above_max_length",
        type: REQUEST_ERROR,
        message: tooLong(max, max + 1),
        hint: "Shorten it.",
      },
    ]);
  });

  it.each(limits)("$model: $max + 1 astral-plane characters fail", ({ model, max }) => {
    expectIssue(body(model, "🦊".repeat(max + 1)), {
      param: "prompt",
      code: "string_above_max_length",
      message: tooLong(max, max + 1),
    });
  });

  // No timed assertion (these machines are noisy): `pnpm bench` measures validation speed, and
  // a counting loop gone quadratic would not finish 10 MB within the test's timeout.
  it("a 10 MB prompt is refused without echoing it", () => {
    const prompt = "a".repeat(10 * 1024 * 1024);
    const result = run({ model: "gpt-image-2", prompt });
    expect(issuesOf(result)).toEqual([
      expect.objectContaining({
        param: "prompt",
        code: "string_above_max_length",
        message: tooLong(32_000, 10 * 1024 * 1024),
      }),
    ]);
    expect(JSON.stringify(result).length).toBeLessThan(1000);
  });

  it("a 10 MB prompt of emoji is counted in characters", () => {
    const prompt = "😀".repeat(5 * 1024 * 1024);
    const result = run({ model: "dall-e-3", prompt });
    expectIssue({ model: "dall-e-3", prompt: "😀".repeat(4001) }, { message: tooLong(4000, 4001) });
    expect(issuesOf(result)[0]?.message).toBe(tooLong(4000, 5 * 1024 * 1024));
  });

  it.each([
    [{}, "missing_required_parameter", "Missing required parameter: 'prompt'."],
    [{ prompt: null }, "missing_required_parameter", "Missing required parameter: 'prompt'."],
    [
      { prompt: "" },
      "empty_string",
      "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
    ],
    [{ prompt: 42 }, "invalid_type", invalidType("prompt", "a string", "an integer")],
    [{ prompt: ["a"] }, "invalid_type", invalidType("prompt", "a string", "an array")],
  ])("%j is refused", (params, code, message) => {
    expectIssue(params, { param: "prompt", code, type: REQUEST_ERROR, message });
  });
});

describe("quality per model", () => {
  const rows: { model: string; ok: string[]; bad: string[]; supported: string }[] = [
    {
      model: "dall-e-2",
      ok: ["standard", "auto"],
      bad: ["hd", "low", "medium", "high"],
      supported: "'standard' and 'auto'",
    },
    {
      model: "dall-e-3",
      ok: ["standard", "hd", "auto"],
      bad: ["low", "medium", "high"],
      supported: "'standard', 'hd', and 'auto'",
    },
    ...GPT_MODELS.map((model) => ({
      model,
      ok: ["low", "medium", "high", "auto"],
      bad: ["standard", "hd"],
      supported: "'low', 'medium', 'high', and 'auto'",
    })),
  ];

  it.each(rows.flatMap(({ model, ok }) => ok.map((quality) => ({ model, quality }))))(
    "$model accepts $quality",
    ({ model, quality }) => {
      expectValid({ model, prompt: "a cat", quality });
    },
  );

  it.each(
    rows.flatMap(({ model, bad, supported }) =>
      bad.map((quality) => ({ model, quality, supported })),
    ),
  )("$model rejects $quality", ({ model, quality, supported }) => {
    expectIssue(
      { model, prompt: "a cat", quality },
      {
        param: "quality",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: invalidValue(quality, supported),
        hint: "Use one of those.",
      },
    );
  });

  it.each(["ultra", "HIGH", ""])("rejects %j on any model, listing every quality", (quality) => {
    for (const model of ["dall-e-2", "gpt-image-2", "some-future-model"]) {
      expectIssue(
        { model, prompt: "a cat", quality },
        {
          param: "quality",
          code: "invalid_value",
          message: invalidValue(quality, "'standard', 'hd', 'low', 'medium', 'high', and 'auto'"),
        },
      );
    }
  });

  it("rejects a quality of the wrong type", () => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", quality: 3 },
      {
        param: "quality",
        code: "invalid_type",
        message: invalidType(
          "quality",
          "one of 'standard', 'hd', 'low', 'medium', 'high', and 'auto'",
          "an integer",
        ),
      },
    );
  });
});

describe("style: dall-e-3 only, a warning elsewhere", () => {
  it.each(["vivid", "natural"])("dall-e-3 takes %s", (style) => {
    expectValid({ model: "dall-e-3", prompt: "a cat", style });
  });

  it.each(["dall-e-2", ...GPT_MODELS])("%s ignores style, with a warning", (model) => {
    expectValid({ model, prompt: "a cat", style: "vivid" }, [
      {
        param: "style",
        code: "ignored_parameter",
        message: `'style' is ignored by ${model}; remove it.`,
      },
    ]);
  });

  it.each(["cartoon", "Vivid"])("rejects %s", (style) => {
    expectIssue(
      { model: "dall-e-3", prompt: "a cat", style },
      {
        param: "style",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: invalidValue(style, "'vivid' and 'natural'"),
      },
    );
  });
});

describe("response_format: dall-e only", () => {
  it.each(DALL_E.flatMap((model) => ["url", "b64_json"].map((format) => ({ model, format }))))(
    "$model takes $format",
    ({ model, format }) => {
      expectValid({ model, prompt: "a cat", response_format: format });
    },
  );

  it.each(GPT_MODELS.flatMap((model) => ["url", "b64_json"].map((format) => ({ model, format }))))(
    "$model refuses $format as unknown_parameter",
    ({ model, format }) => {
      expectIssue(
        { model, prompt: "a cat", response_format: format },
        {
          param: "response_format",
          code: "unknown_parameter",
          type: REQUEST_ERROR,
          message: unknownParameter("response_format"),
          hint: "Only dall-e models take it; remove it.",
        },
      );
    },
  );

  it("rejects an unsupported value", () => {
    expectIssue(
      { model: "dall-e-2", prompt: "a cat", response_format: "png" },
      {
        param: "response_format",
        code: "invalid_value",
        message: invalidValue("png", "'url' and 'b64_json'"),
      },
    );
  });
});

describe("GPT-image-only parameters", () => {
  const gptOnly: Params = {
    background: "opaque",
    moderation: "low",
    output_compression: 50,
    output_format: "webp",
    partial_images: 1,
  };

  it.each(
    DALL_E.flatMap((model) =>
      Object.entries(gptOnly).map(([param, value]) => ({ model, param, value })),
    ),
  )("$model refuses $param as unknown_parameter", ({ model, param, value }) => {
    expectIssue(
      { model, prompt: "a cat", [param]: value },
      {
        param,
        code: "unknown_parameter",
        type: REQUEST_ERROR,
        message: unknownParameter(param),
        hint: "Only GPT image models take it; remove it.",
      },
    );
  });

  it.each(DALL_E)("%s reports each GPT-only parameter once", (model) => {
    const result = run({ model, prompt: "a cat", ...gptOnly });
    expect(issuesOf(result).map((i) => [i.param, i.code])).toEqual(
      ["output_format", "moderation", "output_compression", "background", "partial_images"].map(
        (param) => [param, "unknown_parameter"],
      ),
    );
  });

  it.each(GPT_MODELS)("%s takes all of them (streaming)", (model) => {
    expectValid({ model, prompt: "a cat", ...gptOnly, stream: true });
  });
});

describe("moderation and output_format values", () => {
  it.each(["low", "auto"])("moderation %s", (moderation) => {
    expectValid({ model: "gpt-image-1", prompt: "a cat", moderation });
  });

  it("rejects moderation 'high'", () => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", moderation: "high" },
      {
        param: "moderation",
        code: "invalid_value",
        message: invalidValue("high", "'low' and 'auto'"),
      },
    );
  });

  it.each(["png", "jpeg", "webp"])("output_format %s", (output_format) => {
    expectValid({ model: "gpt-image-1", prompt: "a cat", output_format });
  });

  it.each(["gif", "jpg", "PNG"])("rejects output_format %s", (output_format) => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", output_format },
      {
        param: "output_format",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: invalidValue(output_format, "'png', 'jpeg', and 'webp'"),
      },
    );
  });
});

describe("output_compression 0..100", () => {
  it.each([
    ["jpeg", 0],
    ["jpeg", 100],
    ["webp", 0],
    ["webp", 80],
    ["webp", 100],
  ])("%s with %i passes without warnings", (output_format, output_compression) => {
    expectValid({ model: "gpt-image-1", prompt: "a cat", output_format, output_compression });
  });

  const ignored = {
    param: "output_compression",
    code: "ignored_parameter",
    message: "'output_compression' is ignored with png output; remove it.",
  };
  it("png output: a warning, not an error", () => {
    expectValid(
      { model: "gpt-image-1", prompt: "a cat", output_format: "png", output_compression: 80 },
      [ignored],
    );
  });

  it("default (png) output: a warning too", () => {
    expectValid({ model: "gpt-image-2", prompt: "a cat", output_compression: 80 }, [ignored]);
  });

  it.each([
    [101, "integer_above_max_value", aboveMax("output_compression", 100, 101)],
    [-1, "integer_below_min_value", belowMin("output_compression", 0, -1)],
    [50.5, "invalid_type", invalidType("output_compression", "an integer", "a decimal number")],
    ["80", "invalid_type", invalidType("output_compression", "an integer", "a string")],
  ])("rejects %j", (output_compression, code, message) => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", output_format: "jpeg", output_compression },
      { param: "output_compression", code, type: REQUEST_ERROR, message },
    );
  });
});

describe("background", () => {
  it.each(
    TRANSPARENT_GPT_MODELS.flatMap((model) =>
      [undefined, "png", "webp"].map((output_format) => ({ model, output_format })),
    ),
  )("$model: transparent with $output_format output passes", ({ model, output_format }) => {
    const params: Params = { model, prompt: "a cat", background: "transparent" };
    if (output_format) params.output_format = output_format;
    expectValid(params);
  });

  it.each(TRANSPARENT_GPT_MODELS)("%s: transparent with jpeg output is refused", (model) => {
    expectIssue(
      { model, prompt: "a cat", background: "transparent", output_format: "jpeg" },
      {
        param: "background",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: "Transparent background requires output_format 'png' or 'webp'.",
        hint: "Or use 'opaque'.",
      },
    );
  });

  it.each(
    FREE_SIZE_MODELS.flatMap((model) =>
      [undefined, "png", "webp"].map((output_format) => ({ model, output_format })),
    ),
  )("$model: transparent is refused (output $output_format)", ({ model, output_format }) => {
    const params: Params = { model, prompt: "a cat", background: "transparent" };
    if (output_format) params.output_format = output_format;
    expectIssue(params, {
      param: "background",
      code: "invalid_value",
      type: USER_ERROR,
      message: `Transparent background is not supported for model '${model}'.`,
      // The fix: another background, or a model that can do transparency.
      hint: "Use 'opaque', or gpt-image-1.5.",
    });
  });

  it.each(
    GPT_MODELS.flatMap((model) => ["opaque", "auto"].map((background) => ({ model, background }))),
  )("$model takes $background", ({ model, background }) => {
    expectValid({ model, prompt: "a cat", background, output_format: "jpeg" });
  });

  it("rejects an unknown background", () => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", background: "clear" },
      {
        param: "background",
        code: "invalid_value",
        message: invalidValue("clear", "'transparent', 'opaque', and 'auto'"),
      },
    );
  });
});

describe("stream and partial_images", () => {
  it.each([0, 1, 2, 3])("partial_images %i with stream: true passes", (partial_images) => {
    expectValid({ model: "gpt-image-2", prompt: "a cat", stream: true, partial_images });
  });

  const ignored = {
    param: "partial_images",
    code: "ignored_parameter",
    message: "'partial_images' is ignored without streaming; remove it.",
  };
  it.each([{}, { stream: false }, { stream: null }])(
    "partial_images without streaming (%j): a warning",
    (extra) => {
      expectValid({ model: "gpt-image-2", prompt: "a cat", partial_images: 2, ...extra }, [
        ignored,
      ]);
    },
  );

  it.each([
    [4, "integer_above_max_value", aboveMax("partial_images", 3, 4)],
    [-1, "integer_below_min_value", belowMin("partial_images", 0, -1)],
    [1.5, "invalid_type", invalidType("partial_images", "an integer", "a decimal number")],
    ["2", "invalid_type", invalidType("partial_images", "an integer", "a string")],
  ])("rejects partial_images %j", (partial_images, code, message) => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", stream: true, partial_images },
      { param: "partial_images", code, type: REQUEST_ERROR, message },
    );
  });

  it.each(GPT_MODELS)("%s streams", (model) => {
    expectValid({ model, prompt: "a cat", stream: true });
  });

  it.each(DALL_E)("%s refuses stream: true", (model) => {
    expectIssue(
      { model, prompt: "a cat", stream: true },
      {
        param: "stream",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: `Streaming is not supported for model '${model}'.`,
        hint: "Only GPT image models take it; remove it.",
      },
    );
  });

  it.each([
    ["yes", "a string"],
    [1, "an integer"],
  ])("rejects stream %j", (stream, got) => {
    expectIssue(
      { model: "gpt-image-1", prompt: "a cat", stream },
      {
        param: "stream",
        code: "invalid_type",
        message: invalidType("stream", "a boolean", got),
      },
    );
  });
});

describe("default model resolution", () => {
  it.each<[Params, string]>([
    [{}, "dall-e-2"],
    [{ model: null }, "dall-e-2"],
    [{ style: "vivid" }, "dall-e-2"],
    [{ response_format: "b64_json" }, "dall-e-2"],
    [{ n: 3 }, "dall-e-2"],
    [{ stream: false }, "dall-e-2"],
    [{ background: "opaque" }, "gpt-image-1"],
    [{ background: "transparent" }, "gpt-image-1"],
    [{ moderation: "low" }, "gpt-image-1"],
    [{ output_compression: 80, output_format: "webp" }, "gpt-image-1"],
    [{ output_format: "png" }, "gpt-image-1"],
    [{ partial_images: 0, stream: true }, "gpt-image-1"],
    [{ stream: true }, "gpt-image-1"],
    [{ background: null }, "dall-e-2"],
    [{ model: "dall-e-3", stream: false }, "dall-e-3"],
  ])("%j resolves to %s", (extra, model) => {
    const result = run({ prompt: "a cat", ...extra });
    expect(issuesOf(result)).toEqual([]);
    expect(result.ok && result.model).toBe(model);
    expect(result.ok && result.spec).toBe(MODEL_REGISTRY[model]);
  });

  it("an explicit dall-e model is not overridden by GPT-only parameters", () => {
    const result = run({ model: "dall-e-2", prompt: "a cat", output_format: "png" });
    expect(issuesOf(result).map((i) => i.code)).toEqual(["unknown_parameter"]);
  });

  it("a model of the wrong type is one issue, and resolves like an absent model", () => {
    expectIssue(
      { model: 5, prompt: "a cat", output_format: "png" },
      {
        param: "model",
        code: "invalid_type",
        type: REQUEST_ERROR,
        message: invalidType("model", "a string", "an integer"),
      },
    );
    expectIssue(
      { model: "", prompt: "a cat", stream: true },
      {
        param: "model",
        code: "invalid_value",
        message: "Invalid value: ''. The model must not be empty.",
      },
    );
  });
});

describe("retired models (judged at the `now` option)", () => {
  const retired = (model: string, on: string, use: string) => ({
    param: "model",
    code: "model_retired",
    message: `Model '${model}' was retired on ${on}; use '${use}'.`,
  });
  const rows: {
    params: Params;
    before: string;
    after: string;
    warning: ExpectedWarning;
  }[] = [
    {
      params: { model: "dall-e-2", prompt: "a cat" },
      before: "2026-05-11T23:59:59.999Z",
      after: "2026-05-12T00:00:00.000Z",
      warning: retired("dall-e-2", "2026-05-12", "gpt-image-1-mini"),
    },
    {
      params: { prompt: "a cat" },
      before: "2026-05-11T23:59:59.999Z",
      after: "2026-05-12T00:00:00.000Z",
      warning: retired("dall-e-2", "2026-05-12", "gpt-image-1-mini"),
    },
    {
      params: { model: "dall-e-3", prompt: "a cat" },
      before: "2026-05-11T23:59:59.999Z",
      after: "2026-05-12T00:00:00.000Z",
      warning: retired("dall-e-3", "2026-05-12", "gpt-image-1.5"),
    },
    {
      params: { model: "gpt-image-1", prompt: "a cat" },
      before: "2026-10-22T23:59:59.999Z",
      after: "2026-10-23T00:00:00.000Z",
      warning: retired("gpt-image-1", "2026-10-23", "gpt-image-1.5"),
    },
    {
      params: { prompt: "a cat", stream: true },
      before: "2026-10-22T23:59:59.999Z",
      after: "2026-10-23T00:00:00.000Z",
      warning: retired("gpt-image-1", "2026-10-23", "gpt-image-1.5"),
    },
  ];

  it.each(rows)("$params: no warning before $after", ({ params, before }) => {
    const result = run(params, new Date(before));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([]);
  });

  it.each(rows)("$params: warning from $after (still ok)", ({ params, after, warning }) => {
    const result = run(params, new Date(after));
    expect(result.ok).toBe(true);
    expect(result.warnings).toEqual([warning]);
    const later = run(params, new Date("2030-01-01T00:00:00Z"));
    expect(later.warnings).toEqual([warning]);
  });

  it.each(["gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-2026-04-21"])(
    "%s is not retired",
    (model) => {
      expect(run({ model, prompt: "a cat" }, new Date("2030-01-01")).warnings).toEqual([]);
    },
  );

  it("a retired model still reports its issues", () => {
    const result = run({ model: "dall-e-3", prompt: "a cat", n: 2 }, new Date("2027-01-01"));
    expect(issuesOf(result).map((i) => i.param)).toEqual(["n"]);
    expect(result.warnings.map((w) => w.code)).toEqual(["model_retired"]);
  });
});

describe("unknown models: accepted with a warning, common rules only", () => {
  const warning = {
    param: "model",
    code: "unknown_model",
    message: "Model 'gpt-image-9' is unknown; check its name.",
  };
  it.each<Params>([
    { size: "256x256" },
    { size: "1792x1024" },
    { size: "1536x864" },
    { size: "auto" },
    { quality: "hd" },
    { quality: "low" },
    { n: 10 },
    { response_format: "url" },
    { output_format: "jpeg", output_compression: 50 },
    { background: "transparent" },
    { stream: true, partial_images: 3 },
    { prompt: "a".repeat(32_000) },
  ])("accepts %j", (extra) => {
    expectValid({ model: "gpt-image-9", prompt: "a cat", ...extra }, [warning]);
  });

  it.each<[Params, string, string]>([
    [{ n: 11 }, "n", "integer_above_max_value"],
    [{ n: 0 }, "n", "integer_below_min_value"],
    [{ prompt: "a".repeat(32_001) }, "prompt", "string_above_max_length"],
    [{ quality: "ultra" }, "quality", "invalid_value"],
    [{ size: "1792x936" }, "size", "invalid_value"],
    [{ size: "1024x512" }, "size", "invalid_value"],
    [{ output_compression: 101 }, "output_compression", "integer_above_max_value"],
    [{ partial_images: 4 }, "partial_images", "integer_above_max_value"],
    [{ background: "transparent", output_format: "jpeg" }, "background", "invalid_value"],
  ])("still refuses %j", (extra, param, code) => {
    const result = run({ model: "gpt-image-9", prompt: "a cat", ...extra });
    expect(issuesOf(result)).toEqual([expect.objectContaining({ param, code })]);
    expect(result.warnings).toEqual([warning]);
  });
});

describe("unknown parameters", () => {
  it.each(["foo", "Prompt", "sizes", "image", "mask", "constructor", "toString", ""])(
    "%j is unknown_parameter",
    (param) => {
      expectIssue(
        { model: "gpt-image-1", prompt: "a cat", [param]: 1 },
        {
          param,
          code: "unknown_parameter",
          type: REQUEST_ERROR,
          message: unknownParameter(param),
        },
      );
    },
  );

  it("__proto__ from JSON.parse is an unknown parameter, not a prototype", () => {
    const params = JSON.parse('{"prompt":"a cat","__proto__":{"n":99}}');
    expectIssue(params, { param: "__proto__", code: "unknown_parameter" });
  });

  it("caps the echoed name at 100 characters", () => {
    const name = "x".repeat(5000);
    expectIssue({ prompt: "a cat", [name]: 1 }, { message: unknownParameter("x".repeat(100)) });
  });

  it("an unknown parameter set to null is still unknown", () => {
    expectIssue({ prompt: "a cat", seed: null }, { param: "seed", code: "unknown_parameter" });
  });
});

describe("null means absent", () => {
  it("every optional parameter given as null is dropped", () => {
    const params: Params = { prompt: "a cat" };
    for (const name of IMAGE_PARAM_NAMES) if (name !== "prompt") params[name] = null;
    const result = expectValid(params);
    expect(result.ok && result.request).toEqual({ prompt: "a cat" });
    expect(result.ok && result.model).toBe("dall-e-2");
  });

  it("null GPT-only parameters are not refused on dall-e-3", () => {
    const result = expectValid({
      model: "dall-e-3",
      prompt: "a cat",
      output_format: null,
      background: null,
      stream: null,
      partial_images: null,
      response_format: "url",
    });
    expect(result.ok && result.request).toEqual({
      model: "dall-e-3",
      prompt: "a cat",
      response_format: "url",
    });
  });

  it("undefined values are dropped too", () => {
    const result = expectValid({ prompt: "a cat", size: undefined });
    expect(result.ok && Object.keys(result.request)).toEqual(["prompt"]);
  });
});

describe("every issue is reported", () => {
  it("a request with 5 problems yields 5 issues, in parameter order", () => {
    const result = run({
      model: "dall-e-3",
      prompt: "",
      n: 2,
      quality: "low",
      size: "1x1",
      foo: 1,
    });
    expect(issuesOf(result)).toEqual([
      {
        param: "foo",
        code: "unknown_parameter",
        type: REQUEST_ERROR,
        message: unknownParameter("foo"),
        hint: expect.stringContaining("'prompt'"),
      },
      {
        param: "prompt",
        code: "empty_string",
        type: REQUEST_ERROR,
        message:
          "Invalid 'prompt': empty string. Expected a string with minimum length 1, but got an empty string instead.",
      },
      {
        param: "n",
        code: "integer_above_max_value",
        type: REQUEST_ERROR,
        message: aboveMax("n", 1, 2),
        hint: expect.any(String),
      },
      {
        param: "quality",
        code: "invalid_value",
        type: REQUEST_ERROR,
        message: invalidValue("low", "'standard', 'hd', and 'auto'"),
        hint: expect.any(String),
      },
      {
        param: "size",
        code: "invalid_value",
        type: USER_ERROR,
        message: "Invalid size '1x1'. Supported sizes are 1024x1024, 1024x1792, and 1792x1024.",
      },
    ]);
  });

  it("a GPT request wrong everywhere reports every parameter", () => {
    const result = run({
      model: "gpt-image-2",
      prompt: 7,
      n: 0,
      quality: "hd",
      style: "loud",
      response_format: "url",
      output_format: "gif",
      moderation: "none",
      output_compression: 200,
      background: "transparent",
      stream: "yes",
      partial_images: 9,
      size: "100x100",
      user: 5,
      extra: true,
    });
    expect(issuesOf(result).map((i) => i.param)).toEqual([
      "extra",
      "prompt",
      "n",
      "quality",
      "style",
      "response_format",
      "output_format",
      "moderation",
      "output_compression",
      "background",
      "stream",
      "partial_images",
      "size",
      "user",
    ]);
  });
});

describe("the body itself", () => {
  it.each([
    [null, "null"],
    [undefined, "undefined"],
    ["a cat", "a string"],
    [42, "an integer"],
    [[{ prompt: "a cat" }], "an array"],
    [true, "a boolean"],
  ])("%j is not an object", (body, got) => {
    const result = run(body);
    expect(issuesOf(result)).toEqual([
      {
        param: null,
        code: "invalid_type",
        type: REQUEST_ERROR,
        message: `Invalid type for request body: expected an object, but got ${got} instead.`,
        hint: "Send a JSON object.",
      },
    ]);
  });

  it("a throwing getter or a revoked proxy is an issue, not an exception", () => {
    const getter = Object.defineProperty({}, "prompt", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    const { proxy, revoke } = Proxy.revocable({ prompt: "a cat" }, {});
    revoke();
    for (const body of [getter, proxy]) {
      expect(issuesOf(run(body))).toEqual([
        {
          param: null,
          code: "invalid_type",
          type: REQUEST_ERROR,
          message: "Invalid request body: it could not be read as a JSON object.",
        },
      ]);
    }
  });

  it("the value of an unknown parameter is never read", () => {
    const body = Object.defineProperty({ prompt: "a cat" }, "seed", {
      enumerable: true,
      get() {
        throw new Error("boom");
      },
    });
    expectIssue(body, { param: "seed", code: "unknown_parameter" });
  });

  it("user must be a string", () => {
    expectValid({ prompt: "a cat", user: "user-1234" });
    expectIssue(
      { prompt: "a cat", user: 5 },
      {
        param: "user",
        code: "invalid_type",
        message: invalidType("user", "a string", "an integer"),
      },
    );
  });

  it("a valid request comes back as it should be sent", () => {
    const params = {
      model: "gpt-image-2",
      prompt: "a watercolor fox",
      size: "1536x864",
      quality: "high",
      n: 2,
      output_format: "webp",
      output_compression: 80,
      user: "u1",
    };
    const result = expectValid(params);
    expect(result.ok && result.request).toEqual(params);
    expect(result.ok && result.model).toBe("gpt-image-2");
    expect(result.ok && result.spec).toBe(MODEL_REGISTRY["gpt-image-2"]);
  });
});

describe("listValues", () => {
  it.each<[string[], string]>([
    [[], ""],
    [["a"], "'a'"],
    [["a", "b"], "'a' and 'b'"],
    [["a", "b", "c"], "'a', 'b', and 'c'"],
    [["low", "medium", "high", "auto"], "'low', 'medium', 'high', and 'auto'"],
  ])("%j -> %s", (values, text) => {
    expect(listValues(values)).toBe(text);
  });

  it("takes a custom wrapper", () => {
    expect(listValues(["1024x1024", "auto"], String)).toBe("1024x1024 and auto");
  });

  it.each<[string[], string]>([
    [["a"], "'a'"],
    [["a", "b"], "'a' or 'b'"],
    [["a", "b", "c"], "'a', 'b', or 'c'"],
  ])("%j with 'or' -> %s", (values, text) => {
    expect(listValues(values, undefined, "or")).toBe(text);
  });
});
