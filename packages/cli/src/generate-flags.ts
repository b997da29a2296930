/** How a flag's value is read. */
export type FlagKind = "string" | "integer" | "boolean";

/** One flag of `easel images generate` that maps to a request parameter. */
export interface ParamFlag {
  flag: string;
  /** The request body's field. */
  param: string;
  kind: FlagKind;
  short?: string;
  /** Placeholder shown in help. */
  value?: string;
  help: string;
}

/** Default model of the CLI. The API's own default, dall-e-2, was retired on 2026-05-12. */
export const DEFAULT_MODEL = "gpt-image-1.5";

/** Every parameter of `POST /images/generations` (spec page 004), as a flag. */
export const PARAM_FLAGS: readonly ParamFlag[] = [
  {
    flag: "prompt",
    param: "prompt",
    kind: "string",
    short: "p",
    value: "TEXT",
    help: "What to draw (required). Up to 32,000 characters for GPT image models.",
  },
  {
    flag: "model",
    param: "model",
    kind: "string",
    short: "m",
    value: "MODEL",
    help: `gpt-image-2, gpt-image-1.5, gpt-image-1-mini, ... (default ${DEFAULT_MODEL}).`,
  },
  {
    flag: "size",
    param: "size",
    kind: "string",
    short: "s",
    value: "WxH",
    help: "1024x1024, 1536x1024, 1024x1536 or auto; gpt-image-2 takes any valid WIDTHxHEIGHT.",
  },
  {
    flag: "quality",
    param: "quality",
    kind: "string",
    short: "q",
    value: "Q",
    help: "low, medium, high or auto (dall-e-3: standard or hd).",
  },
  {
    flag: "n",
    param: "n",
    kind: "integer",
    short: "n",
    value: "N",
    help: "Number of images, 1-10.",
  },
  {
    flag: "background",
    param: "background",
    kind: "string",
    value: "B",
    help: "transparent, opaque or auto.",
  },
  {
    flag: "output-format",
    param: "output_format",
    kind: "string",
    short: "f",
    value: "F",
    help: "png, jpeg or webp (default png).",
  },
  {
    flag: "output-compression",
    param: "output_compression",
    kind: "integer",
    value: "0-100",
    help: "Compression for jpeg and webp.",
  },
  {
    flag: "partial-images",
    param: "partial_images",
    kind: "integer",
    value: "0-3",
    help: "Partial images to receive while streaming (each costs 100 output tokens).",
  },
  { flag: "moderation", param: "moderation", kind: "string", value: "M", help: "low or auto." },
  {
    flag: "response-format",
    param: "response_format",
    kind: "string",
    value: "F",
    help: "url or b64_json (dall-e models only).",
  },
  {
    flag: "style",
    param: "style",
    kind: "string",
    value: "S",
    help: "vivid or natural (dall-e-3 only).",
  },
  {
    flag: "user",
    param: "user",
    kind: "string",
    value: "ID",
    help: "An end-user identifier, for abuse monitoring.",
  },
  {
    flag: "stream",
    param: "stream",
    kind: "boolean",
    help: "Stream the generation; each partial image is saved as it arrives.",
  },
];

/** The request parameter's flag: `output_format` -> `--output-format`. */
export function flagOf(param: string | null): string {
  if (param === null) return "request";
  return `--${PARAM_FLAGS.find((f) => f.param === param)?.flag ?? param.replaceAll("_", "-")}`;
}
