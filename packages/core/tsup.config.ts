import { defineLibraryConfig } from "@easel/tsup-config";

export default defineLibraryConfig({
  entry: { index: "src/index.ts", schemas: "src/schemas.ts" },
});
