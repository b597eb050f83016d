import type { XmlStep } from "@uplift/core";

interface Predicate {
  attribute: string;
  value: string | undefined;
  /** `[contains(@expr,'/tree')]`: the attribute's value holds this text. */
  contains?: string;
}

interface PathStep {
  /** How this step relates to the previous one: a child or any descendant. */
  axis: "child" | "descendant";
  name: string;
  predicates: Predicate[];
}

export interface XmlPathPattern {
  anchored: boolean;
  steps: PathStep[];
  source: string;
}

/**
 * Compiles a small XPath-like pattern (`record[@model=ir.ui.view]//field[@name=arch]//*`). A
 * pattern without a leading `/` may start at any depth; it always ends at the element itself.
 */
export function compileXmlPath(source: string): XmlPathPattern | string {
  const steps: PathStep[] = [];
  let i = 0;
  let anchored = false;
  let axis: PathStep["axis"] = "descendant";
  if (source.startsWith("//")) i = 2;
  else if (source.startsWith("/")) {
    anchored = true;
    axis = "child";
    i = 1;
  }
  while (i < source.length) {
    const nameMatch = /^[^/[\]\s]+/.exec(source.slice(i));
    if (!nameMatch) return `expected an element name at column ${i + 1} of '${source}'`;
    const name = nameMatch[0];
    i += name.length;
    const predicates: Predicate[] = [];
    while (source[i] === "[") {
      const close = source.indexOf("]", i);
      if (close < 0) return `'[' is not closed in '${source}'`;
      const body = source.slice(i + 1, close).trim();
      const c = /^contains\(\s*@([^,\s]+)\s*,\s*(?:'([^']*)'|"([^"]*)")\s*\)$/.exec(body);
      if (c) {
        predicates.push({ attribute: c[1]!, value: undefined, contains: c[2] ?? c[3]! });
        i = close + 1;
        continue;
      }
      const m = /^@([^=\s]+)\s*(?:=\s*(?:'([^']*)'|"([^"]*)"|(.*)))?$/.exec(body);
      if (!m) return `predicate [${body}] is not of the form [@name], [@name=value] or [contains(@name,'text')] in '${source}'`;
      predicates.push({ attribute: m[1]!, value: m[2] ?? m[3] ?? m[4]?.trim() });
      i = close + 1;
    }
    steps.push({ axis, name, predicates });
    if (i >= source.length) break;
    if (source.startsWith("//", i)) {
      axis = "descendant";
      i += 2;
    } else if (source[i] === "/") {
      axis = "child";
      i += 1;
    } else return `unexpected '${source[i]}' at column ${i + 1} of '${source}'`;
    if (i >= source.length) return `'${source}' ends with a separator`;
  }
  if (steps.length === 0) return `empty XML path`;
  return { anchored, steps, source };
}

function stepMatches(step: PathStep, element: XmlStep): boolean {
  if (step.name !== "*" && step.name !== element.name) return false;
  for (const p of step.predicates) {
    const v = element.attributes[p.attribute];
    if (v === undefined) return false;
    if (p.value !== undefined && v !== p.value) return false;
    if (p.contains !== undefined && !v.includes(p.contains)) return false;
  }
  return true;
}

/** True when the path from the root down to the element itself fits the pattern. */
export function matchesXmlPath(pattern: XmlPathPattern, path: readonly XmlStep[]): boolean {
  const { steps } = pattern;
  const last = path.length - 1;
  const from = (si: number, pi: number): boolean => {
    const step = steps[si]!;
    if (!stepMatches(step, path[pi]!)) return false;
    if (si === steps.length - 1) return pi === last;
    const next = steps[si + 1]!;
    if (next.axis === "child") return pi + 1 <= last && from(si + 1, pi + 1);
    for (let pj = pi + 1; pj <= last; pj++) if (from(si + 1, pj)) return true;
    return false;
  };
  if (pattern.anchored) return path.length > 0 && from(0, 0);
  for (let pi = 0; pi <= last; pi++) if (from(0, pi)) return true;
  return false;
}
