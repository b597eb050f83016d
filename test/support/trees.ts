import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

/** Temporary folders for one test file: the function makes one, and all are removed after the file's tests. */
export function tempFolders(): (prefix: string) => string {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return (prefix) => {
    const dir = fs.mkdtempSync(path.join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
}

/**
 * Every file under root last changed an hour ago, so that their stamps are trusted whatever the
 * machine's speed (a change a moment ago is not); with `folders`, every folder and root too (a
 * folder changed a moment ago is never kept by the listing memo).
 */
export function age(root: string, { folders = false } = {}): void {
  const past = new Date(Date.now() - 3600_000);
  for (const e of fs.readdirSync(root, { recursive: true, withFileTypes: true }))
    if (e.isFile() || (folders && e.isDirectory())) fs.utimesSync(path.join(e.parentPath, e.name), past, past);
  if (folders) fs.utimesSync(root, past, past);
}
