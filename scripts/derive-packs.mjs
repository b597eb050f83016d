// The rule packs Uplift derives from vendor declaration packages, and the arguments that write
// them. `node scripts/derive-packs.mjs` writes them again (after `npm run build`); `--check` only
// compares, as the drift test does. The declaration packages are pinned in package-lock.json.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const DERIVATIONS = [
  {
    package: "@types/xrm",
    args: [
      "--erp",
      "dynamics365",
      "--hop",
      "9.2-next",
      "--map",
      "rules/dynamics365/declarations/types-xrm.json",
      "--doubt",
      "Derived from @types/xrm, the community-maintained TypeScript declarations of the Client API; Microsoft's deprecation list is the authority, and a note here can be missing, late or wrong.",
    ],
  },
];

/** The CLI arguments for one derivation, run from the repository root. */
export function deriveArgs(d, extra = []) {
  return ["rules", "derive", d.package, ...d.args, ...extra];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const extra = process.argv.slice(2);
  let status = 0;
  for (const d of DERIVATIONS) {
    const r = spawnSync(process.execPath, [path.join(repo, "packages/cli/dist/bin.js"), ...deriveArgs(d, extra)], {
      cwd: repo,
      stdio: "inherit",
    });
    status = Math.max(status, r.status ?? 2);
  }
  process.exit(status);
}
