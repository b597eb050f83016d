import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { deflateRawSync } from "node:zlib";
import { strToU8, zipSync, type Zippable } from "fflate";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_ARCHIVE_LIMITS, listArchive, readMember } from "../src/index.js";

const dir = mkdtempSync(path.join(tmpdir(), "uplift-archive-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let count = 0;
function onDisk(bytes: Uint8Array): string {
  const file = path.join(dir, `a${count++}.zip`);
  writeFileSync(file, bytes);
  return file;
}

/** Every member of the archive: read with its bytes, or listed as unanalysed with a reason. */
function readAll(file: string): { read: Map<string, string>; unanalysed: Map<string, string> } {
  const listing = listArchive("a.zip", file);
  const read = new Map<string, string>();
  const unanalysed = new Map(listing.unanalysed.map((u) => [u.file, u.reason]));
  for (const m of listing.members) {
    const r = readMember(file, m.entry);
    if (r.ok) read.set(m.path, Buffer.from(r.bytes).toString("utf8"));
    else unanalysed.set(m.path, r.reason);
  }
  return { read, unanalysed };
}

/** Offsets of the records with this signature. */
function records(bytes: Uint8Array, signature: number): number[] {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const out: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.readUInt32LE(i) === signature) out.push(i);
  return out;
}

const CONTENT: Zippable = {
  "solution.xml": strToU8('<ImportExportXml version="9.2.0.1"/>'),
  "WebResources/a.js": strToU8("Xrm.Page.getAttribute('name');\n".repeat(40)),
  "WebResources/b.js": strToU8("var x = 1;\n"),
  "WebResources/c.html": strToU8("<html><script>Xrm.Page.data.save();</script></html>"),
};

describe("zip archives", () => {
  it("reads every member of a well-formed archive", () => {
    const { read, unanalysed } = readAll(onDisk(zipSync(CONTENT)));
    expect([...read.keys()]).toEqual([
      "a.zip!/WebResources/a.js",
      "a.zip!/WebResources/b.js",
      "a.zip!/WebResources/c.html",
      "a.zip!/solution.xml",
    ]);
    expect(unanalysed.size).toBe(0);
  });

  it("loses no member without a trace, wherever the archive is cut", () => {
    const whole = zipSync(CONTENT, { level: 6 });
    const names = Object.keys(CONTENT).map((n) => `a.zip!/${n}`);
    for (let length = 0; length < whole.length; length++) {
      const { read, unanalysed } = readAll(onDisk(whole.subarray(0, length)));
      const archiveNoted = unanalysed.has("a.zip");
      for (const name of names) {
        const accounted =
          read.get(name) === new TextDecoder().decode((CONTENT as Record<string, Uint8Array>)[name.slice(7)]) ||
          unanalysed.has(name) ||
          archiveNoted;
        expect(accounted, `cut at ${length} of ${whole.length}: ${name}`).toBe(true);
      }
      for (const [name, text] of read)
        expect(text, `cut at ${length}: ${name}`).toBe(new TextDecoder().decode((CONTENT as Record<string, Uint8Array>)[name.slice(7)]));
    }
  });

  it("reports a member whose checksum does not match, and an encrypted one", () => {
    const bytes = zipSync({ "a.js": strToU8("Xrm.Page.ui;"), "b.js": strToU8("var b = 2;") }, { level: 0 });
    const damaged = bytes.slice();
    const data = Buffer.from(damaged).indexOf("Xrm.Page");
    damaged[data] = "Y".charCodeAt(0);
    const central = records(damaged, 0x02014b50);
    // Bit 0 of the general purpose flags: encrypted (in the local header and the directory).
    damaged[records(damaged, 0x04034b50)[1]! + 6]! |= 1;
    damaged[central[1]! + 8]! |= 1;
    const { read, unanalysed } = readAll(onDisk(damaged));
    expect(read.size).toBe(0);
    expect(Object.fromEntries(unanalysed)).toEqual({
      "a.zip!/a.js": "damaged member (its checksum does not match); not read",
      "a.zip!/b.js": "encrypted member; not read",
    });
  });

  it("stops a member that inflates past the size it declares, and refuses one past the limits", () => {
    const zeros = deflateRawSync(Buffer.alloc(64 * 1024 * 1024));
    const bytes = zipSync({ "bomb.js": strToU8("x"), "big.js": strToU8("y") }, { level: 0 });
    const local = records(bytes, 0x04034b50);
    const central = records(bytes, 0x02014b50);
    // Rebuild: the first member's data is 64 MiB of zeros deflated, declared as 1,000 bytes.
    const header = Buffer.from(bytes.subarray(local[0]!, local[0]! + 30 + 7));
    header.writeUInt16LE(8, 8);
    header.writeUInt32LE(zeros.length, 18);
    header.writeUInt32LE(1000, 22);
    const rest = Buffer.from(bytes.subarray(local[0]! + 30 + 7 + 1));
    const zip = Buffer.concat([header, zeros, rest]);
    const shift = zeros.length - 1;
    for (const at of records(zip, 0x02014b50)) {
      const name = zip.subarray(at + 46, at + 46 + zip.readUInt16LE(at + 28)).toString();
      if (name === "bomb.js") {
        zip.writeUInt16LE(8, at + 10);
        zip.writeUInt32LE(zeros.length, at + 20);
        zip.writeUInt32LE(1000, at + 24);
      } else {
        zip.writeUInt32LE(zip.readUInt32LE(at + 42) + shift, at + 42);
        zip.writeUInt32LE(64 * 1024 * 1024, at + 24);
      }
    }
    const end = records(zip, 0x06054b50).at(-1)!;
    zip.writeUInt32LE(zip.readUInt32LE(end + 16) + shift, end + 16);
    expect(central).toHaveLength(2);
    const { read, unanalysed } = readAll(onDisk(zip));
    expect(read.size).toBe(0);
    expect(Object.fromEntries(unanalysed)).toEqual({
      "a.zip!/bomb.js": "expands past its declared size (a zip bomb?); not read",
      "a.zip!/big.js": `expands past ${DEFAULT_ARCHIVE_LIMITS.maxEntryBytes} bytes; not read`,
    });
  });

  it("reads twenty thousand members and stops, with a note, past that", () => {
    const many: Zippable = {};
    for (let i = 0; i < 20_000; i++) many[`m/${String(i).padStart(5, "0")}.js`] = strToU8(`f${i}();`);
    const listing = listArchive("a.zip", onDisk(zipSync(many, { level: 0 })));
    expect(listing.members).toHaveLength(20_000);
    expect(listing.unanalysed).toEqual([]);
    many["m/extra.js"] = strToU8("x();");
    const over = listArchive("a.zip", onDisk(zipSync(many, { level: 0 })));
    expect(over.members).toHaveLength(20_000);
    expect(over.unanalysed).toEqual([{ file: "a.zip", reason: "more than 20000 members; the rest is not read" }]);
  });

  it("refuses member names that point outside the archive, and shows them harmlessly", () => {
    const bytes = zipSync({ "aaa/evil.js": strToU8("x"), "abcab/x.js": strToU8("y"), "ok.js": strToU8("z") });
    const patched = Buffer.from(bytes);
    const rename = (from: string, to: string): void => {
      for (let i = patched.indexOf(from); i !== -1; i = patched.indexOf(from, i + 1)) patched.write(to, i, "latin1");
    };
    rename("aaa/evil.js", "/../evil.js");
    rename("abcab/x.js", "//abs/x.js");
    const listing = listArchive("a.zip", onDisk(patched));
    expect(listing.members.map((m) => m.path)).toEqual(["a.zip!/ok.js"]);
    expect(listing.unanalysed).toEqual([
      { file: "a.zip!/%2E%2E/evil.js", reason: 'member name "/../evil.js" points outside the archive; refused' },
      { file: "a.zip!/abs/x.js", reason: 'member name "//abs/x.js" points outside the archive; refused' },
    ]);
  });
});
