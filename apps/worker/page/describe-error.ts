import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConnectionError,
  ImageRequestValidationError,
  ModerationBlockedError,
  RateLimitError,
  StreamIdleTimeoutError,
  StreamTruncatedError,
  TimeoutError,
} from "@easel/browser";

/** What the page tells a person about a failure: a headline and what to do next. */
export interface ErrorMessage {
  title: string;
  detail: string;
  /** The failure was a 401: the page reveals its token field. */
  needsToken?: boolean;
  requestId?: string | null;
}

/**
 * Turns any failure of a generation into words for the person at the page. Core's messages
 * are written for developers (they name environment variables); these are for users.
 */
export function describeError(error: unknown): ErrorMessage {
  if (AbortError.isInstance(error)) {
    return { title: "Stopped", detail: "The generation was cancelled; nothing more is drawn." };
  }
  if (ImageRequestValidationError.isInstance(error)) {
    return {
      title: "Check the request",
      detail: error.issues.map((issue) => issue.message).join(" "),
    };
  }
  if (ModerationBlockedError.isInstance(error)) {
    return {
      title: "Refused by the safety system",
      detail: "The prompt or the image was rejected. Rephrase the prompt and try again.",
      requestId: error.requestId,
    };
  }
  if (AuthenticationError.isInstance(error)) {
    return {
      title: "Not authorized (401)",
      detail: "This server wants a valid access token. Enter it above and generate again.",
      needsToken: true,
      requestId: error.requestId,
    };
  }
  if (RateLimitError.isInstance(error)) {
    const wait = Number(error.headers?.get("retry-after"));
    return {
      title: "Too many requests (429)",
      detail:
        wait > 0
          ? `You have hit the rate limit. Try again in ${Math.ceil(wait)} s.`
          : "You have hit the rate limit. Wait a moment and try again.",
      requestId: error.requestId,
    };
  }
  if (StreamTruncatedError.isInstance(error)) {
    return {
      title: "The stream ended early",
      detail: `The connection closed before the final image (${error.partialImages.length} preview${error.partialImages.length === 1 ? "" : "s"} arrived). Try again.`,
    };
  }
  if (TimeoutError.isInstance(error) || StreamIdleTimeoutError.isInstance(error)) {
    return { title: "No answer", detail: "The server stopped responding. Try again in a moment." };
  }
  if (ConnectionError.isInstance(error)) {
    return { title: "Could not reach the server", detail: "Check your connection and try again." };
  }
  if (ApiError.isInstance(error)) {
    const said = error.error?.message;
    return {
      title: error.status
        ? `The server refused the request (${error.status})`
        : "Generation failed",
      detail: typeof said === "string" ? said : error.message,
      requestId: error.requestId,
    };
  }
  return {
    title: "Something went wrong",
    detail: error instanceof Error ? error.message : String(error),
  };
}
