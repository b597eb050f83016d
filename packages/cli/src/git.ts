import { spawnSync } from "node:child_process";
import path from "node:path";
import { UsageError } from "@uplift/engine";

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.error) throw new UsageError("--changed-since needs git on the PATH");
  if (r.status !== 0) throw new UsageError(`--changed-since: git ${args.join(" ")} failed: ${r.stderr.trim().split("\n")[0] ?? ""}`);
  return r.stdout;
}

/**
 * The files changed on this branch since `ref` (from their merge base, including uncommitted and
 * new files), as POSIX paths relative to the scanned root.
 */
export function changedFiles(root: string, ref: string): Set<string> {
  const dir = path.resolve(root);
  const top = git(dir, ["rev-parse", "--show-toplevel"]).trim();
  const base = git(dir, ["merge-base", ref, "HEAD"]).trim();
  const listed = [
    ...git(top, ["diff", "--name-only", "--no-renames", base]).split("\n"),
    ...git(top, ["ls-files", "--others", "--exclude-standard"]).split("\n"),
  ].filter(Boolean);
  const out = new Set<string>();
  for (const file of listed) {
    const rel = path.relative(dir, path.join(top, file));
    if (!rel.startsWith("..")) out.add(rel.split(path.sep).join("/"));
  }
  return out;
}
