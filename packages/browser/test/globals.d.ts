import type * as Easel from "../src/index";

declare global {
  interface Window {
    /** The bundled package, set by the test page. */
    easel: typeof Easel;
    easelReady?: boolean;
    /** Object URLs revoked so far (recorded by an init script). */
    revoked: string[];
    [key: string]: unknown;
  }
}
