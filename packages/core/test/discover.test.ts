import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeText, discover, loadSource } from "../src/index.js";

let root: string;

beforeAll(() => {
  root = mkdtempSync(path.join(tmpdir(), "uplift-discover-"));
  const w = (rel: string, content: string | Uint8Array): void => {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), content);
  };
  w("a.js", "x;");
  w("views/v.xml", "<odoo/>");
  w("ignored/skip.js", "x;");
  w("sub/.gitignore", "local.js\n");
  w("sub/local.js", "x;");
  w("sub/kept.js", "x;");
  w(".upliftignore", "vendor/\n");
  w(".gitignore", "ignored/\n");
  w("vendor/lib.js", "x;");
  w("node_modules/dep/index.js", "x;");
  w("logo.png", new Uint8Array([137, 80, 78, 71, 0, 0]));
  w("notes.txt", "hello");
  w("big.js", "x;".repeat(1000));
  w("models/sale.py", "x = 1");
  mkdirSync(path.join(root, "loop"));
  symlinkSync(path.join(root, "loop"), path.join(root, "loop", "again"));
  symlinkSync("/etc", path.join(root, "outside"));
  symlinkSync(path.join(root, "a.js"), path.join(root, "link.js"));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("discover", () => {
  it("honours ignore files, never follows links and lists what it skips", async () => {
    const d = await discover(root, { maxFileBytes: 1000 });
    expect(d.candidates.map((c) => c.path)).toEqual(["a.js", "models/sale.py", "sub/kept.js", "views/v.xml"]);
    expect(d.unanalysed).toEqual(
      expect.arrayContaining([
        { file: "logo.png", reason: "binary file" },
        { file: "notes.txt", reason: "no adapter for .txt files" },
        { file: "big.js", reason: "larger than 1000 B (2.0 KiB)" },
        { file: "loop/again", reason: "symbolic link, not followed" },
        { file: "outside", reason: "symbolic link, not followed" },
        { file: "link.js", reason: "symbolic link, not followed" },
      ]),
    );
  });

  it("applies --include and --exclude", async () => {
    const d = await discover(root, { include: ["**/*.js"], exclude: ["sub/**"] });
    expect(d.candidates.map((c) => c.path)).toEqual(["a.js", "big.js"]);
  });
});

describe("discover on a hostile tree", () => {
  it("lists names that are not UTF-8, named pipes and unreadable folders, and still reads their neighbours", async () => {
    const hostile = mkdtempSync(path.join(tmpdir(), "uplift-hostile-"));
    try {
      mkdirSync(path.join(hostile, "addon/static"), { recursive: true });
      writeFileSync(path.join(hostile, "addon/static/a.js"), "x;");
      writeFileSync(Buffer.from(`${hostile}/addon/static/caf\xe9.js`, "latin1"), "y;");
      mkdirSync(Buffer.from(`${hostile}/addon/d\xff`, "latin1"));
      writeFileSync(Buffer.from(`${hostile}/addon/d\xff/hidden.js`, "latin1"), "z;");
      expect(spawnSync("mkfifo", [path.join(hostile, "addon/pipe.js")]).status).toBe(0);
      mkdirSync(path.join(hostile, "addon/locked"));
      writeFileSync(path.join(hostile, "addon/locked/x.js"), "x;");
      chmodSync(path.join(hostile, "addon/locked"), 0o000);
      const d = await discover(hostile);
      const root = process.getuid?.() === 0;
      expect(d.candidates.map((c) => c.path)).toEqual(root ? ["addon/locked/x.js", "addon/static/a.js"] : ["addon/static/a.js"]);
      const expected = [
        { file: "addon/d%FF", reason: "folder name is not valid UTF-8; nothing in it is read" },
        { file: "addon/pipe.js", reason: "named pipe, not read" },
        { file: "addon/static/caf%E9.js", reason: "file name is not valid UTF-8; not read" },
      ];
      // Root reads every folder, whatever its mode.
      if (!root) expected.push({ file: "addon/locked", reason: "folder cannot be read (EACCES)" });
      expect(d.unanalysed).toEqual(expect.arrayContaining(expected));
    } finally {
      chmodSync(path.join(hostile, "addon/locked"), 0o755);
      rmSync(hostile, { recursive: true, force: true });
    }
  });

  it("refuses an extended glob rather than backtracking on it", async () => {
    await expect(discover(root, { exclude: ["@(a|aa)+(@(a|aa))"] })).rejects.toThrow(/extended glob/);
  });
});

describe("decodeText", () => {
  it("reads UTF-8 with BOM, UTF-16 and Windows-1252, and refuses binary", () => {
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x61]))).toEqual({ ok: true, text: "a", encoding: "utf-8" });
    const utf16 = new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x62, 0x00]);
    expect(decodeText(utf16)).toEqual({ ok: true, text: "ab", encoding: "utf-16le" });
    expect(decodeText(new Uint8Array([0x63, 0x61, 0x66, 0xe9]))).toEqual({ ok: true, text: "café", encoding: "windows-1252" });
    expect(decodeText(new Uint8Array([0x61, 0x00, 0x62]))).toEqual({ ok: false, reason: "binary file" });
  });

  it("turns an unreadable file into an unanalysed entry", async () => {
    const r = await loadSource({ path: "gone.js", absolute: path.join(root, "gone.js"), size: 0 });
    expect(r).toEqual({ ok: false, unanalysed: { file: "gone.js", reason: "unreadable (ENOENT)" } });
  });
});

describe("a Dynamics solution unpacked into a folder", () => {
  let solutions: string;
  beforeAll(() => {
    solutions = mkdtempSync(path.join(tmpdir(), "uplift-solution-folder-"));
    const w = (rel: string, content: string): void => {
      mkdirSync(path.dirname(path.join(solutions, rel)), { recursive: true });
      writeFileSync(path.join(solutions, rel), content);
    };
    const webResource = (name: string, type: number, fileName: string): string =>
      `<WebResource><Name>${name}</Name><WebResourceType>${type}</WebResourceType><FileName>${fileName}</FileName></WebResource>`;
    // An extracted export: customizations.xml lists each web resource by its file name.
    w("export/solution.xml", "<ImportExportXml/>");
    w(
      "export/customizations.xml",
      `<ImportExportXml><WebResources>${webResource("new_/account.js", 3, "/WebResources/new_accountjs1A2B")}${webResource("new_page", 1, "/WebResources/new_page3C4D")}</WebResources></ImportExportXml>`,
    );
    w("export/WebResources/new_accountjs1A2B", "Xrm.Page.getAttribute('name');\n");
    w("export/WebResources/new_page3C4D", "<html><script>parent.Xrm.Page.data.save();</script></html>\n");
    w("export/WebResources/new_unlisted", "x\n");
    // SolutionPackager: x.data.xml beside x, whose FileName is the export's name, not this file's.
    w("src/WebResources/new_form", "function onLoad(context) {}\n");
    w("src/WebResources/new_form.data.xml", `<?xml version="1.0"?>\n${webResource("new_form", 3, "/WebResources/new_form9F8E")}\n`);
  });
  afterAll(() => rmSync(solutions, { recursive: true, force: true }));

  it("reads its extensionless web resources as the solution types them", async () => {
    const d = await discover(solutions);
    const typed = Object.fromEntries(d.candidates.filter((c) => c.language).map((c) => [c.path, [c.language, c.logicalPath]]));
    expect(typed).toEqual({
      "export/WebResources/new_accountjs1A2B": ["javascript", "export/WebResources/new_/account.js"],
      "export/WebResources/new_page3C4D": ["html", "export/WebResources/new_page"],
      "src/WebResources/new_form": ["javascript", undefined],
    });
    expect(d.unanalysed).toContainEqual({ file: "export/WebResources/new_unlisted", reason: "no adapter for this file type" });
    // A description past the size limit is not read, as the scan would not read it.
    const limited = await discover(solutions, { maxFileBytes: 100 });
    expect(limited.candidates.filter((c) => c.language).map((c) => c.path)).toEqual([]);
    const page = d.candidates.find((c) => c.path === "export/WebResources/new_page3C4D")!;
    const loaded = await loadSource(page);
    expect(loaded.ok && loaded.file.language).toBe("html");
  });
});
