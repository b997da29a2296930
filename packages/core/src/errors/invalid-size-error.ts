import { EaselError } from "./easel-error";

/** Which size rule a string broke. */
export type SizeRule =
  | "format"
  | "multiple_of_16"
  | "aspect_ratio"
  | "max_edge"
  | "min_pixels"
  | "max_pixels";

/**
 * Thrown by `parseSize` when a size string breaks a rule of the free-size models
 * (`gpt-image-2`). `rule` names the rule, `suggestions` lists the nearest valid sizes when
 * there are any.
 *
 * @example
 * ```ts
 * try {
 *   parseSize("1792x936");
 * } catch (error) {
 *   if (InvalidSizeError.isInstance(error)) console.log(error.rule, error.suggestions);
 *   // "multiple_of_16" ["1792x928", "1792x944"]
 * }
 * ```
 */
export class InvalidSizeError extends EaselError {
  static override readonly kind: string = "InvalidSizeError";
  readonly size: string;
  readonly rule: SizeRule;
  readonly suggestions: readonly string[];

  constructor(args: { size: string; rule: SizeRule; message: string; suggestions?: string[] }) {
    super(args.message);
    this.size = args.size;
    this.rule = args.rule;
    this.suggestions = args.suggestions ?? [];
  }
}
