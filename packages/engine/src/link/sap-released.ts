import { readFileSync } from "node:fs";
import path from "node:path";

export interface ReleasedEntry {
  /** One letter per list version, oldest first: R released, D deprecated, N/S not to be released, - absent. */
  states: string;
  successors: string[];
}

/** SAP's released-object lists as Uplift ships them (rules/sap/released-objects.json). */
export interface ReleasedObjects {
  lists: Array<{ release: string; path: string }>;
  commit: string;
  find(name: string, types: readonly string[]): ReleasedEntry | undefined;
  /** The list to check a target release against: the newest at or before it, else the oldest. */
  listIndexFor(release: string): number;
  /** `2022-2023` when the object was released in the list before `index` and deprecated in it. */
  deprecatedSince(entry: ReleasedEntry, index: number): string | undefined;
}

interface Stored {
  provenance: { commit: string; lists: Array<{ release: string; path: string }> };
  objects: Record<string, Record<string, string>>;
}

const loaded = new Map<string, ReleasedObjects | undefined>();

/** The shipped lists, read once per rules folder; undefined when the folder has none. */
export function releasedObjects(rulesDir: string): ReleasedObjects | undefined {
  const file = path.join(rulesDir, "sap", "released-objects.json");
  if (loaded.has(file)) return loaded.get(file);
  let stored: Stored | undefined;
  try {
    stored = JSON.parse(readFileSync(file, "utf8")) as Stored;
  } catch {
    stored = undefined;
  }
  const data = stored ? wrap(stored) : undefined;
  loaded.set(file, data);
  return data;
}

function wrap(stored: Stored): ReleasedObjects {
  const lists = stored.provenance.lists;
  return {
    lists,
    commit: stored.provenance.commit,
    find(name, types) {
      for (const type of types) {
        const raw = stored.objects[type]?.[name];
        if (raw === undefined) continue;
        const space = raw.indexOf(" ");
        return space < 0 ? { states: raw, successors: [] } : { states: raw.slice(0, space), successors: raw.slice(space + 1).split(",") };
      }
      return undefined;
    },
    listIndexFor(release) {
      const target = Number(release);
      let best = 0;
      lists.forEach((l, i) => {
        if (!Number.isNaN(target) && Number(l.release) <= target) best = i;
      });
      return best;
    },
    deprecatedSince(entry, index) {
      if (index === 0 || entry.states[index] !== "D" || entry.states[index - 1] !== "R") return undefined;
      return `${lists[index - 1]!.release}-${lists[index]!.release}`;
    },
  };
}
