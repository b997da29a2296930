import { describe, expect, it } from "vitest";
import { checkForm, type FormParams } from "./form-check";

const form = (change: Partial<FormParams> = {}): FormParams => ({
  model: "gpt-image-2",
  prompt: "A lighthouse at dusk",
  size: "1536x864",
  quality: "medium",
  output_format: "png",
  background: "auto",
  stream: true,
  partial_images: 2,
  ...change,
});

describe("checkForm", () => {
  it("passes a valid request and prices it before sending", () => {
    const check = checkForm(form(), Infinity);
    expect(check.issues).toEqual([]);
    expect(check.cost).toBeGreaterThan(0);
    // A larger image costs more.
    expect(checkForm(form({ size: "2048x2048" }), Infinity).cost).toBeGreaterThan(check.cost!);
  });

  it("names the broken size rule in the API's words, with core's hint of valid sizes", () => {
    const [issue, ...rest] = checkForm(form({ size: "1792x936" }), Infinity).issues;
    expect(rest).toEqual([]);
    expect(issue).toMatchObject({ param: "size" });
    expect(issue!.message).toContain("divisible by 16");
    expect(issue!.hint).toMatch(/1792x928.*1792x944/);
  });

  it("refuses sizes above the server's pixel limit, and only those", () => {
    const limit = 2560 * 1440;
    const [issue] = checkForm(form({ size: "3840x2160" }), limit).issues;
    expect(issue).toMatchObject({ param: "size" });
    expect(issue!.message).toMatch(/^3840x2160 has 8,294,400 pixels; .* 3,686,400\.$/);
    expect(checkForm(form({ size: "2560x1440" }), limit).issues).toEqual([]);
    expect(checkForm(form({ size: "auto" }), limit).issues).toEqual([]);
  });

  it("reports the prompt and the other fields under their parameters", () => {
    const params = checkForm(form({ prompt: "", background: "transparent" }), Infinity).issues.map(
      (issue) => issue.param,
    );
    expect(params.sort()).toEqual(["background", "prompt"]);
  });
});
