import { defineLibraryConfig } from "@easel/tsup-config";

// One build for both entries: `bin` needs the shebang, and on `index` it is harmless (Node
// skips a first-line `#!` in modules).
export default defineLibraryConfig({
  entry: { index: "src/index.ts", bin: "src/bin.ts" },
  platform: "node",
  banner: { js: "#!/usr/bin/env node" },
});
