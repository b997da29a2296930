// The demo page: a form checked live with core's rules, a streamed generation shown preview
// by preview, and the result with its time, cost and a download button. Plain DOM, no
// framework: the whole script stays within the 10 KB (gzip) budget of issue 8.
import {
  createImagesClient,
  download,
  type GeneratedImage,
  type ImageGenerateParams,
  showProgressively,
} from "@easel/browser";
import { describeError } from "./describe-error";
import { checkForm, estimateFor, type FormCheck } from "./form-check";

const PARTIAL_IMAGES = 2;
const TOKEN_KEY = "easel.token";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const form = $<HTMLFormElement>("form");
const prompt = $<HTMLTextAreaElement>("prompt");
const model = $<HTMLSelectElement>("model");
const customSize = $<HTMLInputElement>("custom-size");
const customRadio = form.querySelector<HTMLInputElement>('input[value="custom"]')!;
const token = $<HTMLInputElement>("token");
const submit = $<HTMLButtonElement>("submit");
const stop = $<HTMLButtonElement>("stop");
const stage = $("stage");
const img = $<HTMLImageElement>("result");
const status = $("status");
const alertBox = $("error");
const badge = $("stage-badge");
const downloadButton = $<HTMLButtonElement>("download");

let touched = false;
/** The server's pixel limit, from GET /api/config. */
let maxPixels = Number.POSITIVE_INFINITY;
let running: AbortController | undefined;
let finalImage: GeneratedImage | undefined;

const show = (el: HTMLElement, visible: boolean) => {
  el.hidden = !visible;
};

/** The request the form describes, always streamed. */
function readParams(): ImageGenerateParams {
  const value = (name: string) => (form.elements.namedItem(name) as RadioNodeList).value;
  const preset = value("size");
  return {
    model: model.value,
    prompt: prompt.value.trim(),
    // Accept "1920 × 1088" as typed; the validator gets the API's own "1920x1088" form.
    size: preset === "custom" ? customSize.value.replace(/\s+/g, "").replace(/[×X]/g, "x") : preset,
    quality: value("quality") as ImageGenerateParams["quality"],
    output_format: value("format") as ImageGenerateParams["output_format"],
    background: value("background") as ImageGenerateParams["background"],
    stream: true,
    partial_images: PARTIAL_IMAGES,
  };
}

/** Re-checks the form on every change and shows what is wrong before anything is sent. */
function refresh(): FormCheck {
  const params = readParams();
  const free = estimateFor(params).freeSize;
  customRadio.disabled = !free;
  $("custom-option").title = free ? "" : "Custom sizes need gpt-image-2";
  if (!free && customRadio.checked) {
    form.querySelector<HTMLInputElement>('input[value="1024x1024"]')!.checked = true;
    return refresh();
  }
  show($("custom-row"), customRadio.checked);
  const check = checkForm(params, touched, maxPixels);
  const sizeError = $("size-error");
  sizeError.replaceChildren();
  if (check.size) {
    sizeError.append(check.size.message);
    if (check.size.suggestions.length > 0) {
      const row = document.createElement("span");
      row.className = "suggestions";
      row.append("Try ");
      for (const suggestion of check.size.suggestions) {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip";
        chip.textContent = suggestion;
        chip.onclick = () => {
          customSize.value = suggestion;
          refresh();
          customSize.focus();
        };
        row.append(chip);
      }
      sizeError.append(row);
    }
  }
  show(sizeError, check.size !== undefined);
  customSize.setAttribute("aria-invalid", String(check.size !== undefined));
  const promptError = $("prompt-error");
  promptError.textContent = check.prompt ?? "";
  show(promptError, check.prompt !== undefined);
  prompt.setAttribute("aria-invalid", String(check.prompt !== undefined));
  const issues = $("form-issues");
  issues.textContent = check.other.join(" ");
  show(issues, check.other.length > 0);
  const warnings = $("form-warnings");
  warnings.textContent = check.warnings.join(" ");
  show(warnings, check.warnings.length > 0);
  $("prompt-count").textContent =
    `${prompt.value.length.toLocaleString()} / ${check.maxPrompt.toLocaleString()}`;
  $("estimate").textContent = check.estimate;
  // aria-disabled rather than disabled: the button stays focusable and says why on submit.
  submit.setAttribute("aria-disabled", String(!check.ok || running !== undefined));
  return check;
}

function setBusy(busy: boolean) {
  submit.classList.toggle("busy", busy);
  $("submit-label").textContent = busy ? "Generating…" : "Generate";
  show(stop, busy);
  refresh();
}

function showError(error: unknown) {
  const message = describeError(error);
  if (message.title === "Stopped") {
    status.textContent = "Stopped. The last preview stays on screen.";
    return;
  }
  alertBox.replaceChildren();
  const title = document.createElement("strong");
  title.textContent = message.title;
  alertBox.append(title, ` ${message.detail}`);
  if (message.requestId) {
    const id = document.createElement("small");
    id.textContent = `Request ${message.requestId}`;
    alertBox.append(id);
  }
  show(alertBox, true);
  // The alert is read out already; the status line only marks the end of the attempt.
  status.textContent = "Generation failed.";
  if (message.needsToken) {
    show($("token-field"), true);
    token.focus();
  }
}

async function generate(params: ImageGenerateParams) {
  const controller = new AbortController();
  running = controller;
  finalImage = undefined;
  downloadButton.disabled = true;
  show(alertBox, false);
  show(badge, false);
  $("partials").textContent = `0 / ${PARTIAL_IMAGES}`;
  $("cost").textContent = "–";
  $("out-size").textContent = "–";
  $("request-id").textContent = "";
  stage.dataset.state = "waiting";
  status.textContent = "Sending the request…";
  setBusy(true);
  const started = performance.now();
  const tick = () => {
    $("elapsed").textContent = `${((performance.now() - started) / 1000).toFixed(1)} s`;
  };
  tick();
  const timer = setInterval(tick, 100);
  // Whether this attempt put anything on stage (else the image there is the previous one).
  let drawn = false;
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
    status.textContent = "Drawing: the first preview is on its way…";
    let partials = 0;
    const result = await showProgressively(img, stream, {
      onImage(event) {
        drawn = true;
        show(img, true);
        show(badge, true);
        if (event.type === "image_generation.partial_image") {
          partials++;
          stage.dataset.state = "partial";
          badge.textContent = `Preview ${partials}`;
          $("partials").textContent = `${partials} / ${PARTIAL_IMAGES}`;
          status.textContent = `Preview ${partials} of ${PARTIAL_IMAGES} arrived; still drawing…`;
        } else {
          stage.dataset.state = "done";
          badge.textContent = "Final";
        }
      },
    });
    tick();
    finalImage = result.images[0];
    const completed = result.completed[0];
    await img.decode().catch(() => {});
    $("out-size").textContent = `${img.naturalWidth}×${img.naturalHeight}`;
    const cost = result.usage && estimateFor(params, result.usage).cost;
    $("cost").textContent = cost === undefined ? "n/a" : `$${cost.toFixed(4)}`;
    $("request-id").textContent = result.requestId ? `Request ${result.requestId}` : "";
    img.alt = `Generated image for: ${params.prompt}`;
    downloadButton.disabled = finalImage === undefined;
    status.textContent = `Done in ${$("elapsed").textContent}: ${completed?.quality ?? ""} ${completed?.output_format ?? ""} image, ${img.naturalWidth}×${img.naturalHeight}.`;
  } catch (error) {
    stage.dataset.state = drawn ? "stopped" : img.hidden ? "empty" : "stale";
    showError(error);
  } finally {
    clearInterval(timer);
    running = undefined;
    setBusy(false);
  }
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  if (running) return;
  touched = true;
  const check = refresh();
  if (!check.ok) {
    // Refused on the page: nothing is sent. Focus goes to the first field at fault.
    status.textContent = "Fix the highlighted fields first; nothing was sent.";
    (check.size ? customSize : check.prompt ? prompt : model).focus();
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token.value);
  // On a phone the preview sits below the form: bring it into view.
  if (innerWidth <= 860) stage.scrollIntoView({ behavior: "smooth", block: "center" });
  void generate(readParams());
});

form.addEventListener("input", () => refresh());
form.addEventListener("change", () => refresh());
prompt.addEventListener("blur", () => {
  if (prompt.value) touched = true;
  refresh();
});
// Enter submits from a field; in the prompt box Ctrl+Enter (or Cmd+Enter) does.
prompt.addEventListener("keydown", (event) => {
  if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
    event.preventDefault();
    form.requestSubmit();
  }
});
stop.addEventListener("click", () => running?.abort());
downloadButton.addEventListener("click", () => {
  if (finalImage) download(finalImage, slug(prompt.value));
});

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 48) || "easel-image"
  );
}

async function loadConfig() {
  try {
    const response = await fetch("/api/config");
    if (!response.ok) return;
    const config = (await response.json()) as {
      upstream?: string;
      auth?: string;
      models?: string[];
      maxPixels?: number;
    };
    const pill = $("upstream");
    pill.textContent = config.upstream === "openai" ? "OpenAI API" : "Emulator";
    pill.dataset.kind = config.upstream ?? "";
    show(pill, true);
    show($("notice"), config.upstream === "emulator");
    if (config.auth === "token") show($("token-field"), true);
    // Offer only what the server accepts.
    if (config.models?.length) {
      model.replaceChildren(...config.models.map((id) => new Option(id, id)));
    }
    if (typeof config.maxPixels === "number") maxPixels = config.maxPixels;
    refresh();
  } catch {
    // The page still works without its config; only the notice is missing.
  }
}

token.value = sessionStorage.getItem(TOKEN_KEY) ?? "";
show($("token-field"), token.value !== "");
refresh();
void loadConfig();
