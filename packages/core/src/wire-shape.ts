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

// The image metadata a response and every event may carry.
const IMAGE_META: Shape = {
  "background?": "string",
  "output_format?": OUTPUT_FORMATS,
  "quality?": "string",
  "size?": "string",
};

// Spec page 004 lists these fields on every event, but the examples on pages 000 and 003 show
// events with only `type`, `b64_json` and the index or usage. The image itself is what the
// client needs, so the metadata is checked when present and not required.
const EVENT_SHAPE: Shape = { ...IMAGE_META, b64_json: "string", "created_at?": "number" };

/** `image_generation.partial_image` (spec page 004). */
export const PARTIAL_EVENT_SHAPE: Shape = { ...EVENT_SHAPE, partial_image_index: "number" };
/** `image_generation.completed` (spec page 004). */
export const COMPLETED_EVENT_SHAPE: Shape = { ...EVENT_SHAPE, usage: USAGE_SHAPE };

/** The non-streamed response, minus `data` (an array, checked item by item). */
export const IMAGES_RESPONSE_SHAPE: Shape = {
  ...IMAGE_META,
  created: "number",
  "usage?": USAGE_SHAPE,
};
/** One item of `data`. */
export const IMAGE_DATA_SHAPE: Shape = {
  "b64_json?": "string",
  "revised_prompt?": "string",
  "url?": "string",
};

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
  const problems: string[] = [];
  // One check for every field type: a nested shape is a field that must be an object.
  // A missing required field is reported as `got undefined`.
  const check = (value: unknown, type: FieldType, at: string) => {
    const isEnum = Array.isArray(type);
    const expected = isEnum
      ? `one of ${type.join(", ")}`
      : typeof type === "string"
        ? type
        : "object";
    const kind = value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
    if (isEnum ? !type.includes(value) : kind !== expected) {
      problems.push(`${at || "value"}: expected ${expected}, got ${kind}`);
    } else if (expected === "object") {
      for (const key in type as Shape) {
        const name = key.replace("?", "");
        const field = (value as Record<string, unknown>)[name];
        if (field !== undefined || name === key) {
          check(field, (type as Shape)[key]!, at ? `${at}.${name}` : name);
        }
      }
    }
  };
  check(value, shape, path);
  return problems;
}
