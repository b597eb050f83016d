import { closeSync, constants, promises as fs, fstatSync, openSync, readFileSync } from "node:fs";

const NO_BLOCK = constants.O_RDONLY | constants.O_NONBLOCK;
const NO_LINK = NO_BLOCK | (constants.O_NOFOLLOW ?? 0);

export interface ReadOptions {
  maxBytes?: number;
  /** Read through a symbolic link (a user's own config or pack), rather than refuse it (a scanned file). */
  followLinks?: boolean;
}

function refuse(code: string, message: string): never {
  throw Object.assign(new Error(message), { code });
}

/**
 * Reads a regular file. It is opened without blocking and without following a link, and checked,
 * so that a named pipe or a device where a file was expected cannot stall the run. Errors carry a
 * code: ENOTREG (not a regular file), EFBIG (larger than `maxBytes`) or the system's.
 */
export function readRegularFileSync(file: string | Buffer, options: ReadOptions = {}): Buffer {
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const fd = openSync(file, options.followLinks ? NO_BLOCK : NO_LINK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) refuse("ENOTREG", "not a regular file");
    if (stat.size > maxBytes) refuse("EFBIG", `larger than ${maxBytes} bytes`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function readRegularFile(file: string | Buffer, options: ReadOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? Number.MAX_SAFE_INTEGER;
  const handle = await fs.open(file, options.followLinks ? NO_BLOCK : NO_LINK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) refuse("ENOTREG", "not a regular file");
    if (stat.size > maxBytes) refuse("EFBIG", `larger than ${maxBytes} bytes`);
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}
