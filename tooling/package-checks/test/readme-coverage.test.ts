// Each package README documents its whole public API: every runtime export of every entry
// point, and every option of every `...Options` interface in the published type declarations,
// appears in the README as code. A new export or option without documentation fails here.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { publishedPackages } from "./support/workspace";

/** Every identifier written as code in a Markdown text: inline spans and fenced blocks. */
function codeWords(markdown: string): Set<string> {
  const code = [
    ...markdown.matchAll(/^(`{3,}|~{3,})[^\n]*\n([\s\S]*?)^\1/gm),
    ...markdown.replace(/^(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1/gm, "").matchAll(/`([^`]+)`/g),
  ].map((match) => match[match.length - 1]!);
  return new Set(code.flatMap((text) => text.match(/[A-Za-z_$][\w$]*/g) ?? []));
}

/** The own members of every interface named `...Options` declared in `.d.ts` files. */
function optionNames(dir: string): Map<string, string[]> {
  const options = new Map<string, string[]>();
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".d.ts"))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(join(dir, file), "utf8"),
      ts.ScriptTarget.Latest,
    );
    source.forEachChild((node) => {
      if (!ts.isInterfaceDeclaration(node) || !node.name.text.endsWith("Options")) return;
      const names = node.members
        .map((member) => member.name && ts.isIdentifier(member.name) && member.name.text)
        .filter((name): name is string => typeof name === "string");
      options.set(node.name.text, names);
    });
  }
  return options;
}

const core = (await import("@easel/core")) as Record<string, unknown>;

describe.each(publishedPackages().map((p) => [p.manifest.name, p] as const))("%s", (name, pkg) => {
  const readmePath = join(pkg.dir, "README.md");
  const words = codeWords(existsSync(readmePath) ? readFileSync(readmePath, "utf8") : "");
  const entries = Object.keys(pkg.manifest.exports ?? {})
    .filter((subpath) => subpath !== "./package.json")
    .map((subpath) => (subpath === "." ? name : `${name}/${subpath.slice(2)}`));

  it.each(entries)("the README names every runtime export of %s", async (entry) => {
    const module = (await import(entry)) as Record<string, unknown>;
    // Adapters re-export core; core's README documents those.
    const own = Object.keys(module).filter(
      (key) => key !== "default" && (name === "@easel/core" || module[key] !== core[key]),
    );
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((key) => !words.has(key))).toEqual([]);
  });

  it("the README names every option of every ...Options interface", () => {
    const options = optionNames(join(pkg.dir, "dist"));
    const missing = [...options].flatMap(([iface, names]) =>
      names.filter((option) => !words.has(option)).map((option) => `${iface}.${option}`),
    );
    expect(missing).toEqual([]);
  });
});

it("codeWords reads inline code and fenced blocks only", () => {
  const words = codeWords("a `alpha(x)` b\n\n```ts\nconst beta = 1;\n```\n\ngamma `delta`");
  expect([...words].sort()).toEqual(["alpha", "beta", "const", "delta", "x"]);
});
