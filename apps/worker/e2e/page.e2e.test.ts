import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launchChromium } from "@easel/test-chromium";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appDir, startWorker } from "./start-worker";

const OUTPUT = join(appDir, "test-output");
const GENERATIONS = "/api/images/generations";

interface Shown {
  src: string;
  state: string | undefined;
  badge: string | null;
  width: number;
  height: number;
}

declare global {
  interface Window {
    /** Every image the preview <img> finished loading, recorded by an init script. */
    shown: Shown[];
  }
}

describe("the demo page in Chromium, served by the Worker with the emulator upstream", () => {
  let worker: Awaited<ReturnType<typeof startWorker>> | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  let page: Page;
  const requests: {
    method: string;
    url: string;
    headers: Record<string, string>;
    body: string | null;
  }[] = [];
  const generations = () => requests.filter((r) => new URL(r.url).pathname === GENERATIONS);

  // A setup failure (no Chromium, say) fails every test with its message; a throwing
  // beforeAll would only mark them skipped.
  let setupError: unknown;
  const ready = () => {
    if (setupError) throw setupError;
  };

  beforeAll(async () => {
    try {
      await setUp();
    } catch (error) {
      setupError = error;
    }
  });

  async function setUp() {
    // The page the Worker serves is the one built from page/ now, not a stale copy.
    execFileSync(process.execPath, [join(appDir, "page/build.mjs")], { stdio: "pipe" });
    mkdirSync(OUTPUT, { recursive: true });
    browser = await launchChromium();
    worker = await startWorker();
    // Never let this test spend money: refuse to go on unless the upstream is the emulator
    // (an OPENAI_API_KEY in .dev.vars would make it OpenAI).
    const config = (await (await fetch(`${worker.url}/api/config`)).json()) as { upstream: string };
    if (config.upstream !== "emulator") {
      throw new Error(
        `The Worker's upstream is ${config.upstream}, not the emulator: remove OPENAI_API_KEY from apps/worker/.dev.vars to run the e2e.`,
      );
    }
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    browser.context.on("request", (request) => {
      requests.push({
        method: request.method(),
        url: request.url(),
        headers: request.headers(),
        body: request.postData(),
      });
    });
    await page.addInitScript(() => {
      window.shown = [];
      document.addEventListener(
        "load",
        (event) => {
          const img = event.target as HTMLImageElement;
          if (img.id !== "image") return;
          window.shown.push({
            src: img.src,
            state: document.body.dataset.state,
            badge: document.getElementById("badge")?.textContent ?? null,
            width: img.naturalWidth,
            height: img.naturalHeight,
          });
        },
        true,
      );
    });
    await page.goto(`${worker.url}/`);
  }

  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  it("says the upstream is the emulator", async () => {
    ready();
    const config = (await (await fetch(`${worker!.url}/api/config`)).json()) as {
      upstream: string;
    };
    expect(config.upstream).toBe("emulator");
    await page.locator("#notice").waitFor({ state: "visible" });
    // The pill holds the words for each upstream; styles.css shows the one of data-upstream.
    expect(await page.locator("#upstream span:visible").allTextContents()).toEqual(["Emulator"]);
    // No token asked for: the emulator's config says auth "none".
    expect(await page.locator("#token-field").isVisible()).toBe(false);
  });

  it("refuses an invalid size on the page, naming the rule, without any request", async () => {
    ready();
    await page.getByLabel("Prompt").fill("A lighthouse on a basalt cliff at dusk");
    await page.locator("#custom").check();
    const size = page.getByLabel("Custom size, width x height in pixels");
    await size.fill("1792x936");
    const error = page.locator("#size-error");
    await error.waitFor({ state: "visible" });
    // The broken rule in the API's words, then core's hint with the nearest valid sizes.
    const said = await error.textContent();
    expect(said).toContain("Width and height must both be divisible by 16");
    expect(said).toMatch(/1792x928.*1792x944/);
    expect(await page.locator("#submit").getAttribute("aria-disabled")).toBe("true");

    const before = requests.length;
    // aria-disabled keeps the button clickable (and focusable); force skips Playwright's own
    // refusal to click it, which is what a person can still do.
    await page.locator("#submit").click({ force: true });
    await page.getByLabel("Prompt").press("Control+Enter");
    await size.press("Enter");
    // Wait for the page's answer, then check nothing left it.
    await page.waitForFunction(() =>
      document.getElementById("status")?.textContent?.includes("nothing was sent"),
    );
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("custom-size");
    expect(requests.slice(before)).toEqual([]);
    expect(generations()).toEqual([]);
  });

  it("streams a generation: partial images one after another, then the final image at the requested size", async () => {
    ready();
    await page.getByLabel("Custom size, width x height in pixels").fill("1536x864");
    await page.locator("#size-error").waitFor({ state: "hidden" });
    await page.getByLabel("Prompt").press("Control+Enter");

    await page.waitForFunction(() => window.shown.some((s) => s.state === "done"), null, {
      timeout: 60_000,
    });
    await page.locator("#download:not([disabled])").waitFor();
    const shown = await page.evaluate(() => window.shown);
    const partials = shown.filter((s) => s.state === "partial");
    const final = shown.at(-1)!;
    expect(partials.length).toBeGreaterThanOrEqual(1);
    // Previews in arrival order (two arriving in one chunk may leave the first unpainted).
    const numbers = partials.map((s) => Number(/^Preview (\d)$/.exec(s.badge ?? "")?.[1]));
    expect(numbers).toEqual([...numbers].sort());
    expect(numbers.every((n) => n >= 1 && n <= 2)).toBe(true);
    // Every partial came before the final image, each under its own object URL.
    expect(shown.indexOf(partials.at(-1)!)).toBeLessThan(shown.length - 1);
    expect(new Set(shown.map((s) => s.src)).size).toBe(shown.length);
    expect(final).toMatchObject({ state: "done", badge: "Final", width: 1536, height: 864 });
    expect(
      await page.evaluate(() => {
        const img = document.getElementById("image") as HTMLImageElement;
        return `${img.naturalWidth}x${img.naturalHeight}`;
      }),
    ).toBe("1536x864");

    expect(await page.locator("#status").textContent()).toMatch(/^Done in \d+\.\d s/);
    // The estimate before sending, worded by index.html around the number main.ts puts in.
    expect(await page.locator(".estimate").isVisible()).toBe(true);
    expect(await page.locator(".estimate").textContent()).toMatch(/^about \$\d+\.\d{3} per image$/);
    expect(await page.locator("#out-size").textContent()).toBe("1536×864");
    expect(await page.locator("#cost").textContent()).toMatch(/^\$\d+\.\d{4}$/);
    expect(await page.locator("#partials").textContent()).toBe(`${partials.length} / 2`);

    // One request, streamed, with the form's parameters and no credentials.
    expect(generations()).toHaveLength(1);
    const sent = generations()[0]!;
    expect(sent.method).toBe("POST");
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.parse(sent.body ?? "{}")).toMatchObject({
      model: "gpt-image-2",
      prompt: "A lighthouse on a basalt cliff at dusk",
      size: "1536x864",
      stream: true,
      partial_images: 2,
    });

    await page.screenshot({ path: join(OUTPUT, "finished-page.png"), fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: join(OUTPUT, "finished-page-phone.png"), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("downloads the final image", async () => {
    ready();
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.locator("#download").click(),
    ]);
    expect(download.suggestedFilename()).toBe("a-lighthouse-on-a-basalt-cliff-at-dusk.png");
    const bytes = readFileSync(await download.path());
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // The PNG's IHDR holds the size: width at byte 16, height at byte 20.
    expect([bytes.readUInt32BE(16), bytes.readUInt32BE(20)]).toEqual([1536, 864]);
  });

  it("explains a moderation refusal without sending the request twice", async () => {
    ready();
    const before = generations().length;
    // The emulator refuses prompts with its trigger word, as the safety system would.
    await page.getByLabel("Prompt").fill("A lighthouse, forbidden-trigger");
    await page.getByLabel("Prompt").press("Control+Enter");
    const alert = page.getByRole("alert");
    await alert.waitFor({ state: "visible" });
    expect(await alert.textContent()).toContain("Refused by the safety system");
    expect(await alert.textContent()).toContain("Rephrase the prompt");
    expect(await page.locator("#status").textContent()).toBe("Generation failed.");
    expect(generations().length - before).toBe(1);
    await page.screenshot({ path: join(OUTPUT, "moderation-refusal.png"), fullPage: true });
  });

  it("asks for the token on a 401 and says how long to wait on a 429", async () => {
    ready();
    // The emulator upstream wants no token and has no rate limit, so the proxy's answers are
    // played back here, in the API's error shape, to the page's real client.
    const error = (message: string) =>
      JSON.stringify({
        error: { message, type: "invalid_request_error", code: null, param: null },
      });
    const answers: { status: number; headers: Record<string, string>; body: string }[] = [
      {
        status: 401,
        headers: { "content-type": "application/json", "x-request-id": "req_e2e_401" },
        body: error("Missing bearer token."),
      },
      {
        status: 429,
        headers: { "content-type": "application/json", "retry-after": "12" },
        body: error("Rate limit reached."),
      },
    ];
    await page.route(`**${GENERATIONS}`, (route) => route.fulfill(answers.shift()!));
    try {
      const alert = page.getByRole("alert");
      await page.getByLabel("Prompt").fill("A lighthouse at dusk");
      await page.getByLabel("Prompt").press("Control+Enter");
      await page.waitForFunction(() =>
        document.getElementById("error")?.textContent?.includes("(401)"),
      );
      expect(await alert.textContent()).toContain("Not authorized (401)");
      expect(await alert.textContent()).toContain("access token");
      expect(await page.locator("#request-id").textContent()).toBe("req_e2e_401");
      // The token field appears with the focus, and Ctrl+Enter sends again from there.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe("token");
      await page.getByLabel("Access token").press("Control+Enter");
      await page.waitForFunction(() =>
        document.getElementById("error")?.textContent?.includes("(429)"),
      );
      expect(await alert.textContent()).toContain("Too many requests (429)");
      expect(await alert.textContent()).toContain("Try again in 12 s.");
      expect(await page.locator("#status").textContent()).toBe("Generation failed.");
      expect(answers).toEqual([]);
    } finally {
      await page.unroute(`**${GENERATIONS}`);
    }
  });
});
