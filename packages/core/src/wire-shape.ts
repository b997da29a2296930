import { OUTPUT_FORMATS } from "./image-params";

// The client checks what the API sends with these small tables instead of the zod schemas:
// zod/mini alone would be half of a browser app's 10 KB budget. The exported zod schemas
// describe the same shapes for users; `wire-shape.test.ts` keeps the two in agreement.

/** A field's type: a primitive, an enum's values, or a nested shape. `?` after a key: optional. */
export type FieldType = "string" | "number" | readonly string[] | Shape;
/** Field name (with `?` when optional) to type. Unknown extra fields are always allowed. */
export type Shape = { readonly [field: string]: FieldType };

const TOKEN_DETAILS: Shape = { image_tokens: "number", text_tokens: "number" };

/** `usage` of a response or completed event. */
export const USAGE_SHAPE: Shape = {
  input_tokens: "number",
  "input_tokens_details?": TOKEN_DETAILS,
  output_tokens: "number",
  total_tokens: "number",
  "output_tokens_details?": TOKEN_DETAILS,
};

// Spec page 004 lists these fields on every event, but the examples on pages 000 and 003 show
// events with only `type`, `b64_json` and the index or usage. The image itself is what the
// client needs, so the metadata is checked when present and not required.
const EVENT_SHAPE: Shape = {
  b64_json: "string",
  "background?": "string",
  "created_at?": "number",
  "output_format?": OUTPUT_FORMATS,
  "quality?": "string",
  "size?": "string",
};

/** `image_generation.partial_image` (spec page 004). */
export const PARTIAL_EVENT_SHAPE: Shape = { ...EVENT_SHAPE, partial_image_index: "number" };
/** `image_generation.completed` (spec page 004). */
export const COMPLETED_EVENT_SHAPE: Shape = { ...EVENT_SHAPE, usage: USAGE_SHAPE };

/** The non-streamed response, minus `data` (an array, checked item by item). */
export const IMAGES_RESPONSE_SHAPE: Shape = {
  created: "number",
  "background?": "string",
  "output_format?": OUTPUT_FORMATS,
  "quality?": "string",
  "size?": "string",
  "usage?": USAGE_SHAPE,
};
/** One item of `data`. */
export const IMAGE_DATA_SHAPE: Shape = {
  "b64_json?": "string",
  "revised_prompt?": "string",
  "url?": "string",
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * The problems of `value` against `shape`, as `path: what was wrong` strings; empty when it
 * fits. Extra fields pass (the API adds fields).
 *
 * @example
 * ```ts
 * checkShape({ created: "x" }, IMAGES_RESPONSE_SHAPE); // ["created: expected number, got string"]
 * ```
 */
export function checkShape(value: unknown, shape: Shape, path = ""): string[] {
  if (!isRecord(value)) return [`${path || "value"}: expected object, got ${describe(value)}`];
  const problems: string[] = [];
  for (const key in shape) {
    const optional = key.endsWith("?");
    const name = optional ? key.slice(0, -1) : key;
    const type = shape[key]!;
    const field = value[name];
    const at = path ? `${path}.${name}` : name;
    if (field === undefined) {
      if (!optional) problems.push(`${at}: required`);
      continue;
    }
    if (type === "string" || type === "number") {
      if (typeof field !== type) problems.push(`${at}: expected ${type}, got ${describe(field)}`);
    } else if (Array.isArray(type)) {
      if (!type.includes(field as string))
        problems.push(`${at}: expected one of ${type.join(", ")}`);
    } else {
      problems.push(...checkShape(field, type as Shape, at));
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  return Array.isArray(value) ? "array" : typeof value;
}
