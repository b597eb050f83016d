import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FactCache } from "../src/cache.js";
import { KeptResults, keptResultsBytes } from "../src/kept-results.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function file(): string {
  const d = mkdtempSync(path.join(tmpdir(), "uplift-kept-"));
  dirs.push(d);
  return path.join(d, "kept.results");
}

const key = randomBytes(32);
const many = Array.from({ length: 500 }, (_, i) => [`r${i}`, { findings: [{ line: i, message: "é🙂" }], suppressed: 0 }] as const);

describe("results kept together", () => {
  it("decode only the entries asked for, and give back the bytes each was read from", () => {
    const target = file();
    writeFileSync(target, keptResultsBytes(many, key));
    const kept = KeptResults.read(target, key)!;
    expect(kept.size).toBe(500);
    expect(kept.has("r7")).toBe(true);
    expect(kept.get("r7")).toEqual(many[7]![1]);
    expect(kept.get("r499")).toEqual(many[499]![1]);
    expect(kept.get("absent")).toBeUndefined();
    expect(kept.decoded).toBe(2);
    // An entry used unchanged is written again as its bytes: it reads back the same.
    const again = file();
    writeFileSync(
      again,
      keptResultsBytes(
        [
          ["r7", kept.bytesOf("r7")],
          ["new", { findings: [] }],
        ],
        key,
      ),
    );
    const reread = KeptResults.read(again, key)!;
    expect(reread.get("r7")).toEqual(many[7]![1]);
    expect(reread.get("new")).toEqual({ findings: [] });
  });

  it("are not trusted when one byte was altered, when another user's key sealed them, or when the index does not fit", () => {
    const target = file();
    const bytes = keptResultsBytes(many, key);
    writeFileSync(target, bytes);
    expect(KeptResults.read(target, randomBytes(32))).toBeUndefined();
    const altered = Buffer.from(bytes);
    altered[altered.length - 10] = altered[altered.length - 10]! ^ 1;
    writeFileSync(target, altered);
    expect(KeptResults.read(target, key)).toBeUndefined();
    // Sealed with this key, but an index pointing past the entries: no entry is read from it.
    const body = `${JSON.stringify([["a", 0, 1000]])}\n{}`;
    writeFileSync(target, `${createHmac("sha256", key).update(body).digest("hex")}\n${body}`);
    expect(KeptResults.read(target, key)).toBeUndefined();
    writeFileSync(target, "");
    expect(KeptResults.read(target, key)).toBeUndefined();
  });

  it("are kept by the fact cache under a name of their own, sealed with its key", () => {
    const dir = path.dirname(file());
    const cache = new FactCache(dir, "build", key);
    cache.setResults("root", many.slice(0, 3));
    expect(cache.getResults("root")?.get("r2")).toEqual(many[2]![1]);
    expect(new FactCache(dir, "another build", key).getResults("root")).toBeUndefined();
    expect(new FactCache(dir, "build", randomBytes(32)).getResults("root")).toBeUndefined();
  });
});
