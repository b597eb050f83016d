import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const built = path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "code-cache.js");
const cacheHome = mkdtempSync(path.join(tmpdir(), "uplift-code-cache-"));
afterAll(() => rmSync(cacheHome, { recursive: true, force: true }));

/** Parses a line with Babel's parser required through the code cache, in a process of its own. */
function parseInChild(): { status: number | null; stdout: string; stderr: string } {
  const script = `import { requireWithCodeCache } from ${JSON.stringify(built)};
const babel = requireWithCodeCache("@babel/parser", ${JSON.stringify(built)});
process.stdout.write(babel.parse("var a = 1;").program.body[0].type);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    env: { ...process.env, XDG_CACHE_HOME: cacheHome },
    encoding: "utf8",
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entries = (): string[] => readdirSync(path.join(cacheHome, "uplift", "code")).filter((f) => f.endsWith(".bin"));

describe("the parser's code cache", () => {
  it("is kept by the first run and read by the next, which parses the same", () => {
    expect(parseInChild()).toEqual({ status: 0, stdout: "VariableDeclaration", stderr: "" });
    expect(entries()).toHaveLength(1);
    expect(parseInChild()).toEqual({ status: 0, stdout: "VariableDeclaration", stderr: "" });
  });

  it("never gives V8 an entry that does not verify: an altered one is ignored and written again", () => {
    const file = path.join(cacheHome, "uplift", "code", entries()[0]!);
    const altered = readFileSync(file);
    altered[altered.length - 1] ^= 0xff;
    writeFileSync(file, altered);
    expect(parseInChild()).toEqual({ status: 0, stdout: "VariableDeclaration", stderr: "" });
    expect(readFileSync(file).equals(altered)).toBe(false);
    writeFileSync(file, "short");
    expect(parseInChild()).toEqual({ status: 0, stdout: "VariableDeclaration", stderr: "" });
  });
});
