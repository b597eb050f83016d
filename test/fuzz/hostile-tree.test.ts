import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { scanTree, validResult, type Scanned } from "./cases.js";
import { makeHostileTree, UNICODE_SPACES } from "./hostile-tree.mjs";

const dir = mkdtempSync(path.join(tmpdir(), "uplift-hostile-tree-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every regular file and special file under the tree, found without Uplift (links not followed). */
function everything(root: string): Array<{ path: Buffer; kind: "file" | "other" }> {
  const out: Array<{ path: Buffer; kind: "file" | "other" }> = [];
  const walk = (rel: Buffer): void => {
    for (const e of readdirSync(Buffer.concat([Buffer.from(root), Buffer.from("/"), rel]), { withFileTypes: true, encoding: "buffer" })) {
      const child = rel.length > 0 ? Buffer.concat([rel, Buffer.from("/"), e.name]) : e.name;
      if (e.isDirectory()) walk(child);
      else out.push({ path: child, kind: e.isFile() ? "file" : "other" });
    }
  };
  walk(Buffer.alloc(0));
  return out;
}

describe("the hostile tree", () => {
  makeHostileTree(dir);
  let scanned: Scanned;

  it("is scanned without a crash, within the JSON contract, the same twice", async () => {
    const first = await scanTree(dir);
    if (!first) throw new Error("no project found");
    scanned = first;
    expect(validResult(first.result), JSON.stringify(validResult.errors?.slice(0, 3))).toBe(true);
    expect((await scanTree(dir))?.json).toBe(first.json);
  });

  it("accounts for every file, whatever its name or kind", () => {
    const { result, analysed } = scanned;
    const listed = new Set(result.unanalysed.map((u) => u.file));
    const withFinding = new Set(result.findings.map((f) => f.file));
    const folders = result.unanalysed.filter((u) => u.reason.startsWith("folder")).map((u) => `${u.file}/`);
    const missing = everything(dir)
      .map((e) => ({ ...e, text: e.path.toString("utf8") }))
      .filter((e) => !e.text.includes("\uFFFD") && !folders.some((f) => e.text.startsWith(f)) && !e.text.endsWith(".gitignore"))
      .filter((e) => !analysed.has(e.text) && !listed.has(e.text) && !withFinding.has(e.text))
      // An archive is read through its members.
      .filter((e) => !(e.text.endsWith(".zip") && [...analysed, ...listed, ...withFinding].some((f) => f.startsWith(`${e.text}!/`))))
      .map((e) => e.text);
    expect(missing).toEqual([]);
    expect(result.unanalysed.filter((u) => /not valid UTF-8/.test(u.reason)).map((u) => u.file)).toEqual([
      "addons/xmlish/d%FF",
      "addons/xmlish/views/caf%E9.xml",
    ]);
  });

  it("reports broken XML as XML 1.0 does, and only that", () => {
    const parseErrors = new Set(scanned.result.findings.filter((f) => f.ruleId === "uplift/parse-error").map((f) => f.file));
    UNICODE_SPACES.forEach((space, i) => {
      // U+1680 and U+FEFF are name characters: `<\u1680x` is an element.
      const nameCharacter = space === "\u1680" || space === "\uFEFF";
      expect(parseErrors.has(`addons/xmlish/views/space${i}.xml`), `U+${space.codePointAt(0)!.toString(16)}`).toBe(!nameCharacter);
    });
    for (const file of ["controls", "late-nul", "refs", "comment", "after-root", "quotes", "deep"]) {
      expect(parseErrors.has(`addons/xmlish/views/${file}.xml`), file).toBe(true);
    }
    expect(parseErrors.has("addons/xmlish/views/feff-name.xml")).toBe(false);
    expect(parseErrors.has("dynamics/Hostile/WebResources/deep.html")).toBe(true);
  });

  it("stops the zip bomb, the lying member and the archive of too many members, and lists each", () => {
    const reasons = Object.fromEntries(scanned.result.unanalysed.map((u) => [u.file, u.reason]));
    expect(reasons["dynamics/Bomb_1_0.zip!/WebResources/honest"]).toMatch(/^expands past \d+ bytes/);
    expect(reasons["dynamics/Bomb_1_0.zip!/WebResources/liar.js"]).toBe("expands past its declared size (a zip bomb?); not read");
    expect(reasons["dynamics/Damaged_1_0.zip!/WebResources/x.js"]).toBe("damaged member (its checksum does not match); not read");
    expect(reasons["dynamics/Damaged_1_0.zip!/WebResources/e.js"]).toBe("encrypted member; not read");
    expect(reasons["dynamics/Cut_1_0.zip"]).toMatch(/^the archive is cut off/);
    expect(reasons["dynamics/loose/form.js"]).toMatch(/^not inside any project/);
    expect(reasons["addons/xmlish/static/src/pipe.js"]).toBe("named pipe, not read");
    expect(
      scanned.result.findings.filter((f) => f.file === "addons/xmlish/views/many.xml" && f.ruleId === "odoo/17.0/view-attrs-removed"),
    ).toHaveLength(101);
  });
});
