// What the generators of derived name lists share: their arguments and reading a pinned source
// file from the local checkout they are pointed at.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** `--sources <dir>` (required), `--out <path>` and `--check`. */
export function parseArgs(argv, defaultOut) {
  const opts = { check: false, out: defaultOut };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--check") opts.check = true;
    else if (argv[i] === "--sources") opts.sources = argv[++i];
    else if (argv[i] === "--out") opts.out = argv[++i];
    else throw new Error(`unexpected argument ${argv[i]}`);
  }
  if (!opts.sources) throw new Error("--sources <dir> is required");
  return opts;
}

/** A source file's text at its pinned commit (git checkout) or as it lies in the folder. */
export function readSource(dir, source) {
  const repo = path.join(dir, source.repository);
  if (fs.existsSync(path.join(repo, ".git"))) {
    return execFileSync("git", ["-C", repo, "show", `${source.commit}:${source.path}`], { encoding: "utf8", maxBuffer: 1 << 28 });
  }
  return fs.readFileSync(path.join(repo, source.path), "utf8");
}
