import type { Page } from "playwright-core";
import { bundleBrowserPackage, launchChromium, TEST_PAGE } from "./chromium";
import { type Handler, type LoopbackServer, startLoopbackServer } from "./loopback-server";

let bundle: Promise<string> | undefined;

export interface TestPage {
  page: Page;
  server: LoopbackServer;
  close(): Promise<void>;
}

/**
 * Chromium on a loopback page that has loaded `@easel/browser` as `window.easel`, with extra
 * routes for the test (the proxy's endpoint, usually) and every revoked object URL recorded
 * in `window.revoked`.
 */
export async function openTestPage(
  routes: Record<string, Handler> = {},
  initScript?: string,
): Promise<TestPage> {
  // Chromium first: without one, nothing else is started (and left running).
  const browser = await launchChromium();
  bundle ??= bundleBrowserPackage();
  const code = await bundle;
  const server = await startLoopbackServer({
    "GET /": (_req, res) => {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(TEST_PAGE);
    },
    "GET /easel-browser.js": (_req, res) => {
      res.writeHead(200, { "content-type": "text/javascript" }).end(code);
    },
    ...routes,
  });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  await page.addInitScript(() => {
    window.revoked = [];
    const revoke = URL.revokeObjectURL.bind(URL);
    URL.revokeObjectURL = (url: string) => {
      window.revoked.push(url);
      revoke(url);
    };
  });
  if (initScript) await page.addInitScript(initScript);
  await page.goto(`${server.url}/`);
  await page.waitForFunction(() => window.easelReady === true);
  return {
    page,
    server,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * One test page shared by a file's tests, opened by the first test that asks. A failure to
 * open it (no Chromium, say) fails every test with its message, where a failing `beforeAll`
 * would only mark them skipped.
 */
export function sharedTestPage(routes: Record<string, Handler> = {}) {
  let opened: Promise<TestPage> | undefined;
  return {
    get: () => {
      opened ??= openTestPage(routes);
      return opened;
    },
    async close() {
      await opened?.then((t) => t.close()).catch(() => {});
    },
  };
}
