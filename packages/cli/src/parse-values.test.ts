import { describe, expect, it } from "vitest";
import { parseDuration, parseHeader, parseInteger } from "./parse-values";

describe("parseInteger", () => {
  it("reads whole numbers strictly", () => {
    expect(parseInteger("--n", "2")).toEqual({ ok: true, value: 2 });
    expect(parseInteger("--n", "+3")).toEqual({ ok: true, value: 3 });
    expect(parseInteger("--n", "-1")).toEqual({ ok: true, value: -1 });
    for (const bad of ["abc", "3abc", "2.5", "", " ", "1e3", "0x10"]) {
      const parsed = parseInteger("--n", bad);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.issue.flag).toBe("--n");
    }
  });
});

describe("parseDuration", () => {
  it("reads milliseconds and units", () => {
    expect(parseDuration("--timeout", "1500")).toEqual({ ok: true, value: 1500 });
    expect(parseDuration("--timeout", "1500ms")).toEqual({ ok: true, value: 1500 });
    expect(parseDuration("--timeout", "90s")).toEqual({ ok: true, value: 90_000 });
    expect(parseDuration("--timeout", "10m")).toEqual({ ok: true, value: 600_000 });
    expect(parseDuration("--timeout", "1.5h")).toEqual({ ok: true, value: 5_400_000 });
  });

  it("refuses zero, negatives, unknown units and words", () => {
    for (const bad of ["0", "-5", "10d", "soon", "", "5 minutes"]) {
      expect(parseDuration("--timeout", bad).ok).toBe(false);
    }
  });
});

describe("parseHeader", () => {
  it("reads NAME=VALUE and NAME: VALUE, and never echoes a bad value", () => {
    expect(parseHeader("--header", "x-a=1=2")).toEqual({ ok: true, value: ["x-a", "1=2"] });
    expect(parseHeader("--header", "x-b: two")).toEqual({ ok: true, value: ["x-b", "two"] });
    const bad = parseHeader("--header", "no separator sk-secret");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.issue.message).not.toContain("sk-secret");
  });
});
