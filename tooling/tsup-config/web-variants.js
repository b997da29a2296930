// Web variants: a source file `x.ts` may have a sibling `x.web.ts` holding the same exports
// for browsers, where a Node-only piece (a workaround for Node's slow streaming
// TextDecoder, undici's error codes) would be dead weight. A package's web build (the
// `browser` condition of its `exports`) resolves every relative import of `x`
// to `x.web.ts` where one exists; its Node build never sees the `.web.ts` files. The same swap
// is offered to vitest, so the web variants run under the package's own tests.
import { existsSync } from "node:fs";
import { resolve } from "node:path";

/**
 * The `.web.ts` sibling of a relative import, if the folder has one. A variant's own imports
 * are left alone (`importer` ends in `.web.ts`): one that reads its library sibling (for a
 * type, say) gets the sibling, not itself.
 */
export function webVariantOf(specifier, fromDir, importer = "") {
  if (!/^\.\.?\//.test(specifier) || specifier.endsWith(".web") || importer.endsWith(".web.ts")) {
    return undefined;
  }
  const candidate = resolve(fromDir, `${specifier.replace(/\.[cm]?[jt]s$/, "")}.web.ts`);
  return existsSync(candidate) ? candidate : undefined;
}

/** The swap as an esbuild plugin, for a tsup config's `esbuildPlugins`. */
export const webVariantsEsbuildPlugin = {
  name: "easel-web-variants",
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      const path = webVariantOf(args.path, args.resolveDir, args.importer);
      return path ? { path } : undefined;
    });
  },
};

/** The swap as a vite plugin, for a vitest project that tests the web variants. */
export function webVariantsVitePlugin() {
  return {
    name: "easel-web-variants",
    enforce: "pre",
    resolveId(source, importer) {
      if (!importer || importer.includes("/node_modules/")) return undefined;
      return webVariantOf(source, resolve(importer, ".."), importer);
    },
  };
}
