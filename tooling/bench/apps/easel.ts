// The easel app of the bundle benchmark: validate the form's request before sending, stream
// the generation through the proxy at /api, and show each partial image, then the final one.
import { createImagesClient, showProgressively, validateImageRequest } from "@easel/browser";

const form = document.querySelector("form")!;
const prompt = document.querySelector("textarea")!;
const img = document.querySelector("img")!;
const output = document.querySelector("output")!;
const client = createImagesClient({ baseURL: "/api" });

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const params = {
    model: "gpt-image-2",
    prompt: prompt.value,
    size: "1536x1024",
    stream: true,
    partial_images: 2,
  } as const;
  const check = validateImageRequest(params);
  if (!check.ok) {
    output.textContent = check.issues.map((issue) => issue.message).join("\n");
    return;
  }
  try {
    await showProgressively(img, await client.images.generate(params));
  } catch (error) {
    output.textContent = error instanceof Error ? error.message : String(error);
  }
});
