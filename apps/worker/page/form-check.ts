import {
  checkSize,
  estimateCost,
  estimateUsage,
  type ValidationIssue,
  type ValidationWarning,
  validateImageRequest,
} from "@easel/browser";

/** The request the form describes: its fields as typed, always streamed. */
export interface FormParams {
  model: string;
  prompt: string;
  size: string;
  quality: string;
  output_format: string;
  background: string;
  stream: true;
  partial_images: number;
}

/** The form's state under core's rules. */
export interface FormCheck {
  /**
   * What would be refused, in the API's words with core's hint on what to do, and what this
   * server refuses on top.
   */
  issues: Pick<ValidationIssue, "param" | "message" | "hint">[];
  warnings: ValidationWarning[];
  /** What one image would cost in USD, before anything is sent; undefined without prices. */
  cost: number | undefined;
}

/**
 * Checks the request with the same rules the proxy and the API apply, so a request that
 * would be refused is never sent.
 */
export function checkForm(params: FormParams, maxPixels: number): FormCheck {
  const result = validateImageRequest(params);
  const issues: FormCheck["issues"] = result.ok ? [] : result.issues;
  const size = checkSize(params.size);
  // The server's own policy (GET /api/config): it refuses larger images with a 400.
  const pixels = size.ok && size.value !== "auto" ? size.value.width * size.value.height : 0;
  if (pixels > maxPixels) {
    issues.push({
      param: "size",
      message: `${params.size} has ${pixels.toLocaleString()} pixels; this server allows at most ${maxPixels.toLocaleString()}.`,
    });
  }
  return {
    issues,
    warnings: result.warnings,
    // Core's estimate of the usage, priced: a size outside the price table (an invalid one
    // too) counts by its pixels.
    cost: estimateCost(estimateUsage(params), params.model)?.total,
  };
}
