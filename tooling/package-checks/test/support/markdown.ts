// Fenced code blocks of a Markdown file, with the info string split into language and tags
// (```ts fragment -> lang "ts", tags ["fragment"]).

export interface CodeBlock {
  lang: string;
  tags: string[];
  code: string;
  /** 1-based line of the opening fence. */
  line: number;
}

export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^`]*)$/.exec(lines[i]!);
    if (!open) continue;
    const [, indent, fence, info] = open as unknown as [string, string, string, string];
    // Closed by a fence of the same character, at least as long, with nothing after it.
    const close = new RegExp(`^\\s*\\${fence[0]}{${fence.length},}\\s*$`);
    const body: string[] = [];
    let j = i + 1;
    for (; j < lines.length && !close.test(lines[j]!); j++) {
      const line = lines[j]!;
      body.push(line.startsWith(indent) ? line.slice(indent.length) : line);
    }
    const [lang = "", ...tags] = info.trim().split(/\s+/).filter(Boolean);
    blocks.push({ lang: lang.toLowerCase(), tags, code: `${body.join("\n")}\n`, line: i + 1 });
    i = j;
  }
  return blocks;
}

const LANGS: Record<string, "ts" | "sh"> = {
  ts: "ts",
  typescript: "ts",
  sh: "sh",
  bash: "sh",
  shell: "sh",
};

/** Where a block runs. */
export type Runtime = "node" | "browser" | "worker" | "shell";

/**
 * The blocks the README test runs: TypeScript and shell, unless tagged `fragment`. A
 * TypeScript block runs in the package's runtime unless a tag (`node`, `browser`, `worker`)
 * says otherwise.
 */
export function runnableBlocks(
  markdown: string,
  defaultRuntime: Exclude<Runtime, "shell">,
): (CodeBlock & { runtime: Runtime })[] {
  return codeBlocks(markdown).flatMap((block) => {
    const kind = LANGS[block.lang];
    if (!kind || block.tags.includes("fragment")) return [];
    if (kind === "sh") return [{ ...block, runtime: "shell" as const }];
    const tagged = block.tags.find((t): t is Runtime => ["node", "browser", "worker"].includes(t));
    return [{ ...block, runtime: tagged ?? defaultRuntime }];
  });
}
