// Whether base64 may be decoded with Node's `Buffer`, the fastest way there. Browsers have no
// `Buffer`, so core's web build (the `browser` condition) puts node-buffer.web.ts (`false`) in place
// of this file and the bundler drops the `Buffer` path (base64.ts).

/** `true` in the library build: use `globalThis.Buffer` when the runtime has one. */
export const USE_NODE_BUFFER = true;
