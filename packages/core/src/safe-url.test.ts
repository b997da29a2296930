import { describe, expect, it } from "vitest";
import { safeUrl } from "./safe-url";

describe("safeUrl", () => {
  it("keeps the origin and path, drops credentials, query and fragment", () => {
    expect(safeUrl("https://user:pw@files.example:8443/a/img.png?sig=abc#x")).toBe(
      "https://files.example:8443/a/img.png",
    );
  });

  it("says so for a string that is not a URL", () => {
    expect(safeUrl("not a url")).toBe("(invalid URL)");
  });
});
