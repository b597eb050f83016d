// Writes rules/sap/released-objects.json from a local checkout of SAP/abap-atc-cr-cv-s4hc
// (Apache-2.0): for each object that ABAP code can use, its state in each list version and its
// successors. Names, states and successors only; nothing else of the lists is kept.
//
//   node scripts/generate-sap-released-objects.mjs <checkout> [--check]
//
// --check compares with the committed file instead of writing it (the drift test uses it).
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, "rules/sap/released-objects.json");
export const REPOSITORY = "https://github.com/SAP/abap-atc-cr-cv-s4hc";
/** The list versions, oldest first: an S/4HANA release and the file of its last feature pack. */
export const LISTS = [
  { release: "2022", path: "src/archive/objectReleaseInfo_PCE2022_2.csv" },
  { release: "2023", path: "src/archive/objectReleaseInfo_PCELatest.csv" },
];
/**
 * Object types that ABAP code names: tables, types, classes, interfaces, function modules, CDS
 * views, and behaviour definitions (a BO extension names SAP's interface BDEF, whose state the
 * lists give apart from its entity's).
 */
const TYPES = new Map([
  ["BDEF", "BDEF"],
  ["TABL", "TABL"],
  ["DTEL", "DTEL"],
  ["TTYP", "TTYP"],
  ["CLAS", "CLAS"],
  ["INTF", "INTF"],
  ["FUNC", "FUNC"],
  ["CDS_STOB", "DDLS"],
  ["VIEW", "VIEW"],
]);
const STATES = { RELEASED: "R", DEPRECATED: "D", NOT_TO_BE_RELEASED: "N", NOT_TO_BE_RELEASED_STABLE: "S" };

function parseCsv(text) {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const sep = lines[0].includes(";") ? ";" : ",";
  const header = lines[0].split(sep);
  const at = (name, from = 0) => header.indexOf(name, from);
  const type = at("object_type");
  const key = at("object_key");
  const state = at("state");
  // Successor columns come after the state: the last object_key (or successor_object_name).
  const succ =
    header.lastIndexOf("successor_object_name") >= 0 ? header.lastIndexOf("successor_object_name") : header.lastIndexOf("object_key");
  return lines.slice(1).map((l) => {
    const cells = l.split(sep);
    return { type: cells[type], key: cells[key], state: cells[state], successor: succ > key ? cells[succ] : undefined };
  });
}

export function generate(checkout) {
  const git = (...args) => execFileSync("git", args, { cwd: checkout, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const commit = git("rev-parse", "HEAD").trim();
  const objects = {};
  LISTS.forEach((list, i) => {
    for (const row of parseCsv(git("show", `HEAD:${list.path}`))) {
      const type = TYPES.get(row.type);
      const state = STATES[row.state];
      if (!type || !state || !row.key) continue;
      const byType = (objects[type] ??= {});
      const entry = (byType[row.key] ??= { states: "-".repeat(LISTS.length).split(""), successors: new Set() });
      entry.states[i] = state;
      if (row.successor && i === LISTS.length - 1) entry.successors.add(row.successor);
    }
  });
  const out = {
    provenance: {
      repository: REPOSITORY,
      commit,
      license: "Apache-2.0 (SAP SE); names, states and successors only",
      lists: LISTS,
      states:
        "one letter per list version, oldest first: R released, D deprecated, N not to be released, S not to be released (stable), - absent",
    },
    objects: Object.fromEntries(
      Object.keys(objects)
        .sort()
        .map((type) => [
          type,
          Object.fromEntries(
            Object.keys(objects[type])
              .sort()
              .map((name) => {
                const e = objects[type][name];
                const succ = [...e.successors].sort().join(",");
                return [name, succ ? `${e.states.join("")} ${succ}` : e.states.join("")];
              }),
          ),
        ]),
    ),
  };
  return `${JSON.stringify(out, null, 0).replace(/\},"/g, '},\n"')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const checkout = process.argv[2];
  if (!checkout) {
    console.error("usage: node scripts/generate-sap-released-objects.mjs <checkout of SAP/abap-atc-cr-cv-s4hc> [--check]");
    process.exit(2);
  }
  const text = generate(checkout);
  if (process.argv.includes("--check")) {
    const same = readFileSync(target, "utf8") === text;
    console.log(same ? "released-objects.json is up to date" : "released-objects.json differs from the checkout");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(process.cwd(), target)} (${text.length} bytes)`);
}
