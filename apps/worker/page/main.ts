// The demo page: a form checked live with core's rules, a streamed generation shown preview
// by preview, and the result with its time, cost and a download button. Plain DOM, no
// framework. The page's words live in index.html (<template id="texts"> and the elements
// that styles.css shows by state), its looks in styles.css: the state of the page is
// `data-state` on <body> (empty, waiting, partial, done, stopped), the upstream is
// `data-upstream`, and empty boxes hide themselves. This script only moves data, which keeps
// its own share of the page's JavaScript small (the budget is in build.mjs).
import {
  createImagesClient,
  download,
  estimateCost,
  getModelSpec,
  type ImageGenerateParams,
  showProgressively,
} from "@easel/browser";
import { describeError } from "./describe-error";
import { checkForm, type FormParams } from "./form-check";

const PARTIAL_IMAGES = 2;
const TOKEN_KEY = "easel.token";

const $ = <T extends HTMLElement | null = HTMLElement>(id: string) =>
  document.getElementById(id) as T;
const page = document.body.dataset;
// The form's named controls are its properties too: `form.size` is the size radios.
const form = $<HTMLFormElement & { size: RadioNodeList }>("form");
const prompt = $<HTMLTextAreaElement>("prompt");
const model = $<HTMLSelectElement>("model");
const custom = $<HTMLInputElement>("custom");
const customSize = $<HTMLInputElement>("custom-size");
const sizeError = $("size-error");
const promptError = $("prompt-error");
const formIssues = $("issues");
const formWarnings = $("warnings");
const token = $<HTMLInputElement>("token");
const submit = $("submit");
const img = $<HTMLImageElement>("image");
const badge = $("badge");
const status = $("status");
const alertBox = $("error");
// In the order of index.html: #elapsed, #partials, #cost, #out-size.
const stats = $("stats").querySelectorAll("dd");
const [elapsed, partialsOut, costOut, sizeOut] = stats as unknown as [
  HTMLElement,
  HTMLElement,
  HTMLElement,
  HTMLElement,
];
const downloadButton = $<HTMLButtonElement>("download");
const texts = $<HTMLTemplateElement>("texts").content;

/** Set once the person has typed a prompt or tried to submit: only then is a missing prompt an error. */
let touched = false;
/** The server's pixel limit, from GET /api/config. */
let maxPixels = Infinity;
let running: AbortController | undefined;

/**
 * Puts the page's words for `key` in `box`, its <slot>s filled from `fill` (a slot without a
 * value keeps its fallback). A key index.html has no words for gets the general ones, keyed
 * "Error".
 */
function show(box: Element, key: string | undefined, fill: object = {}) {
  // The markup is the page's own; what comes from elsewhere goes in as text below. The
  // general words come last in index.html, and the first match in document order wins.
  box.innerHTML = texts.querySelector(`[data-for~=${key}],[data-for=Error]`)!.innerHTML;
  for (const slot of box.querySelectorAll("slot")) {
    // A <slot> outside a shadow tree shows its content, which is its fallback until filled.
    const value = (fill as Record<string, unknown>)[slot.name];
    if (value) slot.textContent = `${value}`;
  }
}

/**
 * Re-checks the form on every change and shows what is wrong before anything is sent.
 * Returns the request when it can be sent.
 */
function refresh(): FormParams | undefined {
  const spec = getModelSpec(model.value);
  // Custom sizes are gpt-image-2's; another model falls back to the square preset.
  custom.disabled = !spec?.freeSize;
  if (custom.disabled && custom.checked) {
    form.size.value = "1024x1024";
  }
  // The Custom radio's value is the size typed beside it. "1920 × 1088" is taken as typed;
  // the validator gets the API's own "1920x1088" form.
  custom.value = customSize.value.toLowerCase().replace(/\s/g, "").replace("×", "x");
  // The form's named fields are the request's parameters (the custom size's text box and
  // the token have no name, so they stay out of it).
  const fields = Object.fromEntries(new FormData(form)) as Record<string, string>;
  const params = {
    ...fields,
    prompt: fields.prompt!.trim(),
    stream: true,
    partial_images: PARTIAL_IMAGES,
  } as FormParams;
  touched ||= params.prompt !== "";
  const check = checkForm(params, maxPixels);
  for (const box of [sizeError, promptError, formIssues, formWarnings]) box.textContent = "";
  for (const issue of check.issues) {
    if (issue.param !== "prompt" || touched) {
      // #size-error and #prompt-error sit by their fields; the rest go above the button. The
      // hint says what to do ("Try 1792x928 or 1792x944.").
      ($<HTMLElement | null>(`${issue.param}-error`) ?? formIssues).append(
        `${issue.message} ${issue.hint ?? ""} `,
      );
    }
  }
  formWarnings.append(...check.warnings.map((warning) => `${warning.message} `));
  prompt.ariaInvalid = `${!!promptError.textContent}`;
  customSize.ariaInvalid = `${!!sizeError.textContent}`;
  $("prompt-count").textContent =
    `${prompt.value.length.toLocaleString()} / ${(spec?.maxPromptChars ?? 32_000).toLocaleString()}`;
  // index.html words it ("about $… per image") and hides it while empty.
  $("estimate").textContent = check.cost?.toFixed(3) ?? "";
  const ok = check.issues.length === 0;
  // aria-disabled rather than disabled: the button stays focusable and says why on submit.
  submit.ariaDisabled = `${!ok || !!running}`;
  return ok ? params : undefined;
}

/** Runs one generation (the form's submit, below). */
async function generate(params: FormParams) {
  running = new AbortController();
  downloadButton.disabled = true;
  // An empty stat shows a dash (styles.css); an empty badge and alert hide.
  for (const box of [...stats, badge, alertBox]) box.textContent = "";
  page.state = "waiting";
  show(status, "sending");
  refresh();
  const started = Date.now();
  const tick = () => {
    elapsed.textContent = `${((Date.now() - started) / 1000).toFixed(1)} s`;
  };
  tick();
  const timer = setInterval(tick, 100);
  let requestId: string | null | undefined;
  try {
    const client = createImagesClient({
      baseURL: "/api",
      // An empty token sends no Authorization header.
      token: token.value,
      // A 429 is shown at once with its wait instead of retried behind a spinner.
      maxRetries: 0,
    });
    const stream = await client.images.generate(params as ImageGenerateParams & { stream: true }, {
      signal: running.signal,
    });
    let partials = 0;
    const result = await showProgressively(img, stream, {
      onImage(event) {
        if (event.type === "image_generation.partial_image") {
          partials++;
          page.state = "partial";
          show(badge, "preview", { n: partials });
          partialsOut.textContent = `${partials} / ${PARTIAL_IMAGES}`;
          show(status, "partial", { n: partials });
        } else {
          page.state = "done";
          show(badge, "final");
        }
      },
    });
    tick();
    requestId = result.requestId;
    await img.decode().catch(() => {});
    const size = `${img.naturalWidth}×${img.naturalHeight}`;
    sizeOut.textContent = size;
    const cost = result.usage && estimateCost(result.usage, params.model)?.total;
    if (cost) costOut.textContent = `$${cost.toFixed(4)}`;
    img.alt = params.prompt;
    const image = result.images[0];
    downloadButton.disabled = !image;
    downloadButton.onclick = () => {
      // Named after the prompt: "a-lighthouse-at-dusk.png" (else download's "image.png").
      download(
        image!,
        params.prompt
          .toLowerCase()
          .match(/[a-z0-9]+/g)
          ?.join("-")
          .slice(0, 48),
      );
    };
    show(status, "done", { time: elapsed.textContent, size });
  } catch (error) {
    // Failed or stopped. With the badge still empty, the image on stage (if any) is the
    // previous generation's: styles.css fades it, or shows the placeholder when there is none.
    page.state = "stopped";
    const failure = describeError(error);
    requestId = failure.requestId;
    if (failure.name === "AbortError") {
      show(status, failure.name);
    } else {
      // Words for the error's class, else the general ones.
      show(alertBox, failure.name, failure);
      // The alert is read out already; the status line only marks the end of the attempt.
      show(status, "failed");
      if (failure.name === "AuthenticationError") {
        // The token field shows (styles.css) and takes the focus.
        page.auth = "token";
        token.focus();
      }
    }
  } finally {
    clearInterval(timer);
    // styles.css puts "Request" before it.
    $("request-id").textContent = requestId ?? "";
    running = undefined;
    refresh();
  }
}

form.onsubmit = (event) => {
  event.preventDefault();
  if (running) return;
  touched = true;
  const params = refresh();
  if (!params) {
    // Refused on the page: nothing is sent. Focus goes to the first field at fault.
    show(status, "refused");
    (form.querySelector<HTMLElement>("[aria-invalid=true]") ?? model).focus();
    return;
  }
  sessionStorage[TOKEN_KEY] = token.value;
  // On a phone the preview sits below the form: bring it into view (a no-op on a desktop),
  // smoothly unless reduced motion is asked for (styles.css).
  $("stage").scrollIntoView({ block: "nearest" });
  void generate(params);
};
// Radios and selects fire `input` too.
form.oninput = refresh;
// Enter submits from a field; Ctrl+Enter (or Cmd+Enter) does from anywhere, the prompt too.
form.onkeydown = (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    // As pressing the button would: the form's submit event, below.
    submit.click();
  }
};
$("stop").onclick = () => running?.abort();

// The token field shows while data-auth is "token" (styles.css): for a token kept from
// earlier in this tab, for a server that asks for one (GET /api/config) and after a 401.
token.value = sessionStorage[TOKEN_KEY] ?? "";
if (token.value) page.auth = "token";
refresh();

try {
  const config: { upstream?: string; auth?: string; models?: string[]; maxPixels?: number } =
    await (await fetch("/api/config")).json();
  // The pill's words and the emulator notice follow data-upstream (styles.css).
  page.upstream = config.upstream;
  page.auth ??= config.auth;
  // Offer only what the server accepts (setting a select's length to 0 empties it).
  if (config.models?.length) {
    model.length = 0;
    model.append(...config.models.map((id) => new Option(id)));
  }
  maxPixels = config.maxPixels ?? maxPixels;
  refresh();
} catch {
  // The page still works without its config; only the notice is missing.
}
