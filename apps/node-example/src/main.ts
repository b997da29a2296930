// Generate an image with streaming partial images and save each one as it arrives.
// With OPENAI_API_KEY set this calls the OpenAI API (a low-quality image costs about a cent);
// without it, a local emulator stands in: no network, no cost.
import { fileURLToPath } from "node:url";
import { createImagesClient, estimateCost, saveStream } from "@easel/node";

const model = "gpt-image-1.5";
const outDir =
  process.env.EXAMPLE_OUTPUT_DIR ?? fileURLToPath(new URL("../output", import.meta.url));

let apiKey = process.env.OPENAI_API_KEY;
let baseURL: string | undefined;
let stopEmulator = async () => {};
if (apiKey) {
  console.log(`Calling the OpenAI API with ${model} (OPENAI_API_KEY is set).`);
} else {
  const { startEmulator } = await import("@easel/emulator/node");
  const emulator = await startEmulator({ host: "127.0.0.1" });
  ({ url: baseURL, close: stopEmulator } = emulator);
  apiKey = "emulator"; // any key works with the emulator
  console.log(
    `No OPENAI_API_KEY set: using the local emulator at ${baseURL} (no network, no cost).`,
  );
}

const client = createImagesClient({ apiKey, baseURL });
try {
  const stream = await client.images.generate({
    model,
    prompt: "A red kite over green hills, watercolor",
    size: "1024x1024",
    quality: "low",
    stream: true,
    partial_images: 2,
  });
  // overwrite: each run replaces the previous run's kite-*.png.
  const saved = await saveStream(stream, outDir, {
    prefix: "kite",
    overwrite: true,
    onSaved: (file) => console.log(`${file.kind} ${file.index} saved to ${file.path}`),
  });

  if (saved.usage) {
    const cost = estimateCost(saved.usage, model);
    console.log(
      `usage: ${saved.usage.input_tokens} input + ${saved.usage.output_tokens} output tokens` +
        (cost ? `, estimated cost $${cost.total.toFixed(4)}` : ""),
    );
  }
} finally {
  await client.close();
  await stopEmulator();
}
