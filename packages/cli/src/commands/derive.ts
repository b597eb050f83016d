import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { readDeclarationPackage, type DeclarationReading } from "@uplift/core";
import { derivePacks, renderDeclarationMap, UsageError, type Catalogue } from "@uplift/engine";

export interface DeriveFlags {
  erp: string;
  hop?: string;
  defaultHop?: string;
  previous?: string;
  doubt?: string;
  outDir?: string;
  map?: string;
  check?: boolean;
  rules?: string;
}

/** A declaration package given as a folder, or by name as installed where Uplift is run. */
function packageDir(given: string): string {
  if (existsSync(path.join(given, "package.json"))) return given;
  try {
    const require = createRequire(path.join(process.cwd(), "noop.js"));
    return path.dirname(require.resolve(`${given}/package.json`));
  } catch {
    throw new UsageError(`${given}: neither a folder with package.json nor an installed package`);
  }
}

async function read(given: string): Promise<DeclarationReading> {
  try {
    return await readDeclarationPackage(packageDir(given));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`${given}: ${(error as Error).message.split("\n")[0]}`);
  }
}

/** `uplift rules derive`: writes (or, with --check, compares) the derived packs and the declaration map. */
export async function deriveCommand(pkg: string, flags: DeriveFlags, catalogue: Catalogue): Promise<number> {
  const profile = catalogue.profiles.get(flags.erp);
  if (!profile) throw new UsageError(`--erp ${flags.erp} is not known`);
  const reading = await read(pkg);
  const previous = flags.previous ? await read(flags.previous) : undefined;
  const command = [
    "uplift rules derive",
    pkg,
    `--erp ${flags.erp}`,
    flags.hop ? `--hop ${flags.hop}` : "",
    flags.defaultHop ? `--default-hop ${flags.defaultHop}` : "",
    flags.previous ? `--previous ${flags.previous}` : "",
    flags.doubt ? "--doubt …" : "",
    flags.map ? `--map ${flags.map}` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const packs = derivePacks({
    erp: flags.erp,
    profile,
    reading,
    ...(previous ? { previous } : {}),
    ...(flags.hop ? { hop: flags.hop } : {}),
    ...(flags.defaultHop ? { defaultHop: flags.defaultHop } : {}),
    ...(flags.doubt ? { doubt: flags.doubt } : {}),
    reference: `https://www.npmjs.com/package/${reading.map.package}/v/${reading.map.version}`,
    command,
  });
  const outDir = flags.outDir ?? path.join(catalogue.rulesDir, flags.erp);
  const files: Array<[string, string]> = packs.map((p) => [path.join(outDir, p.fileName), p.text]);
  if (flags.map) files.push([flags.map, renderDeclarationMap(reading)]);
  let differ = 0;
  for (const [file, text] of files) {
    const display = path.relative(process.cwd(), file).split(path.sep).join("/") || file;
    if (flags.check) {
      const current = existsSync(file) ? readFileSync(file, "utf8") : undefined;
      if (current !== text) {
        differ++;
        process.stdout.write(`${display}: differs from what ${reading.map.package} ${reading.map.version} gives\n`);
      }
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    const pack = packs.find((p) => path.join(outDir, p.fileName) === file);
    process.stdout.write(`${display}: ${pack ? `${pack.rules} rules` : "declaration map"}\n`);
  }
  if (flags.check) process.stdout.write(differ === 0 ? `${files.length} files match ${reading.map.package} ${reading.map.version}\n` : "");
  return differ === 0 ? 0 : 1;
}
