// Node-only code cannot reach a browser or a Worker: the web entries bundle for the browser
// and for workerd (the conditions wrangler sets) with no Node built-in, no undici and no file
// of a Node-only package; the Node-only entries refuse to bundle there at all, with esbuild
// pointing at the `exports` line that disables them. Core's own web build (the `browser`
// condition) leaves out what only a server needs. Control cases prove the detector sees
// Node code when it is there.
import { describe, expect, it } from "vitest";
import { BROWSER, bundleEntry, bundleError, NODE, WORKERD } from "./support/bundle";
import { NODE_ONLY_ENTRIES, WEB_ENTRIES } from "./support/workspace";

it("the web entries are the browser, edge and core packages and the emulator's handler", () => {
  expect([...WEB_ENTRIES].sort()).toEqual([
    "@easel/browser",
    "@easel/core",
    "@easel/core/schemas",
    "@easel/edge",
    "@easel/emulator",
  ]);
});

describe.each([BROWSER, WORKERD])("bundled for $name", (target) => {
  it.each(WEB_ENTRIES)("%s imports nothing Node-only", async (entry) => {
    const reach = await bundleEntry(entry, target);
    expect(reach.builtins).toEqual([]);
    expect(reach.nodeOnlyFiles).toEqual([]);
    expect(reach.code).not.toMatch(/["']node:[a-z_/]+["']/);
    expect(reach.code).not.toContain("undici");
  });

  // The entries that carry core's client and stream decoder: a page gets core's web build,
  // without the pieces only a server needs; a Worker gets the library build.
  it.each(["@easel/browser", "@easel/core", "@easel/edge"])(
    `%s gets core's ${target === BROWSER ? "web" : "library"} build`,
    async (entry) => {
      const { code } = await bundleEntry(entry, target);
      // undici's "not sent" codes, the UTF-8 carry for Node's slow streaming TextDecoder and
      // the fast path for megabyte events (packages/core/src/network-failure.ts,
      // utf8-decoder.ts, parse-event-json.ts).
      const serverPieces = ["UND_ERR_CONNECT", "function completeLength", "FAST_PATH_MIN"];
      for (const piece of serverPieces) {
        if (target === BROWSER) expect(code).not.toContain(piece);
        else expect(code).toContain(piece);
      }
      expect(code.includes("stream: !done")).toBe(target === BROWSER);
    },
  );

  it.each(NODE_ONLY_ENTRIES)("%s fails to bundle, naming the exports condition", async (entry) => {
    const error = await bundleError(entry, target);
    expect(error).toBeDefined();
    expect(error).toContain("explicitly disabled by the package author");
  });
});

describe("control: the detector sees Node code where it is", () => {
  it("@easel/node bundled for Node imports node: built-ins and undici", async () => {
    const reach = await bundleEntry("@easel/node", NODE);
    expect(reach.builtins).toEqual(expect.arrayContaining(["node:fs/promises", "node:path"]));
    expect(reach.nodeOnlyFiles.some((file) => file.includes("node_modules/undici/"))).toBe(true);
    expect(reach.nodeOnlyFiles.some((file) => file.includes("packages/node/"))).toBe(true);
  });

  it("@easel/emulator/node bundled for Node imports node:http", async () => {
    const reach = await bundleEntry("@easel/emulator/node", NODE);
    expect(reach.builtins).toContain("node:http");
    expect(reach.nodeOnlyFiles.some((file) => /emulator\/dist\/node\./.test(file))).toBe(true);
  });

  it("@easel/core bundled for Node is the library build, with Node's workarounds", async () => {
    const { code } = await bundleEntry("@easel/core", NODE);
    expect(code).toContain("UND_ERR_CONNECT");
    expect(code).toContain("function completeLength");
  });

  it("@easel/cli bundled for Node reaches @easel/node", async () => {
    const reach = await bundleEntry("@easel/cli", NODE);
    expect(reach.nodeOnlyFiles.some((file) => file.includes("packages/node/"))).toBe(true);
  });
});

describe("in Node the Node-only entries load", () => {
  it.each(NODE_ONLY_ENTRIES)("%s", async (entry) => {
    const module = (await import(entry)) as Record<string, unknown>;
    expect(Object.keys(module).length).toBeGreaterThan(0);
  });
});
