import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { EaselError } from "@easel/core";

/** Options of `writeFileAtomic`. */
export interface WriteFileAtomicOptions {
  /** Replace an existing file. Default false: an existing file is an error. */
  overwrite?: boolean | undefined;
}

const errorCode = (error: unknown) =>
  typeof error === "object" && error !== null ? (error as { code?: unknown }).code : undefined;

function existsError(path: string, cause?: unknown): EaselError {
  return new EaselError(
    `Refusing to overwrite ${path}: the file already exists. Pass the overwrite option (overwrite: true) to replace it, or choose another name.`,
    { cause },
  );
}

/** Throws the overwrite error when `path` exists. */
export async function refuseIfExists(path: string): Promise<void> {
  try {
    await stat(path);
  } catch (error) {
    if (errorCode(error) === "ENOENT") return;
    throw error;
  }
  throw existsError(path);
}

// Filesystems without hard links (FAT, some network mounts) answer these; there the
// existence check before the rename is the best available.
const NO_LINKS = new Set(["EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS", "EXDEV", "EMLINK"]);

/**
 * Writes `data` to `path` so that `path` is either absent or complete: the bytes go to a
 * temporary file in the same directory (`.<name>.<random>.tmp`), which is flushed to disk
 * and then renamed. A failure removes the temporary file. Without `overwrite`, an existing
 * file is never replaced (a hard link claims the name atomically where the filesystem
 * allows). Creates the directory.
 *
 * @example
 * ```ts
 * await writeFileAtomic("images/cat.png", bytes); // throws if images/cat.png exists
 * await writeFileAtomic("images/cat.png", bytes, { overwrite: true });
 * ```
 */
export async function writeFileAtomic(
  path: string,
  data: Uint8Array,
  options: WriteFileAtomicOptions = {},
): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  if (!options.overwrite) await refuseIfExists(path);
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(temp, "wx");
    await handle.writeFile(data);
    // Flushed before the rename: after a crash the name holds the whole file or nothing.
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (options.overwrite) {
      await rename(temp, path);
    } else {
      try {
        await link(temp, path);
      } catch (error) {
        if (errorCode(error) === "EEXIST") throw existsError(path, error);
        if (!NO_LINKS.has(errorCode(error) as string)) throw error;
        await refuseIfExists(path);
        await rename(temp, path);
      }
    }
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true });
    throw error;
  }
  // After a link the temporary name still points at the file; a rename already removed it.
  await rm(temp, { force: true });
  await syncDirectory(dir);
}

// Makes the new name itself durable. Not possible on Windows, and not worth failing over.
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file is complete either way.
  }
}
