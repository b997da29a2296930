import type { ValidationIssue, ValidationWarning } from "../validate-image-request";
import { EaselError } from "./easel-error";

/**
 * Thrown by `client.images.generate` before any network call when the request breaks a rule.
 * `issues` holds every problem, not just the first.
 *
 * @example
 * ```ts
 * try {
 *   await client.images.generate({ model: "dall-e-3", prompt: "a cat", n: 2 });
 * } catch (error) {
 *   if (ImageRequestValidationError.isInstance(error)) {
 *     for (const issue of error.issues) console.log(`${issue.param}: ${issue.message}`);
 *   }
 * }
 * ```
 */
export class ImageRequestValidationError extends EaselError {
  static override readonly kind: string = "ImageRequestValidationError";
  // `declare`: assigned in the constructor, so no field initialiser is emitted.
  declare readonly issues: readonly ValidationIssue[];
  declare readonly warnings: readonly ValidationWarning[];

  constructor(issues: readonly ValidationIssue[], warnings: readonly ValidationWarning[] = []) {
    const lines = issues.map(
      (issue) =>
        `- ${issue.param ?? "body"}: ${issue.message}${issue.hint ? ` ${issue.hint}` : ""}`,
    );
    super(`The request is invalid and was not sent:\n${lines.join("\n")}`);
    this.issues = issues;
    this.warnings = warnings;
  }
}
