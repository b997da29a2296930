// The demo page: a form checked live with core's rules, a streamed generation shown preview
// by preview, and the result with its time, cost and a download button. Plain DOM, no
// framework. The page's words live in index.html (<template id="texts">), its looks in
// styles.css: the state of the page is `data-state` on <body> (empty, waiting, partial, done,
// stopped, stale) and empty message boxes hide themselves. This script only moves data, which
// keeps its own share of the page's JavaScript under 2 KB gzipped (the budget is in build.mjs).
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

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const page = document.body.dataset;
const form = $<HTMLFormElement>("form");
const prompt = $<HTMLTextAreaElement>("prompt");
const model = $<HTMLSelectElement>("model");
const custom = $<HTMLInputElement>("custom");
const customSize = $<HTMLInputElement>("custom-size");
const sizeError = $("size-error");
const promptError = $("prompt-error");
const formIssues = $("form-issues");
const formWarnings = $("form-warnings");
const token = $<HTMLInputElement>("token");
const tokenField = $("token-field");
const submit = $("submit");
const stage = $("stage");
const img = $<HTMLImageElement>("result");
const badge = $("stage-badge");
const status = $("status");
const alertBox = $("error");
const stats = $("stats").querySelectorAll("dd");
// In the order of index.html: #elapsed, #partials, #cost, #out-size.
const [elapsed, partialsOut, costOut, sizeOut] = stats as unknown as [
  HTMLElement,
  HTMLElement,
  HTMLElement,
  HTMLElement,
];
const requestIdOut = $("request-id");
const downloadButton = $<HTMLButtonElement>("download");
const texts = $<HTMLTemplateElement>("texts").content;

/** Set once the person has typed a prompt or tried to submit: only then is a missing prompt an error. */
let touched = false;
/** The server's pixel limit, from GET /api/config. */
let maxPixels = Infinity;
let running: AbortController | undefined;

type Fill = Record<string, string | undefined>;

/** The page's words for the first of `keys` that index.html has, its <slot>s filled from `fill`. */
function words(keys: (string | undefined)[], fill: Fill = {}): Node[] {
  const text = texts.querySelector(keys.map((key) => `[data-for~=${key}]`).join());
  const copy = text?.cloneNode(true) as Element | undefined;
  for (const slot of copy?.querySelectorAll("slot") ?? []) {
    const value = fill[slot.name];
    if (value) slot.replaceWith(value);
  }
  return [...(copy?.childNodes ?? [])];
}

const say = (key: string, fill?: Fill) => status.replaceChildren(...words([key], fill));

/**
 * Re-checks the form on every change and shows what is wrong before anything is sent.
 * Returns the request when it can be sent.
 */
function refresh(): FormParams | undefined {
  const spec = getModelSpec(model.value);
  // Custom sizes are gpt-image-2's; another model falls back to the square preset.
  custom.disabled = !spec?.freeSize;
  if (custom.disabled && custom.checked) {
    (form.elements.namedItem("size") as RadioNodeList).value = "1024x1024";
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
  const boxes = [sizeError, promptError, formIssues, formWarnings];
  for (const box of boxes) box.replaceChildren();
  for (const issue of check.issues) {
    if (issue.param !== "prompt" || touched) {
      // #size-error and #prompt-error sit by their fields; the rest go above the button. The
      // hint says what to do ("Try 1792x928 or 1792x944.").
      (document.getElementById(`${issue.param}-error`) ?? formIssues).append(
        `${issue.message} ${issue.hint ?? ""} `,
      );
    }
  }
  formWarnings.append(...check.warnings.map((warning) => `${warning.message} `));
  prompt.ariaInvalid = `${!!promptError.firstChild}`;
  customSize.ariaInvalid = `${!!sizeError.firstChild}`;
  $("prompt-count").textContent =
    `${prompt.value.length.toLocaleString()} / ${(spec?.maxPromptChars ?? 32_000).toLocaleString()}`;
  $("estimate").replaceChildren(
    ...(check.cost === undefined ? [] : words(["estimate"], { cost: check.cost.toFixed(3) })),
  );
  const ok = check.issues.length === 0;
  // aria-disabled rather than disabled: the button stays focusable and says why on submit.
  submit.ariaDisabled = String(!ok || !!running);
  return ok ? params : undefined;
}

async function generate(params: FormParams) {
  const controller = new AbortController();
  running = controller;
  downloadButton.disabled = true;
  alertBox.replaceChildren();
  // An empty stat shows a dash (styles.css).
  for (const stat of stats) stat.textContent = "";
  badge.textContent = "";
  page.state = "waiting";
  say("sending");
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
      token: token.value || undefined,
      // A 429 is shown at once with its wait instead of retried behind a spinner.
      maxRetries: 0,
    });
    const stream = await client.images.generate(params as ImageGenerateParams & { stream: true }, {
      signal: controller.signal,
    });
    let partials = 0;
    const result = await showProgressively(img, stream, {
      onImage(event) {
        if (event.type === "image_generation.partial_image") {
          partials++;
          page.state = "partial";
          badge.textContent = `Preview ${partials}`;
          partialsOut.textContent = `${partials} / ${PARTIAL_IMAGES}`;
          say("partial", { n: String(partials) });
        } else {
          page.state = "done";
          badge.textContent = "Final";
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
    say("done", { time: elapsed.textContent, size });
  } catch (error) {
    // Still waiting: the image on stage, if any, is the previous one's.
    page.state = page.state !== "waiting" ? "stopped" : img.src ? "stale" : "empty";
    const failure = describeError(error);
    requestId = failure.requestId;
    const [kind] = failure.keys;
    if (kind === "AbortError") {
      say(kind);
    } else {
      alertBox.replaceChildren(...words(failure.keys, failure.fill));
      // The alert is read out already; the status line only marks the end of the attempt.
      say("failed");
      if (kind === "AuthenticationError") {
        tokenField.hidden = false;
        token.focus();
      }
    }
  } finally {
    clearInterval(timer);
    // styles.css puts "Request" before it.
    requestIdOut.textContent = requestId ?? "";
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
    say("refused");
    (form.querySelector<HTMLElement>("[aria-invalid=true]") ?? model).focus();
    return;
  }
  sessionStorage[TOKEN_KEY] = token.value;
  // On a phone the preview sits below the form: bring it into view (a no-op on a desktop).
  stage.scrollIntoView({ behavior: "smooth", block: "nearest" });
  void generate(params);
};
// Radios and selects fire `input` too.
form.oninput = refresh;
// Enter submits from a field; Ctrl+Enter (or Cmd+Enter) does from anywhere, the prompt too.
form.onkeydown = (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
};
$("stop").onclick = () => running?.abort();

async function loadConfig() {
  try {
    const config: { upstream?: string; auth?: string; models?: string[]; maxPixels?: number } =
      await (await fetch("/api/config")).json();
    // The pill and the emulator notice follow data-upstream (styles.css).
    page.upstream = config.upstream;
    $("upstream").replaceChildren(...words([config.upstream]));
    if (config.auth === "token") tokenField.hidden = false;
    // Offer only what the server accepts.
    if (config.models?.length) model.replaceChildren(...config.models.map((id) => new Option(id)));
    maxPixels = config.maxPixels ?? maxPixels;
    refresh();
  } catch {
    // The page still works without its config; only the notice is missing.
  }
}

token.value = sessionStorage[TOKEN_KEY] ?? "";
tokenField.hidden = !token.value;
refresh();
void loadConfig();
