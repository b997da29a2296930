import type { RateLimitError } from "@easel/browser";

/**
 * Which of the page's texts explains a failure, and what fills them in. The words are in
 * index.html (`<template id="texts">`), written for the person at the page, where core's
 * messages are written for developers (they name environment variables). The slots of those
 * words are named after this object's fields, so main.ts fills them from it directly.
 */
export interface ErrorText {
  /**
   * The key of the text: the error's class name (easel errors keep it through minification,
   * as `name`). main.ts falls back to the text keyed `Error` when index.html has none for it.
   */
  name: string | undefined;
  /** What the server said (its own words), else the error's message. */
  said: string;
  /** A 429's wait ("7 s"), when the server gave one. */
  wait: string | undefined;
  requestId: string | null | undefined;
}

/** Describes any failure of a generation for the page: see `ErrorText`. */
export function describeError(error: unknown): ErrorText {
  // Read as the widest easel error: a field another error lacks is simply undefined.
  const failure = error as Partial<RateLimitError> | undefined;
  const wait = failure?.retryAfterMs;
  return {
    name: failure?.name,
    said: String(failure?.error?.message ?? failure?.message ?? error),
    wait: wait ? `${Math.ceil(wait / 1000)} s` : undefined,
    requestId: failure?.requestId,
  };
}
