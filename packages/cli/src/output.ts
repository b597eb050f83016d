import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { UsageError } from "@uplift/engine";

/** Writes a report file, creating its folder; a path that cannot be written is the user's to fix. */
export function writeReport(file: string, content: string): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, content);
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? "error"}); choose another --output`);
  }
}
