/** The environment variables the Node client reads, as the official SDK names them. */
export interface OpenAIEnvironment {
  apiKey: string | undefined;
  baseURL: string | undefined;
  organization: string | undefined;
  project: string | undefined;
}

/** An environment: `process.env` or any object of the same shape. */
export type Environment = Readonly<Record<string, string | undefined>>;

// An empty variable (`OPENAI_BASE_URL=`) means "not set", as in a shell `${VAR:-default}`.
const value = (env: Environment, name: string) => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/**
 * Reads `OPENAI_API_KEY`, `OPENAI_BASE_URL`, `OPENAI_ORG_ID` and `OPENAI_PROJECT_ID`;
 * empty values count as unset.
 *
 * @example
 * ```ts
 * const { apiKey, baseURL } = readOpenAIEnvironment(process.env);
 * ```
 */
export function readOpenAIEnvironment(env: Environment = process.env): OpenAIEnvironment {
  return {
    apiKey: value(env, "OPENAI_API_KEY"),
    baseURL: value(env, "OPENAI_BASE_URL"),
    organization: value(env, "OPENAI_ORG_ID"),
    project: value(env, "OPENAI_PROJECT_ID"),
  };
}
