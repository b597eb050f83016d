import type { Artefact, Finding, ScanResult } from "@uplift/engine";

/**
 * A subject is one thing a tester opens: a screen (a form, a view and the extensions of it, a
 * ribbon), another artefact (a scheduled action, a template), or the file itself where nothing
 * links to the code. The checklist has one item per subject, the impact tables one row, and the
 * readiness score counts each once: that is how their numbers agree.
 */
export interface SubjectRef {
  key: string;
  kind: "artefact" | "file";
  /** `screen` for a screen several artefacts share, else the artefact's type, or `file`. */
  type: string;
  name: string;
  record?: string;
  /** The artefacts behind it ("view sale_x.view_order_form_ext"), for the tester's preconditions. */
  via: string[];
}

/** The name people know a file by: an exported web resource's own name rather than its GUID-like file name. */
export function displayName(result: Pick<ScanResult, "fileNames">, file: string): string {
  return result.fileNames?.[file] ?? file;
}

/** Whether an artefact is the finding's file itself (a script, a web resource), which counts once, as the file. */
export function isTheFile(result: Pick<ScanResult, "fileNames">, f: Finding, a: Artefact): boolean {
  if (a.screen) return false;
  const name = a.name.replace(/^\/+/, "");
  return f.file === name || f.file.endsWith(`/${name}`) || displayName(result, f.file).endsWith(`/${name}`);
}

export function fileSubject(result: Pick<ScanResult, "fileNames">, file: string): SubjectRef {
  return { key: `f\0${file}`, kind: "file", type: "file", name: displayName(result, file), via: [] };
}

/** Subjects are asked for many times per finding (checklist, impact, readiness, plan): kept per finding object. */
const cache = new WeakMap<Finding, SubjectRef[]>();
/** Most findings reach no artefact: their subject is their file, made once per file. */
const fileCache = new WeakMap<object, Map<string, SubjectRef[]>>();

/** The subjects a finding reaches, each once. */
export function subjectsOf(result: Pick<ScanResult, "fileNames">, f: Finding): SubjectRef[] {
  const known = cache.get(f);
  if (known) return known;
  let found: SubjectRef[];
  if (f.impact.artefacts.length === 0) {
    let files = fileCache.get(result);
    if (!files) fileCache.set(result, (files = new Map()));
    found = files.get(f.file) ?? [fileSubject(result, f.file)];
    files.set(f.file, found);
  } else found = computeSubjects(result, f);
  cache.set(f, found);
  return found;
}

function computeSubjects(result: Pick<ScanResult, "fileNames">, f: Finding): SubjectRef[] {
  const out = new Map<string, SubjectRef>();
  for (const a of f.impact.artefacts) {
    if (isTheFile(result, f, a)) {
      const s = fileSubject(result, f.file);
      if (!out.has(s.key)) out.set(s.key, s);
      continue;
    }
    const name = a.screen ?? a.name;
    const key = `a\0${f.project}\0${name}\0${a.record ?? ""}`;
    const existing = out.get(key);
    const via = a.screen ? [`${a.type} ${a.name}`] : [];
    if (existing) {
      for (const v of via) if (!existing.via.includes(v)) existing.via.push(v);
      continue;
    }
    out.set(key, { key, kind: "artefact", type: a.screen ? "screen" : a.type, name, ...(a.record ? { record: a.record } : {}), via });
  }
  if (out.size === 0) {
    const s = fileSubject(result, f.file);
    out.set(s.key, s);
  }
  return [...out.values()];
}

/** "the screen Account — Account form (account)", "the scheduled action x.cron", "everything that uses a.js". */
export function subjectLabel(s: Pick<SubjectRef, "kind" | "type" | "name" | "record">): string {
  if (s.kind === "file") return s.name;
  return `the ${s.type} ${s.name}${s.record ? ` (${s.record})` : ""}`;
}
