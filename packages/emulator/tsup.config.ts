import { defineLibraryConfig } from "@easel/tsup-config";
import type { Options } from "tsup";

// One build for every entry: tsup's clean (and its .d.ts clean) wipes the whole folder, so
// parallel builds of separate entries would delete each other's files. The platform stays
// neutral (Workers, browsers); only `./node` and the bin import `node:*`, left external and
// with their `node:` prefix. The bin keeps its `#!/usr/bin/env node` line: esbuild preserves
// an entry's hashbang.
export default {
  ...(defineLibraryConfig({
    entry: { index: "src/index.ts", node: "src/node.ts", bin: "src/bin.ts" },
    // Every built-in the Node entry and the bin use (exact names: tsup takes no wildcards).
    external: ["node:events", "node:http", "node:net", "node:stream", "node:util"],
  }) as Options),
  removeNodeProtocol: false,
} satisfies Options;
