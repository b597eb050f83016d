import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FLUSH_BYTES, MAX_PACKS, PACK_FOLDER, PackIndex, PackWriter } from "../src/cache-pack.js";
import { FactCache } from "../src/cache.js";
import { extractFacts } from "../src/extract.js";
import { seal } from "../src/user-cache.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function folder(): string {
  const d = mkdtempSync(path.join(tmpdir(), "uplift-pack-"));
  dirs.push(d);
  return d;
}

const packsIn = (dir: string): string[] =>
  readdirSync(path.join(dir, PACK_FOLDER))
    .filter((n) => n.endsWith(".pack"))
    .map((n) => path.join(dir, PACK_FOLDER, n));

describe("cache packs", () => {
  const key = randomBytes(32);

  it("keep entries in one file per flush and read each back by name", () => {
    const dir = folder();
    const writer = new PackWriter(dir, key);
    writer.add("a", '{"x":1}');
    writer.add("b", "é🙂\n second line");
    expect(writer.get("a")).toBe('{"x":1}');
    writer.flush();
    writer.flush();
    expect(packsIn(dir)).toHaveLength(1);
    const index = new PackIndex(dir, key);
    expect(index.read("a")).toBe('{"x":1}');
    expect(index.read("b")).toBe("é🙂\n second line");
    expect(index.has("c")).toBe(false);
    expect(index.read("c")).toBeUndefined();
  });

  it("hold each entry as the bytes it is written as, and write a pack once those reach FLUSH_BYTES", () => {
    const dir = folder();
    const writer = new PackWriter(dir, key);
    writer.add("a", "é🙂");
    // `a\n`, then two and four bytes in UTF-8 (three characters of a string).
    expect(writer.bytes).toBe(2 + 2 + 4);
    expect(writer.get("a")).toBe("é🙂");
    // Half as many characters as the bound, twice as many bytes: written at once.
    const wide = "é".repeat(FLUSH_BYTES / 2);
    writer.add("b", wide);
    expect(packsIn(dir)).toHaveLength(1);
    expect(writer.bytes).toBe(0);
    expect(writer.get("b")).toBeUndefined();
    expect(new PackIndex(dir, key).read("b")).toBe(wide);
  });

  it("are not read under another user's key, and an altered entry is a miss that is no longer listed", () => {
    const dir = folder();
    const writer = new PackWriter(dir, key);
    writer.add("a", "first");
    writer.add("b", "second");
    writer.flush();
    expect(new PackIndex(dir, randomBytes(32)).has("a")).toBe(false);
    const [file] = packsIn(dir);
    const bytes = readFileSync(file!);
    const at = bytes.indexOf("second");
    bytes.write("SECOND", at);
    writeFileSync(file!, bytes);
    const index = new PackIndex(dir, key);
    expect(index.read("a")).toBe("first");
    expect(index.has("b")).toBe(true);
    expect(index.read("b")).toBeUndefined();
    expect(index.has("b")).toBe(false);
  });

  it("give nothing for an entry sealed under another name, a truncated pack or a footer that does not fit", () => {
    const dir = folder();
    // This user's own entries, with an index that points one name at the other's bytes.
    const a = Buffer.from(seal("a\nfirst", key));
    const b = Buffer.from(seal("b\nsecond", key));
    const index = Buffer.from(seal(JSON.stringify([["a", a.length, b.length]]), key));
    const at = a.length + b.length;
    const swapped = Buffer.concat([a, b, index, Buffer.from(`${at.toString(16).padStart(16, "0")}\n`)]);
    const packs = path.join(dir, PACK_FOLDER);
    const write = (name: string, data: Buffer | string): void => {
      rmSync(packs, { recursive: true, force: true });
      mkdirSync(packs);
      writeFileSync(path.join(packs, name), data);
    };
    write("1.pack", swapped);
    expect(new PackIndex(dir, key).read("a")).toBeUndefined();
    write("2.pack", swapped.subarray(0, swapped.length - 30));
    expect(new PackIndex(dir, key).has("a")).toBe(false);
    write("3.pack", Buffer.concat([a, Buffer.from("ffffffffffffffff\n")]));
    expect(new PackIndex(dir, key).has("a")).toBe(false);
    write("4.pack", "");
    expect(new PackIndex(dir, key).has("a")).toBe(false);
  });

  it("keep at most MAX_PACKS packs, removing the oldest", () => {
    const dir = folder();
    const writer = new PackWriter(dir, key);
    for (let i = 0; i < MAX_PACKS + 3; i++) {
      writer.add(`e${i}`, String(i));
      writer.flush();
    }
    expect(packsIn(dir)).toHaveLength(MAX_PACKS);
    const index = new PackIndex(dir, key);
    expect(index.has("e0")).toBe(false);
    expect(index.read(`e${MAX_PACKS + 2}`)).toBe(String(MAX_PACKS + 2));
    // A pack added under an older name than every kept one is not read: the reader, too, reads the newest MAX_PACKS.
    const other = folder();
    const hidden = new PackWriter(other, key);
    hidden.add("hidden", "x");
    hidden.flush();
    writeFileSync(path.join(dir, PACK_FOLDER, "0.pack"), readFileSync(packsIn(other)[0]!));
    expect(new PackIndex(other, key).has("hidden")).toBe(true);
    expect(new PackIndex(dir, key).has("hidden")).toBe(false);
  });
});

describe("the fact cache with packs", () => {
  it("writes nothing until flushed, reads its own pending entries, and never packs a kept entry again", () => {
    const dir = folder();
    const key = randomBytes(32);
    const file = { path: "a.js", language: "javascript" as const, text: "Xrm.Page.ui;" };
    const first = new FactCache(dir, "build", key);
    first.set(file, extractFacts(file));
    first.setFileResult("r", { findings: [] });
    expect(readdirSync(dir)).toEqual([]);
    expect(first.has(file)).toBe(true);
    expect(first.getFileResult("r")).toEqual({ findings: [] });
    first.flush();
    expect(packsIn(dir)).toHaveLength(1);
    const second = new FactCache(dir, "build", key);
    expect(second.get(file)?.facts).toEqual(extractFacts(file).facts);
    expect(second.getFileResult("r")).toEqual({ findings: [] });
    second.set(file, extractFacts(file));
    second.setFileResult("r", { findings: [] });
    second.flush();
    expect(packsIn(dir)).toHaveLength(1);
    expect(new FactCache(dir, "another build", key).has(file)).toBe(false);
  });
});
