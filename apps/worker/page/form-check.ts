import {
  checkSize,
  estimateCost,
  getModelSpec,
  type ImageGenerateParams,
  type ImageUsage,
  imageOutputTokens,
  PARTIAL_IMAGE_OUTPUT_TOKENS,
  validateImageRequest,
} from "@easel/browser";

/** The form's state under core's rules, sorted by where the page shows it. */
export interface FormCheck {
  ok: boolean;
  /** The broken size rule, in the API's words, and the nearest valid sizes. */
  size?: { message: string; suggestions: string[] };
  prompt?: string;
  /** Issues of other fields (a transparent background gpt-image-2 cannot do, ...). */
  other: string[];
  warnings: string[];
  maxPrompt: number;
  /** "about $0.04 per image", before anything is sent. */
  estimate: string;
}

/**
 * Checks the request with the same rules the proxy and the API apply, so a request that
 * would be refused is never sent. `touched` hides "the prompt is missing" until the person
 * has tried to submit.
 */
export function checkForm(
  params: ImageGenerateParams,
  touched: boolean,
  maxPixels = Number.POSITIVE_INFINITY,
): FormCheck {
  const result = validateImageRequest(params);
  const issues = result.ok ? [] : result.issues;
  const check: FormCheck = {
    ok: result.ok,
    other: [],
    warnings: result.warnings.map((w) => w.message),
    maxPrompt: getModelSpec(params.model ?? "")?.maxPromptChars ?? 32_000,
    estimate: "",
  };
  for (const issue of issues) {
    if (issue.param === "size") {
      const free = checkSize(String(params.size));
      check.size = {
        message: issue.message,
        suggestions: estimateFor(params).freeSize && !free.ok ? free.suggestions : [],
      };
    } else if (issue.param === "prompt") {
      if (touched || params.prompt !== "") check.prompt = issue.message;
    } else {
      check.other.push(issue.message);
    }
  }
  // The server's own policy (GET /api/config): it refuses larger images with a 400.
  const size = checkSize(String(params.size));
  if (!check.size && size.ok && size.value !== "auto") {
    const pixels = size.value.width * size.value.height;
    if (pixels > maxPixels) {
      check.ok = false;
      check.size = {
        message: `This server allows at most ${maxPixels.toLocaleString("en-US")} pixels per image; ${params.size} has ${pixels.toLocaleString("en-US")}.`,
        suggestions: [],
      };
    }
  }
  const cost = estimateFor(params, {
    // About four characters a token; the image tokens dominate anyway.
    input_tokens: Math.ceil(params.prompt.length / 4),
    output_tokens:
      imageOutputTokens(
        params.quality ?? undefined,
        check.size ? undefined : (params.size ?? undefined),
      ) +
      (params.partial_images ?? 0) * PARTIAL_IMAGE_OUTPUT_TOKENS,
    total_tokens: 0,
  }).cost;
  check.estimate = cost === undefined ? "" : `about $${cost.toFixed(3)} per image`;
  return check;
}

/** Whether the model takes free sizes, and the cost of `usage` on it. */
export function estimateFor(
  params: ImageGenerateParams,
  usage?: ImageUsage,
): { freeSize: boolean; cost: number | undefined } {
  const model = params.model ?? "";
  return {
    freeSize: getModelSpec(model)?.freeSize === true,
    cost: usage ? estimateCost(usage, model)?.total : undefined,
  };
}
