import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ImageDataSchema, ImagesResponseSchema } from "./response-schema";
import { CompletedImageEventSchema, PartialImageEventSchema } from "./stream-event-schema";
import {
  COMPLETED_EVENT_SHAPE,
  checkShape,
  IMAGE_DATA_SHAPE,
  IMAGES_RESPONSE_SHAPE,
  PARTIAL_EVENT_SHAPE,
} from "./wire-shape";

const usage = {
  input_tokens: 50,
  input_tokens_details: { image_tokens: 40, text_tokens: 10 },
  output_tokens: 50,
  total_tokens: 100,
};
const partial = {
  type: "image_generation.partial_image",
  b64_json: "iVBORw0KGgo=",
  background: "opaque",
  created_at: 1,
  output_format: "png",
  quality: "low",
  size: "1536x864",
  partial_image_index: 0,
};
const completed = { ...partial, type: "image_generation.completed", usage };
delete (completed as Partial<typeof partial>).partial_image_index;

// The client checks wire data with small tables (no zod in browser bundles); the exported zod
// schemas must accept and refuse exactly the same things.
const pairs = [
  {
    name: "partial event",
    shape: PARTIAL_EVENT_SHAPE,
    schema: PartialImageEventSchema,
    valid: partial,
  },
  {
    name: "completed event",
    shape: COMPLETED_EVENT_SHAPE,
    schema: CompletedImageEventSchema,
    valid: completed,
  },
  {
    name: "response",
    shape: IMAGES_RESPONSE_SHAPE,
    schema: ImagesResponseSchema,
    valid: { created: 1, output_format: "webp", size: "2048x1152", usage, extra: true },
  },
  {
    name: "image data",
    shape: IMAGE_DATA_SHAPE,
    schema: ImageDataSchema,
    valid: { url: "https://x" },
  },
] as const;

describe("wire shapes agree with the zod schemas", () => {
  it.each(pairs)("$name: the valid sample passes both", ({ shape, schema, valid }) => {
    expect(checkShape(valid, shape)).toEqual([]);
    expect(schema.safeParse(valid).success).toBe(true);
  });

  it.each(pairs)("$name: each field broken is refused by both", ({ shape, schema, valid }) => {
    for (const key of Object.keys(valid)) {
      if (key === "type" || key === "extra") continue;
      for (const bad of [null, "x", 1, {}, []]) {
        const broken = { ...valid, [key]: bad };
        const shapeOk = checkShape(broken, shape).length === 0;
        expect({ key, bad, ok: shapeOk }).toEqual({
          key,
          bad,
          ok: schema.safeParse(broken).success,
        });
      }
    }
  });

  it.each(pairs)("$name: arbitrary values get the same verdict", ({ shape, schema, valid }) => {
    const values = fc.oneof(
      fc.anything(),
      fc
        .dictionary(fc.constantFrom(...Object.keys(valid)), fc.jsonValue())
        .map((v) => ({ ...valid, ...v })),
    );
    fc.assert(
      fc.property(values, (value) => {
        const typed =
          typeof value === "object" && value !== null && "type" in valid && "type" in value;
        if (typed && (value as { type: unknown }).type !== valid.type) return;
        expect(checkShape(value, shape).length === 0).toBe(schema.safeParse(value).success);
      }),
      { numRuns: 500 },
    );
  });
});

describe("checkShape problems", () => {
  it("names the path, the expected type and what came instead", () => {
    expect(checkShape({ created: "x" }, IMAGES_RESPONSE_SHAPE)).toEqual([
      "created: expected number, got string",
    ]);
    expect(checkShape([], IMAGES_RESPONSE_SHAPE)).toEqual(["value: expected object, got array"]);
    expect(checkShape({ url: 1 }, IMAGE_DATA_SHAPE, "data.0")).toEqual([
      "data.0.url: expected string, got number",
    ]);
  });

  it("reports a missing required field as undefined, and every problem, nested ones too", () => {
    const { usage: _usage, ...noUsage } = completed;
    expect(checkShape(noUsage, COMPLETED_EVENT_SHAPE)).toEqual([
      "usage: expected object, got undefined",
    ]);
    expect(
      checkShape({ ...completed, usage: { ...usage, total_tokens: null } }, COMPLETED_EVENT_SHAPE),
    ).toEqual(["usage.total_tokens: expected number, got null"]);
    expect(checkShape({ created: 1, output_format: "gif" }, IMAGES_RESPONSE_SHAPE)).toEqual([
      "output_format: expected one of png, jpeg, webp, got string",
    ]);
    expect(checkShape({ size: 1 }, IMAGES_RESPONSE_SHAPE)).toEqual([
      "size: expected string, got number",
      "created: expected number, got undefined",
    ]);
  });
});
