// Anything shaped like an OpenAI key, masked or not ("sk-proj-abc***...xyz1" still leaks
// characters of the key). The word boundary keeps words like "risk-free" intact.
const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{4,}/g;

/**
 * Removes the proxy's secrets from text that is about to leave the Worker: each exact secret,
 * then anything shaped like an API key. Upstream error messages quote keys ("Incorrect API
 * key provided: sk-...") and must not hand the browser a piece of the server's key.
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret !== undefined && secret.length >= 4) out = out.split(secret).join("[redacted]");
  }
  return out.replace(KEY_PATTERN, "sk-[redacted]");
}
