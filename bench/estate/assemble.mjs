import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PUBLIC_SOURCES } from "./sources.mjs";

function countFiles(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? countFiles(path.join(dir, e.name)) : 1;
  return n;
}

/**
 * The git directory holding `source.commit`: the local mirror when there is one, else a bare
 * repository under the system's temporary folder into which that one commit is fetched from
 * `UPLIFT_BENCH_GIT` (default https://github.com) and kept for the next run. Throws when neither
 * holds it (no mirror and no network).
 */
function gitDirOf(source, mirrors) {
  const mirror = path.join(mirrors, source.repo.replace("/", "+"), "repo");
  if (fs.existsSync(mirror)) return mirror;
  const kept = path.join(os.tmpdir(), "uplift-bench-sources", `${source.repo.replace("/", "+")}.git`);
  const has = () => {
    try {
      execFileSync("git", ["--git-dir", kept, "cat-file", "-e", `${source.commit}^{commit}`], { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  };
  if (fs.existsSync(kept) && has()) return kept;
  const base = process.env.UPLIFT_BENCH_GIT ?? "https://github.com";
  console.log(`  fetching ${source.repo} ${source.commit.slice(0, 7)} from ${base}`);
  fs.mkdirSync(kept, { recursive: true });
  execFileSync("git", ["init", "-q", "--bare", kept], { stdio: "ignore" });
  execFileSync("git", ["--git-dir", kept, "fetch", "-q", "--depth", "1", `${base}/${source.repo}.git`, source.commit], { stdio: "ignore" });
  return kept;
}

/**
 * Copies the fixture projects of every ERP into `into/fixtures`, then exports public
 * repositories at their commits beside them until about `target` files are there. Returns what
 * went in, and what could not (a repository neither mirrored nor fetched is named, not fatal).
 */
export function assembleEstate(repoRoot, into, { target = 10_000, mirrors = process.env.UPLIFT_MIRRORS ?? "/work/.mirror" } = {}) {
  fs.mkdirSync(into, { recursive: true });
  fs.cpSync(path.join(repoRoot, "fixtures"), path.join(into, "fixtures"), { recursive: true });
  let files = countFiles(into);
  const parts = [{ name: "fixtures (every ERP)", commit: "this repository", files }];
  const missing = [];
  for (const source of PUBLIC_SOURCES) {
    if (files >= target) break;
    const dest = path.join(into, source.repo.replace("/", "+"));
    try {
      const gitDir = gitDirOf(source, mirrors);
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
