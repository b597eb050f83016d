import type { DeclarationReading, DeprecatedDeclaration } from "@uplift/core";
import { createRequire } from "node:module";
import { UsageError } from "./errors.js";
import { hopStops } from "./plan.js";
import type { Profile, Rule, RuleExample } from "./rule-types.js";

type YamlModule = typeof import("yaml");
let yamlModule: YamlModule | undefined;
/** yaml is required when packs are derived (`uplift rules derive`), not by every command that loads the engine. */
const yaml = (): YamlModule => (yamlModule ??= createRequire(import.meta.url)("yaml") as YamlModule);

export interface DeriveOptions {
  erp: string;
  profile: Profile;
  /** The declaration package as read now, and (for removals and changed signatures) an earlier version. */
  reading: DeclarationReading;
  previous?: DeclarationReading;
  /** Put every rule in this hop (`9.2-next`); otherwise the hop of the version each note names. */
  hop?: string;
  /** For notes that name no version, when `hop` is not given. */
  defaultHop?: string;
  /** A doubt to state on every rule: the rules are then deprecated/low, as uncertain rules must be. */
  doubt?: string;
  /** Where the package is published, cited by every rule. */
  reference: string;
  /** The command that writes the packs again, for the pack header. */
  command: string;
}

export interface DerivedPack {
  /** `9.2-next.types-xrm.yaml`. */
  fileName: string;
  text: string;
  rules: number;
}

/** What one rule is derived from: a deprecation, a removal or a changed signature. */
interface Item {
  symbol: string;
  from: "deprecated" | "removed" | "signature";
  note: string;
  links: string[];
  version: string | undefined;
  /** The type whose member it is, for the example (absent for globals and module exports). */
  owner: string | undefined;
  member: string;
  kind: DeprecatedDeclaration["kind"];
}

const EFFORT = "15m";

/**
 * Writes draft rule packs from a vendor declaration package: every `@deprecated` value-level
 * declaration (members, statics, globals, module exports; deprecated types alone change no running
 * code), and, given an earlier version, every member removed or whose signature changed. Each rule
 * records its provenance and matches the declared symbol, never a spelling.
 */
export function derivePacks(options: DeriveOptions): DerivedPack[] {
  const { reading, profile } = options;
  const items: Item[] = [];
  for (const d of reading.deprecated) {
    if (d.kind === "type") continue;
    items.push({ ...split(d.symbol, reading), from: "deprecated", note: d.text, links: d.links, version: d.version, kind: d.kind });
  }
  if (options.previous) {
    const before = options.previous.signatures;
    const after = reading.signatures;
    for (const symbol of Object.keys(before).sort()) {
      const now = after[symbol];
      const parts = split(symbol, reading);
      // A member can only be found where its owner type is still declared.
      if (parts.owner !== undefined && !reading.map.types[parts.owner]) continue;
      if (now === undefined) {
        items.push({
          ...parts,
          from: "removed",
          note: `Declared as \`${before[symbol]}\` in ${options.previous.map.version}; gone in ${reading.map.version}.`,
          links: [],
          version: reading.map.version,
          kind: "member",
        });
      } else if (now !== before[symbol]) {
        items.push({
          ...parts,
          from: "signature",
          note: `Was \`${before[symbol]}\` in ${options.previous.map.version}; \`${now}\` in ${reading.map.version}.`,
          links: [],
          version: reading.map.version,
          kind: "member",
        });
      }
    }
  }
  const byHop = new Map<string, Rule[]>();
  const slug = packageSlug(reading.map.package);
  const seen = new Set<string>();
  for (const item of items) {
    const hop = options.hop ?? hopOf(profile, item.version) ?? options.defaultHop;
    if (hop === undefined) {
      throw new UsageError(`${item.symbol}: its note names no version Uplift can place ("${item.note}"); pass --hop or --default-hop`);
    }
    const [, to] = hopParts(profile, hop);
    const example = examplesFor(item, reading);
    if (!example) continue;
    const id = `${options.erp}/${to}/${slug}-${symbolSlug(item.symbol)}${item.from === "deprecated" ? "" : `-${item.from}`}`;
    if (seen.has(id)) continue;
    seen.add(id);
    const list = byHop.get(hop) ?? [];
    list.push(ruleFor(item, id, example, options));
    byHop.set(hop, list);
  }
  const out: DerivedPack[] = [];
  for (const [hop, rules] of [...byHop].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [from, to] = hopParts(profile, hop);
    const derivedFrom: Record<string, string> = { package: reading.map.package, version: reading.map.version };
    if (options.previous) derivedFrom.previous = options.previous.map.version;
    const pack = {
      erp: options.erp,
      from,
      to,
      title: `${profile.name} ${from} → ${to}: derived from ${reading.map.package} ${reading.map.version}`,
      description: `Rules written by uplift rules derive from the declarations in ${reading.map.package} ${reading.map.version}${
        options.previous ? ` (compared with ${options.previous.map.version})` : ""
      }. A hand-written rule for the same symbol wins over these.`,
      notes: `Regenerate with: ${options.command}. Deprecated types (interfaces and aliases only TypeScript names) are left out: they change no running code; their members are here when they are deprecated themselves.`,
      derivedFrom,
      rules: rules.sort((a, b) => (a.id < b.id ? -1 : 1)),
    };
    const header = `# Written by \`uplift rules derive\` from ${reading.map.package} ${reading.map.version}; do not edit by hand.\n`;
    out.push({ fileName: `${from}-${to}.${slug}.yaml`, text: header + yaml().stringify(pack, { lineWidth: 0 }), rules: rules.length });
  }
  return out;
}

/** The declaration map as committed next to the packs: stable JSON, one line per global, module and type. */
export function renderDeclarationMap(reading: DeclarationReading): string {
  const { map } = reading;
  const block = (record: Record<string, unknown>): string => {
    const entries = Object.entries(record).map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return entries.length === 0 ? "{}" : `{\n${entries.join(",\n")}\n  }`;
  };
  return [
    "{",
    `  "package": ${JSON.stringify(map.package)},`,
    `  "version": ${JSON.stringify(map.version)},`,
    `  "globals": ${block(map.globals)},`,
    `  "modules": ${block(map.modules)},`,
    `  "types": ${block(map.types)}`,
    "}",
    "",
  ].join("\n");
}

function ruleFor(item: Item, id: string, examples: RuleExample[], options: DeriveOptions): Rule {
  const pkg = `${options.reading.map.package} ${options.reading.map.version}`;
  const what =
    item.from === "deprecated" ? "is marked deprecated" : item.from === "removed" ? "is no longer declared" : "has a new signature";
  const links = item.links.filter((l) => l !== item.symbol);
  const rule: Rule = {
    id,
    title: `${item.symbol} ${what} in ${options.reading.map.package}`,
    change: options.doubt ? "deprecated" : item.from === "deprecated" ? "deprecated" : item.from === "removed" ? "removed" : "signature",
    severity: options.doubt ? "low" : item.from === "removed" ? "high" : item.from === "signature" ? "medium" : "low",
    match: { any: [{ member: { symbol: item.symbol } }, { call: { symbol: item.symbol } }] },
    message: `\`${item.symbol}\` ${what} in the vendor's declarations (${pkg}).`,
    replacement:
      links.length > 0
        ? `Use ${links.join(" or ")} instead, as the declaration says.`
        : "Follow the declaration's note (below) and move to the API it points to.",
    effort: EFFORT,
    references: [options.reference],
    docs: `The declaration says: "${item.note || "(no text)"}"`,
    artefact: "script",
    derived: { package: options.reading.map.package, version: options.reading.map.version, symbol: item.symbol, from: item.from },
    examples,
  };
  if (options.doubt) rule.doubt = options.doubt;
  return rule;
}

/** A symbol's owner type and member name, by the longest declared type it starts with. */
function split(symbol: string, reading: DeclarationReading): { symbol: string; owner: string | undefined; member: string } {
  const dot = symbol.lastIndexOf(".");
  const owner = dot > 0 ? symbol.slice(0, dot) : undefined;
  const member = dot > 0 ? symbol.slice(dot + 1) : symbol;
  if (owner !== undefined && reading.map.types[owner]) return { symbol, owner, member };
  return { symbol, owner: undefined, member };
}

/**
 * One example that finds the symbol (a value typed by a JSDoc tag, the module imported, the
 * global read) and one that must not (the same code without the type: no name guessing).
 */
function examplesFor(item: Item, reading: DeclarationReading): RuleExample[] | undefined {
  const member = item.member;
  if (!/^[A-Za-z_$][\w$]*$/.test(member)) return undefined;
  if (item.owner !== undefined && reading.map.types[item.owner]) {
    if (item.kind === "static") {
      if (reading.map.modules[item.owner]) {
        return [
          {
            file: "src/example.js",
            code: `import Thing from "${item.owner}";\nexport const value = Thing.${member};\n`,
            expect: [{ line: 2, column: 22 }],
          },
          { file: "src/example.js", code: `import Thing from "./thing";\nexport const value = Thing.${member};\n`, expect: [] },
        ];
      }
      return [
        { file: "src/example.js", code: `var value = ${item.owner}.${member};\n`, expect: [{ line: 1, column: 13 }] },
        {
          file: "src/example.js",
          code: `function use(${item.owner.split(".")[0]}) {\n    return ${item.owner}.${member};\n}\n`,
          expect: [],
        },
      ];
    }
    // A type declared in a module is named in JSDoc through an import of it.
    const spec = moduleOf(item.owner, reading);
    if (spec !== undefined) {
      const imported =
        item.owner === spec ? `import Thing from "${spec}";` : `import { ${item.owner.slice(spec.length + 1)} as Thing } from "${spec}";`;
      if (!/^[\w.]*$/.test(item.owner.slice(spec.length + 1))) return undefined;
      return [
        {
          file: "src/example.js",
          code: `${imported}\n/** @param {Thing} value */\nexport function use(value) {\n    return value.${member};\n}\n`,
          expect: [{ line: 4, column: 12 }],
        },
        { file: "src/example.js", code: `${imported}\nexport function use(value) {\n    return value.${member};\n}\n`, expect: [] },
      ];
    }
    return [
      {
        file: "src/example.js",
        code: `/** @param {${item.owner}} value */\nfunction use(value) {\n    return value.${member};\n}\n`,
        expect: [{ line: 3, column: 12 }],
      },
      { file: "src/example.js", code: `function use(value) {\n    return value.${member};\n}\n`, expect: [] },
    ];
  }
  const spec = Object.keys(reading.map.modules).find((s) => item.symbol === s || item.symbol.startsWith(`${s}.`));
  if (spec !== undefined) {
    const name = item.symbol === spec ? undefined : item.symbol.slice(spec.length + 1);
    if (name === undefined) {
      return [
        {
          file: "src/example.js",
          code: `import Thing from "${spec}";\nexport const made = new Thing();\n`,
          expect: [{ line: 2, column: 21 }],
        },
        { file: "src/example.js", code: `import Thing from "./thing";\nexport const made = new Thing();\n`, expect: [] },
      ];
    }
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) return undefined;
    return [
      { file: "src/example.js", code: `import { ${name} } from "${spec}";\n`, expect: [{ line: 1, column: 10 }] },
      { file: "src/example.js", code: `import { ${name} } from "./local";\n`, expect: [] },
    ];
  }
  if (reading.map.globals[item.symbol]) {
    return [
      { file: "src/example.js", code: `var value = window.${item.symbol};\n`, expect: [{ line: 1, column: 13 }] },
      { file: "src/example.js", code: `function use(${item.symbol}) {\n    return ${item.symbol};\n}\n`, expect: [] },
    ];
  }
  return undefined;
}

/** The declared module a type name belongs to (`sap/m/Button`, `N/record` for `N/record.Record`). */
function moduleOf(name: string, reading: DeclarationReading): string | undefined {
  let best: string | undefined;
  for (const spec of Object.keys(reading.map.modules)) {
    if ((name === spec || name.startsWith(`${spec}.`)) && (best === undefined || spec.length > best.length)) best = spec;
  }
  return best;
}

/** The hop whose target is the first profile version at or after the one the note names. */
function hopOf(profile: Profile, version: string | undefined): string | undefined {
  if (version === undefined) return undefined;
  const n = (v: string): number[] => v.split(".").map((x) => Number.parseInt(x, 10) || 0);
  const cmp = (a: number[], b: number[]): number => {
    for (let i = 0; i < Math.max(a.length, b.length); i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) - (b[i] ?? 0);
    return 0;
  };
  const versions = hopStops(profile);
  for (let i = 1; i < versions.length; i++) {
    if (/^\d/.test(versions[i]!) && cmp(n(versions[i]!), n(version)) >= 0) return `${versions[i - 1]}-${versions[i]}`;
  }
  return undefined;
}

/** A hop's two ends; with milestones (UI5), hops go from one milestone to the next. */
function hopParts(profile: Profile, hop: string): [string, string] {
  const stops = hopStops(profile);
  for (let i = 1; i < stops.length; i++) {
    if (`${stops[i - 1]}-${stops[i]}` === hop) return [stops[i - 1]!, stops[i]!];
  }
  throw new UsageError(`--hop ${hop} is not a hop of ${profile.name} (${stops.join(", ")})`);
}

function packageSlug(name: string): string {
  return name
    .replace(/^@/, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase()
    .replace(/^-|-$/g, "");
}

function symbolSlug(symbol: string): string {
  return symbol
    .replace(/[^A-Za-z0-9]+/g, "-")
    .toLowerCase()
    .replace(/^-|-$/g, "");
}
