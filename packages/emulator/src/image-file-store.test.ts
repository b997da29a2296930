import { describe, expect, it } from "vitest";
import { maskKey } from "./api-errors";
import { ImageFileStore } from "./image-file-store";

describe("ImageFileStore", () => {
  it("expires images after the TTL (410 territory) and drops the oldest over capacity", () => {
    let now = 0;
    const store = new ImageFileStore({ ttlMs: 1000, capacity: 2, now: () => now });
    const image = { bytes: new Uint8Array(1), contentType: "image/png" };
    store.put("a", image);
    now = 500;
    store.put("b", image);
    now = 800;
    store.put("c", image);
    expect(store.get("a").state).toBe("missing");
    expect(store.get("b").state).toBe("found");
    now = 1500;
    expect(store.get("b")).toEqual({ state: "expired", expiredAt: 1500 });
    expect(store.get("c").state).toBe("found");
    expect(store.size).toBe(1);
  });
});

describe("maskKey", () => {
  it("shows at most the first 3 and last 4 characters, none of a short key", () => {
    expect(maskKey("sk-proj-abcdefghijklmnop")).toBe("sk-*****************mnop");
    expect(maskKey("short-key")).toBe("********");
  });
});
