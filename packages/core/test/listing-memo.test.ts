import { randomBytes } from "node:crypto";
import fs from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { discover, FactCache, ListingMemo, type Discovery } from "../src/index.js";
import { nameVerdictTally } from "../src/name-verdicts.js";
import { age, tempFolders } from "../../../test/support/trees.js";

const temp = tempFolders();

function write(root: string, rel: string, text: string): void {
  fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
  fs.writeFileSync(path.join(root, rel), text);
}

function tree(): string {
  const root = temp("uplift-listing-");
  write(root, ".gitignore", "build/\n");
  write(root, "addon/__manifest__.py", "{'version': '16.0.1.0.0'}");
  write(root, "addon/models/sale.py", "x = 1");
  write(root, "addon/static/logo.png", "not read");
  write(root, "addon/.gitignore", "*.tmp.py\n");
  write(root, "addon/models/scratch.tmp.py", "x = 2");
  write(root, "build/out.js", "x;");
  age(root, { folders: true });
  return root;
}

/** Discovery with a memo kept in `store` (sealed with `key`), and how many folders it had to list. */
async function discoverCounting(root: string, store: string, key: Buffer): Promise<{ found: Discovery; listed: number; looked: string[] }> {
  const cache = new FactCache(store, "test-build", key);
  const memo = ListingMemo.load(cache, root);
  let listed = 0;
  const looked: string[] = [];
  const readdir = fs.readdirSync;
  const lstat = fs.lstatSync;
  fs.readdirSync = ((...args: unknown[]) => {
    listed++;
    return (readdir as (...a: unknown[]) => unknown)(...args);
  }) as typeof fs.readdirSync;
  fs.lstatSync = ((file: fs.PathLike, ...rest: unknown[]) => {
    looked.push(path.relative(root, String(file)).split(path.sep).join("/"));
    return (lstat as (...a: unknown[]) => unknown)(file, ...rest);
  }) as typeof fs.lstatSync;
  syncBuiltinESMExports();
  try {
    const found = await discover(root, {}, memo);
    memo.save();
    return { found, listed, looked };
  } finally {
    fs.readdirSync = readdir;
    fs.lstatSync = lstat;
    syncBuiltinESMExports();
  }
}

const paths = (d: Discovery): string[] => d.candidates.map((c) => c.path);

describe("ListingMemo", () => {
  it("lists no unchanged folder again, and finds what a walk without it finds", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    const first = await discoverCounting(root, store, key);
    const second = await discoverCounting(root, store, key);
    expect(first.listed).toBeGreaterThan(3);
    expect(second.listed).toBe(0);
    expect(second.found).toEqual(await discover(root));
    expect(paths(second.found)).toEqual(["addon/__manifest__.py", "addon/models/sale.py"]);
  });

  it("sees a file added to a kept folder, and one removed from it", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    await discoverCounting(root, store, key);
    write(root, "addon/models/stock.py", "y = 1");
    fs.rmSync(path.join(root, "addon/__manifest__.py"));
    const warm = await discoverCounting(root, store, key);
    expect(paths(warm.found)).toEqual(["addon/models/sale.py", "addon/models/stock.py"]);
    expect(warm.found).toEqual(await discover(root));
  });

  it("matches a kept folder's entries again when an ignore file above it changed in place", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    await discoverCounting(root, store, key);
    // Same size, same folder: only the text of the rules changed.
    fs.writeFileSync(path.join(root, "addon/.gitignore"), "sale.py\n");
    fs.writeFileSync(path.join(root, ".gitignore"), "logs/\n");
    const warm = await discoverCounting(root, store, key);
    expect(paths(warm.found)).toEqual(["addon/__manifest__.py", "addon/models/scratch.tmp.py", "build/out.js"]);
    expect(warm.found).toEqual(await discover(root));
  });

  it("ignores a listing that does not read back: altered bytes, another key, or entries that are not names", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    await discoverCounting(root, store, key);
    // Another user's key: nothing is trusted, every folder is listed.
    expect((await discoverCounting(root, store, randomBytes(32))).listed).toBeGreaterThan(3);
    // Every byte of every entry flipped in turn would be slow; flip one in the middle of each.
    const files = fs.readdirSync(store, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const f of files) {
      const file = path.join(f.parentPath, f.name);
      const bytes = fs.readFileSync(file);
      bytes[bytes.length >> 1] ^= 1;
      fs.writeFileSync(file, bytes);
    }
    const tampered = await discoverCounting(root, store, key);
    expect(tampered.listed).toBeGreaterThan(3);
    expect(tampered.found).toEqual(await discover(root));
    // Sealed with the right key but not a listing: a name that is a path, kinds that do not fit.
    const cache = new FactCache(store, "test-build", key);
    const stamp = (rel: string): string => {
      const s = fs.statSync(path.join(root, rel));
      return `${s.mtimeMs}:${s.ctimeMs}:${s.ino}:${s.dev}`;
    };
    cache.setResult(`listings\0${root}`, {
      keys: ["x"],
      folders: [
        ["", stamp(""), 0, "..", "d", []],
        ["addon", stamp("addon"), 0, "a.py/b.py", "f", []],
        ["addon/models", stamp("addon/models"), 0, "sale.py", "f", [7]],
        ["addon/static", stamp("addon/static"), 3, "logo.png", "f", []],
        ["addon/static", stamp("addon/static"), 0, "logo.png/", "ff", []],
        ["addon/static", stamp("addon/static"), 0, "./logo.png", "ff", []],
        ["addon/static", stamp("addon/static"), 0, "logo.png/\0", "ff", []],
        "not a listing",
      ],
    });
    const odd = await discoverCounting(root, store, key);
    expect(odd.found).toEqual(await discover(root));
    // None of them is a listing: every folder is listed again.
    expect(odd.listed).toBe(4);
  });

  it("sees a file renamed in a kept folder", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    await discoverCounting(root, store, key);
    fs.renameSync(path.join(root, "addon/models/sale.py"), path.join(root, "addon/models/sales.py"));
    const warm = await discoverCounting(root, store, key);
    expect(paths(warm.found)).toEqual(["addon/__manifest__.py", "addon/models/sales.py"]);
    expect(warm.found).toEqual(await discover(root));
  });

  it("does not look at a file the same ignore rules left out of a kept folder", async () => {
    const root = tree();
    const store = temp("uplift-listing-cache-");
    const key = randomBytes(32);
    const first = await discoverCounting(root, store, key);
    expect(first.looked).toContain("addon/models/scratch.tmp.py");
    const warm = await discoverCounting(root, store, key);
    expect(warm.looked).not.toContain("addon/models/scratch.tmp.py");
    // Files that are read are still looked at, for their stamps; an image is not.
    expect(warm.looked.sort()).toEqual(["addon/__manifest__.py", "addon/models/sale.py"]);
    expect(warm.found).toEqual(await discover(root));
  });

  it("judges each file name once per discovery, wherever it stands", async () => {
    const root = temp("uplift-names-");
    for (let i = 0; i < 20; i++) {
      write(root, `addon${i}/__init__.py`, "");
      write(root, `addon${i}/models/__init__.py`, "");
      write(root, `addon${i}/static/description/icon.png`, "png");
    }
    const before = nameVerdictTally.judged;
    const found = await discover(root);
    expect(found.candidates).toHaveLength(40);
    expect(nameVerdictTally.judged - before).toBe(2);
  });
});
