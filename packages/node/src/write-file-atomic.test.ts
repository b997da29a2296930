import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { EaselError } from "@easel/core";
import { describe, expect, it } from "vitest";
import { listDir, tempDir } from "./test-support";
import { writeFileAtomic } from "./write-file-atomic";

describe("writeFileAtomic", () => {
  it("creates the directory and writes the bytes, leaving no temporary file", async () => {
    const dir = join(await tempDir(), "a", "b");
    await writeFileAtomic(join(dir, "x.bin"), new Uint8Array([1, 2, 3]));
    expect([...(await readFile(join(dir, "x.bin")))]).toEqual([1, 2, 3]);
    expect(await listDir(dir)).toEqual(["x.bin"]);
  });

  it("refuses to replace an existing file, naming it and the overwrite option", async () => {
    const dir = await tempDir();
    const path = join(dir, "x.bin");
    await writeFile(path, "old");
    const error = await writeFileAtomic(path, new Uint8Array([1])).catch((e: unknown) => e);
    expect(EaselError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain("overwrite");
    expect(await readFile(path, "utf8")).toBe("old");
    expect(await listDir(dir)).toEqual(["x.bin"]);
  });

  it("replaces an existing file with overwrite", async () => {
    const dir = await tempDir();
    const path = join(dir, "x.bin");
    await writeFile(path, "old");
    await writeFileAtomic(path, new TextEncoder().encode("new"), { overwrite: true });
    expect(await readFile(path, "utf8")).toBe("new");
    expect(await listDir(dir)).toEqual(["x.bin"]);
  });

  it("removes the temporary file when the final step fails, and keeps what was there", async () => {
    const dir = await tempDir();
    // A directory under the final name: the bytes reach the temporary file, the rename fails.
    const path = join(dir, "taken.png");
    await mkdir(path);
    await writeFile(join(path, "inside"), "keep");
    const error = await writeFileAtomic(path, new Uint8Array(4096), { overwrite: true }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(Error);
    expect(await listDir(dir)).toEqual(["taken.png"]);
    expect(await readFile(join(path, "inside"), "utf8")).toBe("keep");
  });
});
