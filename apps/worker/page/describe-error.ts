import type { RateLimitError } from "@easel/browser";

/**
 * Which of the page's texts explains a failure, and what fills them in. The words are in
 * index.html (`<template id="texts">`), written for the person at the page, where core's
 * messages are written for developers (they name environment variables).
 */
export interface ErrorText {
  /**
   * Keys of the texts, most specific first: the error's class name (easel errors keep it
   * through minification, as `name`), then `Error` for anything index.html has no words for.
   */
  keys: (string | undefined)[];
  /** `said`: what the server said (its own words), else the error's message. `wait`: a 429's wait. */
  fill: { said: string; wait?: string | undefined };
  requestId?: string | null | undefined;
}

/** Describes any failure of a generation for the page: see `ErrorText`. */
export function describeError(error: unknown): ErrorText {
  // Read as the widest easel error: a field another error lacks is simply undefined.
  const failure = error as Partial<RateLimitError> | undefined;
  const wait = failure?.retryAfterMs;
  return {
    keys: [failure?.name, "Error"],
    fill: {
      said: String(failure?.error?.message ?? failure?.message ?? error),
      wait: wait ? `${Math.ceil(wait / 1000)} s` : undefined,
    },
    requestId: failure?.requestId,
  };
}
