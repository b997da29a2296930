export { GENERATE_HELP, IMAGES_HELP, MAIN_HELP } from "./help";
export {
  type GenerateConfig,
  type ParsedGenerateArgs,
  parseGenerateArgs,
} from "./parse-generate-args";
export { type FlagIssue, parseDuration, parseHeader, parseInteger } from "./parse-values";
export { type RunOptions, run, VERSION } from "./run";
export type { OutputStream } from "./terminal";
