// The web build's node-buffer.ts: browsers have no `Buffer`, so base64.ts goes straight to
// `Uint8Array.fromBase64` or `atob`, and the bundler drops the `Buffer` path.

/** `false` in the web build. */
export const USE_NODE_BUFFER = false;
