// The Vercel AI SDK app of the bundle benchmark: the equivalent call, `generateImage` with
// `openai.image(...)`. It cannot stream partial images (generateImage has no stream mode), so
// the page shows the final image only; it has no request validation of its own either.
import { createOpenAI } from "@ai-sdk/openai";
import { generateImage } from "ai";

const form = document.querySelector("form")!;
const prompt = document.querySelector("textarea")!;
const img = document.querySelector("img")!;
const output = document.querySelector("output")!;
const openai = createOpenAI({ baseURL: "/api", apiKey: "unused" });

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const { image } = await generateImage({
      model: openai.image("gpt-image-2"),
      prompt: prompt.value,
      size: "1536x1024",
    });
    img.src = `data:${image.mediaType};base64,${image.base64}`;
  } catch (error) {
    output.textContent = error instanceof Error ? error.message : String(error);
  }
});
