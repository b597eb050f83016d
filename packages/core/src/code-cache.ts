import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import vm from "node:vm";
import { isMainThread } from "node:worker_threads";
import { privateDir, userCacheDir, userKey } from "./user-cache.js";

const MAC_BYTES = 32;

/**
 * Requires a large self-contained CommonJS module (Babel's parser: one 500 KB file) with V8's
 * code cache kept in the user's cache folder. A short scan spends a good part of its parsing time
 * compiling the parser's functions the first time each runs; the cache holds what the first run
 * compiled, so later runs start with it (docs/performance.md). The entry is named by a hash of
 * the module's text, Node's version and the platform, and sealed with the user's key like every
 * kept file: V8 refuses data made for another version or other flags, and an entry that does
 * not verify is never given to V8. Without a cache folder, or on any failure, the module is
 * required as usual.
 */
export function requireWithCodeCache(specifier: string, from: string): unknown {
  const require = createRequire(from);
  const file = require.resolve(specifier);
  const dir = userCacheDir();
  const key = userKey();
  if (!dir || !key) return require(file);
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch {
    return require(file);
  }
  const name = createHash("sha256")
    .update(`${file}\0${process.version}\0${process.platform}\0${process.arch}\0`)
    .update(source)
    .digest("hex");
  const entry = path.join(dir, "code", `${name.slice(0, 32)}.bin`);
  const cachedData = readSealed(entry, key);
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: file,
    ...(cachedData ? { cachedData } : {}),
  });
  // Kept at exit, when the functions this run used are compiled; only once, by the main thread.
  if ((!cachedData || script.cachedDataRejected) && isMainThread) process.once("exit", () => keep(entry, key, script));
  const module = { exports: {} as unknown };
  (script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(file), module, file, path.dirname(file));
  return module.exports;
}

function readSealed(file: string, key: Buffer): Buffer | undefined {
  let data: Buffer;
  try {
    data = readFileSync(file);
  } catch {
    return undefined;
  }
  if (data.length <= MAC_BYTES) return undefined;
  const given = data.subarray(0, MAC_BYTES);
  const content = data.subarray(MAC_BYTES);
  const expected = createHmac("sha256", key).update(content).digest();
  return timingSafeEqual(given, expected) ? content : undefined;
}

function keep(file: string, key: Buffer, script: vm.Script): void {
  try {
    if (!privateDir(path.dirname(file))) return;
    const content = script.createCachedData();
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, Buffer.concat([createHmac("sha256", key).update(content).digest(), content]), { mode: 0o600 });
    renameSync(temp, file);
  } catch {
    // Keeping it only saves time.
  }
}
