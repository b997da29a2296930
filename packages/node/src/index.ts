// Everything from core, so one import is enough in Node; the local createImagesClient below
// takes precedence over core's (explicit exports shadow `export *`).
export * from "@easel/core";
export {
  createDispatcher,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_TIMEOUT_MS,
  type DispatcherOptions,
  type DispatcherTimeouts,
  dispatcherTimeouts,
} from "./create-dispatcher";
export {
  createImagesClient,
  type NodeImagesClient,
  type NodeImagesClientOptions,
} from "./create-images-client";
export { type Environment, type OpenAIEnvironment, readOpenAIEnvironment } from "./read-env";
export {
  imageBytes,
  imageFileNames,
  type SaveImageOptions,
  type SaveImagesOptions,
  saveImage,
  saveImages,
} from "./save-image";
export {
  type SavedImageFile,
  type SavedStream,
  type SaveStreamOptions,
  saveStream,
} from "./save-stream";
export { type WriteFileAtomicOptions, writeFileAtomic } from "./write-file-atomic";
