import { describe, expect, it } from "vitest";
import { ImageGenerateParamsSchema } from "./request-schema";
import {
  ApiErrorBodySchema,
  ImageDataSchema,
  ImagesResponseSchema,
  ImageUsageSchema,
} from "./response-schema";
import {
  CompletedImageEventSchema,
  PartialImageEventSchema,
  StreamErrorEventSchema,
} from "./stream-event-schema";

const usage = {
  input_tokens: 50,
  input_tokens_details: { image_tokens: 40, text_tokens: 10 },
  output_tokens: 50,
  total_tokens: 100,
};

// The captured bodies of FACTS §3, verbatim.
const CAPTURED_ERRORS = [
  `{"error":{"message":"Invalid value: 'standard'. Supported values are: 'low', 'medium', 'high', and 'auto'.","type":"invalid_request_error","param":"quality","code":"invalid_value"}}`,
  `{"error":{"message":"Invalid size '123x456'. Supported sizes are 1024x1024, 1024x1536, 1536x1024, and auto.","type":"image_generation_user_error","param":"size","code":"invalid_value"}}`,
  `{"error":{"message":"Your request was rejected by the safety system.","type":"image_generation_user_error","param":null,"code":"moderation_blocked","moderation_details":{"moderation_stage":"input","categories":["other"]}}}`,
  `{"error":{"code":"invalid_size","message":"The size is not supported by this model.","param":null,"type":"invalid_request_error"}}`,
];
const CAPTURED_STREAM_ERROR = `{"type":"error","error":{"type":"image_generation_user_error","code":"moderation_blocked","message":"Your request was rejected by the safety system.","param":null},"sequence_number":0}`;

describe("ImagesResponseSchema", () => {
  // The example response of spec page 004.
  const example = {
    created: 0,
    background: "transparent",
    data: [{ b64_json: "b64_json", revised_prompt: "revised_prompt", url: "https://example.com" }],
    output_format: "png",
    quality: "low",
    size: "1024x1024",
    usage: { ...usage, output_tokens_details: { image_tokens: 0, text_tokens: 0 } },
  };

  it("parses the spec's example unchanged", () => {
    expect(ImagesResponseSchema.parse(example)).toEqual(example);
  });

  it("parses the minimal body of the spec's gpt-image-1.5 example", () => {
    const body = { created: 1713833628, data: [{ b64_json: "..." }], usage };
    expect(ImagesResponseSchema.parse(body)).toEqual(body);
  });

  it.each(["1536x864", "3840x2160", "2160x3840", "1024x1024", "auto", "4096x4096"])(
    "accepts any size string: %s",
    (size) => {
      expect(ImagesResponseSchema.parse({ created: 1, size }).size).toBe(size);
    },
  );

  it("accepts quality and background values outside the legacy enums", () => {
    const body = { created: 1, quality: "auto", background: "auto" };
    expect(ImagesResponseSchema.parse(body)).toEqual(body);
  });

  it("keeps unknown extra fields at every level", () => {
    const body = {
      created: 1,
      future_field: { nested: [1, 2, 3] },
      data: [{ b64_json: "abc", content_filter: "none" }],
      usage: {
        ...usage,
        cached_tokens: 7,
        input_tokens_details: { ...usage.input_tokens_details, x: 1 },
      },
    };
    expect(ImagesResponseSchema.parse(body)).toEqual(body);
  });

  it.each<[string, unknown]>([
    ["no created", { data: [] }],
    ["created as a string", { created: "1" }],
    ["data not an array", { created: 1, data: { b64_json: "x" } }],
    ["an unknown output_format", { created: 1, output_format: "gif" }],
    ["size as a number", { created: 1, size: 1024 }],
    ["usage without totals", { created: 1, usage: { input_tokens: 1 } }],
    ["not an object", "hello"],
    ["null", null],
  ])("rejects %s", (_, body) => {
    expect(ImagesResponseSchema.safeParse(body).success).toBe(false);
  });

  it("ImageDataSchema and ImageUsageSchema check their own fields", () => {
    expect(ImageDataSchema.safeParse({ url: 5 }).success).toBe(false);
    expect(ImageDataSchema.parse({})).toEqual({});
    expect(ImageUsageSchema.safeParse({ ...usage, total_tokens: "100" }).success).toBe(false);
  });
});

// Spec page 004: partial event fields and completed event fields.
const partial = {
  type: "image_generation.partial_image",
  b64_json: "aGVsbG8=",
  background: "opaque",
  created_at: 1713833628,
  output_format: "png",
  partial_image_index: 0,
  quality: "high",
  size: "1024x1024",
};
const completed = {
  type: "image_generation.completed",
  b64_json: "aGVsbG8=",
  background: "transparent",
  created_at: 1713833628,
  output_format: "webp",
  quality: "auto",
  size: "auto",
  usage,
};

describe("PartialImageEventSchema", () => {
  it("parses the spec page 004 field set", () => {
    expect(PartialImageEventSchema.parse(partial)).toEqual(partial);
  });

  it.each([
    ["size", "1536x864"],
    ["background", "auto"],
    ["quality", "medium"],
    ["partial_image_index", 2],
    ["output_format", "jpeg"],
  ])("accepts %s = %j", (field, value) => {
    expect(PartialImageEventSchema.parse({ ...partial, [field]: value })).toMatchObject({
      [field]: value,
    });
  });

  it("keeps extra fields (sequence_number and the like)", () => {
    const event = { ...partial, sequence_number: 3, future: true };
    expect(PartialImageEventSchema.parse(event)).toEqual(event);
  });

  it.each(["type", "b64_json", "partial_image_index"])("rejects an event without %s", (field) => {
    const event: Record<string, unknown> = { ...partial };
    delete event[field];
    expect(PartialImageEventSchema.safeParse(event).success).toBe(false);
  });

  // The spec pages' own streaming examples (000, 003) send events without the metadata.
  it.each(["background", "created_at", "output_format", "quality", "size"])(
    "accepts an event without %s, as the spec examples send",
    (field) => {
      const event: Record<string, unknown> = { ...partial };
      delete event[field];
      expect(PartialImageEventSchema.safeParse(event).success).toBe(true);
    },
  );

  it("parses the spec page 003 example event", () => {
    const event = {
      type: "image_generation.partial_image",
      b64_json: "...",
      partial_image_index: 0,
    };
    expect(PartialImageEventSchema.parse(event)).toEqual(event);
  });

  it.each<[string, unknown]>([
    ["type", "image_generation.completed"],
    ["output_format", "gif"],
    ["partial_image_index", "0"],
    ["b64_json", null],
    ["created_at", "2026-01-01"],
  ])("rejects %s = %j", (field, value) => {
    expect(PartialImageEventSchema.safeParse({ ...partial, [field]: value }).success).toBe(false);
  });
});

describe("CompletedImageEventSchema", () => {
  it("parses the spec page 004 field set", () => {
    expect(CompletedImageEventSchema.parse(completed)).toEqual(completed);
  });

  it("accepts a free size and keeps extra fields", () => {
    const event = { ...completed, size: "2160x3840", sequence_number: 4 };
    expect(CompletedImageEventSchema.parse(event)).toEqual(event);
  });

  it.each(["type", "b64_json", "usage"])("rejects an event without %s", (field) => {
    const event: Record<string, unknown> = { ...completed };
    delete event[field];
    expect(CompletedImageEventSchema.safeParse(event).success).toBe(false);
  });

  it.each(["background", "created_at", "output_format", "quality", "size"])(
    "accepts an event without %s, as the spec examples send",
    (field) => {
      const event: Record<string, unknown> = { ...completed };
      delete event[field];
      expect(CompletedImageEventSchema.safeParse(event).success).toBe(true);
    },
  );

  it.each<[string, unknown]>([
    ["type", "image_generation.partial_image"],
    ["usage", { input_tokens: 1 }],
    ["output_format", "bmp"],
  ])("rejects %s = %j", (field, value) => {
    expect(CompletedImageEventSchema.safeParse({ ...completed, [field]: value }).success).toBe(
      false,
    );
  });

  it("does not mistake a partial event for a completed one, nor the reverse", () => {
    expect(CompletedImageEventSchema.safeParse(partial).success).toBe(false);
    expect(PartialImageEventSchema.safeParse(completed).success).toBe(false);
  });
});

describe("StreamErrorEventSchema", () => {
  it("parses the captured mid-stream error (FACTS §3)", () => {
    const parsed = StreamErrorEventSchema.parse(JSON.parse(CAPTURED_STREAM_ERROR));
    expect(parsed).toEqual({
      type: "error",
      error: {
        type: "image_generation_user_error",
        code: "moderation_blocked",
        message: "Your request was rejected by the safety system.",
        param: null,
      },
      sequence_number: 0,
    });
  });

  it.each<[string, unknown]>([
    ["another type", { type: "image_generation.completed", error: { message: "x" } }],
    ["no error", { type: "error" }],
    ["an error without message", { type: "error", error: { code: "x" } }],
    [
      "sequence_number as a string",
      { type: "error", error: { message: "x" }, sequence_number: "0" },
    ],
  ])("rejects %s", (_, event) => {
    expect(StreamErrorEventSchema.safeParse(event).success).toBe(false);
  });
});

describe("ApiErrorBodySchema", () => {
  it.each(CAPTURED_ERRORS)("parses the captured body %s", (text) => {
    const json = JSON.parse(text);
    const parsed = ApiErrorBodySchema.parse(json);
    expect(parsed).toEqual(json);
    expect(parsed.error.message).toBe(json.error.message);
    expect(parsed.error.code).toBe(json.error.code);
    expect(parsed.error.param).toBe(json.error.param);
    expect(parsed.error.type).toBe(json.error.type);
  });

  it("keeps moderation_details", () => {
    const parsed = ApiErrorBodySchema.parse(JSON.parse(CAPTURED_ERRORS[2]!));
    expect(parsed.error).toMatchObject({
      moderation_details: { moderation_stage: "input", categories: ["other"] },
    });
  });

  it("accepts a body with only a message", () => {
    expect(ApiErrorBodySchema.parse({ error: { message: "x" } })).toEqual({
      error: { message: "x" },
    });
  });

  it.each<[string, unknown]>([
    ["an empty object", {}],
    ["an error without message", { error: { code: "x", type: "y" } }],
    ["a message that is not a string", { error: { message: 5 } }],
    ["a code that is a number", { error: { message: "x", code: 429 } }],
    ["a string", "Internal Server Error"],
  ])("rejects %s", (_, body) => {
    expect(ApiErrorBodySchema.safeParse(body).success).toBe(false);
  });
});

describe("ImageGenerateParamsSchema (shape only)", () => {
  it.each<Record<string, unknown>>([
    { prompt: "a cat" },
    { prompt: "a cat", n: 10, size: "1536x864", model: "gpt-image-2" },
    { prompt: "a cat", output_compression: 0, partial_images: 3, stream: true },
    {
      prompt: "a cat",
      background: null,
      model: null,
      moderation: null,
      n: null,
      output_compression: null,
      output_format: null,
      partial_images: null,
      quality: null,
      response_format: null,
      size: null,
      stream: null,
      style: null,
      user: null,
    },
  ])("accepts %j", (body) => {
    expect(ImageGenerateParamsSchema.safeParse(body).success).toBe(true);
  });

  it.each<Record<string, unknown>>([
    {},
    { prompt: 1 },
    { prompt: "a cat", n: 0 },
    { prompt: "a cat", n: 11 },
    { prompt: "a cat", n: 1.5 },
    { prompt: "a cat", output_compression: 101 },
    { prompt: "a cat", partial_images: 4 },
    { prompt: "a cat", quality: "ultra" },
    { prompt: "a cat", style: "loud" },
    { prompt: "a cat", foo: 1 },
  ])("rejects %j", (body) => {
    expect(ImageGenerateParamsSchema.safeParse(body).success).toBe(false);
  });
});
