import { defineLibraryConfig } from "@easel/tsup-config";

export default defineLibraryConfig();
