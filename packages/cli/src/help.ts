import { PARAM_FLAGS } from "./generate-flags";

const ENVIRONMENT = `Environment:
  OPENAI_API_KEY      API key (or --api-key)
  OPENAI_BASE_URL     API base URL (or --base-url)
  OPENAI_ORG_ID       Sent as OpenAI-Organization
  OPENAI_PROJECT_ID   Sent as OpenAI-Project
  NO_COLOR            No colors and no spinner`;

/**
 * `easel --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(MAIN_HELP);
 * ```
 */
export const MAIN_HELP = `easel: generate images with OpenAI's Images API

Usage:
  easel images generate --prompt "TEXT" [options]

Commands:
  images generate   Create images from a prompt (POST /images/generations)

Options:
  -h, --help      Show help (also after any command)
  -V, --version   Show the version

${ENVIRONMENT}

Run 'easel images generate --help' for every generation option.
`;

/**
 * `easel images --help`.
 *
 * @example
 * ```ts
 * process.stdout.write(IMAGES_HELP);
 * ```
 */
export const IMAGES_HELP = `Usage:
  easel images generate --prompt "TEXT" [options]

Commands:
  generate   Create images from a prompt (POST /images/generations)

Run 'easel images generate --help' for every option.
`;

const OTHER_FLAGS: [string, string][] = [
  ["-o, --out DIR", "Directory for the images (default ./images; created if missing)."],
  [
    "--prefix NAME",
    "File names are NAME-1.png, NAME-partial-1.png, ... (default image-<date>-<time>).",
  ],
  ["--overwrite", "Replace existing files (default: refuse, before sending anything)."],
  ["--api-key KEY", "API key (default OPENAI_API_KEY). Never printed."],
  ["--base-url URL", "API base URL (default OPENAI_BASE_URL, else https://api.openai.com/v1)."],
  ["--timeout DURATION", "Per attempt: 600000, 90s, 10m, 1h (default 10m)."],
  ["--max-retries N", "Retries of failures that cannot have been billed (default 2)."],
  [
    "--header NAME=VALUE",
    "Extra request header, repeatable (a proxy's, or the emulator's x-emulator-fault).",
  ],
  ["--json", "Print one JSON object on stdout: response metadata, usage, cost and file paths."],
  ["--include-b64", "With --json, also include each image's base64 data."],
  ["-h, --help", "Show this help."],
];

function table(rows: [string, string][]): string {
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join("\n");
}

/**
 * `easel images generate --help`: every flag, the exit codes and examples.
 *
 * @example
 * ```ts
 * process.stdout.write(GENERATE_HELP);
 * ```
 */
export const GENERATE_HELP = `Usage:
  easel images generate --prompt "TEXT" [options]

Creates images and saves them. Every request is checked before it is sent; an invalid one
is reported parameter by parameter and nothing is sent (exit code 2).

Request parameters (spec: POST /images/generations):
${table(
  PARAM_FLAGS.map((f) => [
    `${f.short ? `-${f.short}, ` : ""}--${f.flag}${f.value ? ` ${f.value}` : ""}`,
    f.help,
  ]),
)}

Options:
${table(OTHER_FLAGS)}

Exit codes: 0 done, 1 the request failed (API error, network, timeout), 2 invalid usage or
request (nothing sent), 130 interrupted (Ctrl-C; no image is left under a final name).

Examples:
  easel images generate -p "a lighthouse at dusk, watercolor" --quality low
  easel images generate -p "a red kite" --stream --partial-images 2 --out kites
  easel images generate -p "a logo" --background transparent --json > result.json

${ENVIRONMENT}
`;
