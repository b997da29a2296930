export {
  type ConnectionFault,
  createImagesEmulator,
  type EmulatorStats,
  type ImagesEmulator,
} from "./create-images-emulator";
export {
  FAULT_NAMES,
  type FaultName,
  type FaultSpec,
  type ImagesEmulatorOptions,
} from "./emulator-options";
export { FAULT_HEADERS } from "./fault-counter";
export {
  type EncodeImageOptions,
  encodeImage,
  type ImageFormat,
  jpegQuality,
} from "./image/encode-image";
export { type EncodeJpegOptions, encodeJpeg } from "./image/encode-jpeg";
export { type EncodePngOptions, encodePng } from "./image/encode-png";
export { type EncodeWebpOptions, encodeWebp } from "./image/encode-webp";
export { flattenOnWhite } from "./image/flatten-on-white";
export { type RenderPatternOptions, renderPattern } from "./image/render-pattern";
export type { RgbaImage } from "./image/rgba-image";
