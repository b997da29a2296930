// The openai app of the bundle benchmark: the same page with the official SDK (7.x). It has
// no request validation (a bad request costs a round trip and comes back as a 400); it
// streams and shows each partial image, then the final one, as data URLs.
import OpenAI from "openai";

const form = document.querySelector("form")!;
const prompt = document.querySelector("textarea")!;
const img = document.querySelector("img")!;
const output = document.querySelector("output")!;
const client = new OpenAI({ baseURL: "/api", apiKey: "unused", dangerouslyAllowBrowser: true });

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  try {
    const stream = await client.images.generate({
      model: "gpt-image-2",
      prompt: prompt.value,
      size: "1536x1024",
      stream: true,
      partial_images: 2,
    });
    for await (const part of stream) {
      img.src = `data:image/${part.output_format};base64,${part.b64_json}`;
    }
  } catch (error) {
    output.textContent = error instanceof Error ? error.message : String(error);
  }
});
