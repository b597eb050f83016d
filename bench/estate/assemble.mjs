import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { PUBLIC_SOURCES } from "./sources.mjs";

function countFiles(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

/**
 * Copies the fixture projects of every ERP into `into/fixtures`, then exports public
 * repositories at their commits beside them until about `target` files are there. Returns what
 * went in, and what could not (a mirror that is missing is named, not fatal).
 */
export function assembleEstate(repoRoot, into, { target = 10_000, mirrors = process.env.UPLIFT_MIRRORS ?? "/work/.mirror" } = {}) {
  fs.mkdirSync(into, { recursive: true });
  fs.cpSync(path.join(repoRoot, "fixtures"), path.join(into, "fixtures"), { recursive: true });
  let files = countFiles(into);
  const parts = [{ name: "fixtures (every ERP)", commit: "this repository", files }];
  const missing = [];
  for (const source of PUBLIC_SOURCES) {
    if (files >= target) break;
    const gitDir = path.join(mirrors, source.repo.replace("/", "+"), "repo");
    const dest = path.join(into, source.repo.replace("/", "+"));
    try {
      fs.mkdirSync(dest, { recursive: true });
      const tar = execFileSync("git", ["--git-dir", gitDir, "archive", source.commit], { maxBuffer: 1 << 30 });
      execFileSync("tar", ["-x", "-C", dest], { input: tar });
    } catch {
      fs.rmSync(dest, { recursive: true, force: true });
      missing.push(source.repo);
      continue;
    }
    const n = countFiles(dest);
    files += n;
    parts.push({ name: source.repo, commit: source.commit, erp: source.erp, files: n });
  }
  return { files, parts, missing };
}
