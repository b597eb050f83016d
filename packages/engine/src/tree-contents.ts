import { languageOf, type Candidate, type Language } from "@uplift/core";
import type { Catalogue } from "./catalogue.js";

/** Languages one adapter reads alike: a rule written against one of them reads the others too. */
const ADAPTER_FAMILIES: Language[][] = [
  ["javascript", "typescript"],
  ["json", "yaml"],
];

/** The languages an ERP's rules read: those of the files its rules' examples are written in, by adapter. */
function languagesOf(catalogue: Catalogue, erp: string): Set<Language> {
  const out = new Set<Language>();
  for (const pack of catalogue.packs.get(erp) ?? []) {
    for (const rule of pack.rules) {
      for (const example of rule.examples) {
        const language = languageOf(example.file);
        if (!language) continue;
        for (const l of ADAPTER_FAMILIES.find((f) => f.includes(language)) ?? [language]) out.add(l);
      }
    }
  }
  return out;
}

const cache = new WeakMap<Catalogue, Map<string, Set<Language>>>();

/** Whether an ERP's rules read a file of this kind (a bare web-resource tree is Dynamics 365's). */
export function readableBy(catalogue: Catalogue, erp: string, candidate: Candidate): boolean {
  let byErp = cache.get(catalogue);
  if (!byErp) cache.set(catalogue, (byErp = new Map()));
  let languages = byErp.get(erp);
  if (!languages) byErp.set(erp, (languages = languagesOf(catalogue, erp)));
  const language = candidate.language ?? languageOf(candidate.path.slice(candidate.path.lastIndexOf("!/") + 1));
  return language !== undefined && languages.has(language);
}

/** What a tree holds, in a few words, for a message that refuses --erp. */
export function describeTree(
  catalogue: Catalogue,
  erp: string,
  candidates: readonly Candidate[],
  foreign: ReadonlyArray<{ path: string; profile: { name: string }; marker: string }>,
): string {
  const name = catalogue.profiles.get(erp)?.name ?? erp;
  if (foreign.length > 0) {
    const byErp = new Map<string, string[]>();
    for (const p of foreign) byErp.set(p.profile.name, [...(byErp.get(p.profile.name) ?? []), p.marker]);
    const parts = [...byErp].map(([erpName, markers]) => {
      const shown = markers.slice(0, 3).join(", ") + (markers.length > 3 ? `, … ${markers.length - 3} more` : "");
      return markers.length === 1
        ? `${article(erpName)} ${erpName} project (${shown})`
        : `${markers.length} ${erpName} projects (${shown})`;
    });
    return `it holds ${parts.join(" and ")}; drop --erp ${erp}, or pass the ERP it is`;
  }
  if (candidates.length === 0) return "it holds no file Uplift reads";
  const kinds = [...new Set(candidates.map((c) => c.language ?? languageOf(c.path) ?? "other"))].sort();
  return `it holds ${candidates.length} file${candidates.length === 1 ? "" : "s"} (${kinds.join(", ")}) that ${name}'s rules do not read`;
}

function article(word: string): string {
  return /^[AEIOU]/i.test(word) ? "an" : "a";
}
