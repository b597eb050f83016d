import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, writeSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The per-user cache folder (`$XDG_CACHE_HOME/uplift`, `~/.cache/uplift`, `~/Library/Caches/uplift`,
 * `%LOCALAPPDATA%\uplift\Cache`), or undefined when there is no home to put it in. Nothing a scanned
 * repository holds can be in it.
 */
export function userCacheDir(): string | undefined {
  const env = process.env;
  if (process.platform === "win32") return env.LOCALAPPDATA ? path.join(env.LOCALAPPDATA, "uplift", "Cache") : undefined;
  if (env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME)) return path.join(env.XDG_CACHE_HOME, "uplift");
  let home: string;
  try {
    home = os.homedir();
  } catch {
    return undefined;
  }
  if (!home || !path.isAbsolute(home)) return undefined;
  return process.platform === "darwin" ? path.join(home, "Library", "Caches", "uplift") : path.join(home, ".cache", "uplift");
}

/**
 * Makes `dir` (and its parents) and checks that only this user can use it: a real folder, not a
 * link, owned by this user, with no access for group or others (made so if it was not). Returns
 * false when it cannot be made private; the caller then keeps nothing there.
 */
export function privateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return false;
    if (process.platform === "win32") return true;
    if (process.getuid && stat.uid !== process.getuid()) return false;
    if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
    return (lstatSync(dir).mode & 0o077) === 0;
  } catch {
    return false;
  }
}

const KEY_BYTES = 32;
let cachedKey: Buffer | null | undefined;

/**
 * This user's secret key for authenticating what Uplift keeps between runs, made on first use in
 * the private cache folder. Undefined when it cannot be kept safely.
 */
export function userKey(): Buffer | undefined {
  if (cachedKey !== undefined) return cachedKey ?? undefined;
  cachedKey = readOrMakeKey() ?? null;
  return cachedKey ?? undefined;
}

function readOrMakeKey(): Buffer | undefined {
  const dir = userCacheDir();
  if (!dir || !privateDir(dir)) return undefined;
  const file = path.join(dir, "key");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, "r");
      try {
        const stat = fstatSync(fd);
        const mine = !process.getuid || stat.uid === process.getuid();
        if (!stat.isFile() || !mine || (process.platform !== "win32" && (stat.mode & 0o077) !== 0) || stat.size !== KEY_BYTES)
          return undefined;
        const key = readFileSync(fd);
        return key.length === KEY_BYTES ? key : undefined;
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") return undefined;
    }
    try {
      const fd = openSync(file, "wx", 0o600);
      try {
        writeSync(fd, randomBytes(KEY_BYTES));
      } finally {
        closeSync(fd);
      }
    } catch (error) {
      // Another run made it first: read theirs.
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") return undefined;
    }
  }
  return undefined;
}

/** A regular file opened for reading without following a link or blocking on a pipe; undefined otherwise. */
export function openRegular(file: string): number | undefined {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return undefined;
  }
  try {
    if (fstatSync(fd).isFile()) return fd;
  } catch {
    // Not readable: as if absent.
  }
  closeSync(fd);
  return undefined;
}

/**
 * Reads a cache file as text, if it is a regular file (not a link, a pipe or a device) of at most
 * `maxBytes`; undefined otherwise. A cache is never worth a hang.
 */
export function readCacheFile(file: string, maxBytes = 256 * 1024 * 1024): string | undefined {
  const fd = openRegular(file);
  if (fd === undefined) return undefined;
  try {
    if (fstatSync(fd).size > maxBytes) return undefined;
    return readFileSync(fd, "utf8");
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Content with its authentication code in front: `<hmac-sha256 hex>\n<content>`. */
export function seal(content: string, key: Buffer): string {
  return `${createHmac("sha256", key).update(content).digest("hex")}\n${content}`;
}

/** The content of a sealed text, or undefined if it was not sealed with this key or was altered. */
export function unseal(sealed: string, key: Buffer): string | undefined {
  const newline = sealed.indexOf("\n");
  if (newline !== 64) return undefined;
  const given = Buffer.from(sealed.slice(0, 64), "hex");
  const content = sealed.slice(65);
  const expected = createHmac("sha256", key).update(content).digest();
  return given.length === expected.length && timingSafeEqual(given, expected) ? content : undefined;
}

/**
 * A hash of the built code in the folder of a module (its `.js` files): what a cache entry depends
 * on besides its input, so that a rebuilt Uplift never reads an entry an older build wrote.
 */
export function buildHash(moduleUrl: string): string {
  const dir = path.dirname(fileURLToPath(moduleUrl));
  const hash = createHash("sha256");
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".js"))
        hash
          .update(`${path.relative(dir, full)}\0`)
          .update(readFileSync(full))
          .update("\0");
    }
  };
  try {
    walk(dir);
  } catch {
    hash.update("unreadable");
  }
  return hash.digest("hex");
}

let coreBuild: string | undefined;

/** The build of @uplift/core: its adapters decide what a file's facts are. */
export function coreBuildHash(): string {
  return (coreBuild ??= buildHash(import.meta.url));
}

/**
 * An entry of a cache file's index as read back (untrusted until checked): its name, and where its
 * bytes stand, inside the `within` bytes that hold the entries.
 */
export function isIndexEntry(e: unknown, within: number): e is [string, number, number] {
  return (
    Array.isArray(e) &&
    e.length === 3 &&
    typeof e[0] === "string" &&
    Number.isSafeInteger(e[1]) &&
    Number.isSafeInteger(e[2]) &&
    e[1] >= 0 &&
    e[2] >= 0 &&
    e[1] + e[2] <= within
  );
}
