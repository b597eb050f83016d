import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, realpathSync, writeSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@uplift/engine";

/**
 * Writes a report file, creating its folder; a path that cannot be written is the user's to fix.
 * A path a config file gave (`within` its folder) must stay inside that folder once links are
 * resolved, and is never written through a symbolic link: a scanned repository's config cannot
 * make Uplift write anywhere else.
 */
export function writeReport(file: string, content: string, within?: string): void {
  try {
    const parent = path.dirname(path.resolve(file));
    mkdirSync(parent, { recursive: true });
    if (within !== undefined) {
      const base = realpathSync(within);
      const real = realpathSync(parent);
      if (real !== base && !real.startsWith(base + path.sep)) {
        throw new UsageError(`${file} leads outside ${within} (through a symbolic link); the config may only write inside its folder`);
      }
      if (lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink()) {
        throw new UsageError(`${file} is a symbolic link; the config may not write through one`);
      }
    }
    // What a config names is opened without following a link or waiting on a pipe, and must be a file.
    const guarded = within !== undefined ? (constants.O_NOFOLLOW ?? 0) | constants.O_NONBLOCK : 0;
    const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | guarded, 0o644);
    try {
      if (within !== undefined && !fstatSync(fd).isFile())
        throw new UsageError(`${file} is not a regular file; the config may only write files`);
      writeSync(fd, content);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}); choose another --output`);
  }
}
