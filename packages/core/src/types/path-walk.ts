import type { Declarations, DeclaredMember, MemberHit } from "./declaration-map.js";
import type { TypeRef } from "./type-ref.js";

/** One step of a resolved path: a name, whether its value is called, and with how many arguments if known. */
export interface PathStep {
  name: string;
  call: boolean;
  arity?: number;
}

/** `a.b().c(2).d` → a, b(), c(2), d. Module specifiers are matched before splitting (see `walkKey`). */
export function parseSteps(path: string): PathStep[] {
  if (path === "") return [];
  const steps: PathStep[] = [];
  for (const part of path.split(".")) {
    const m = /^(.*?)\((\d*)\)$/.exec(part);
    if (m) steps.push(m[2] === "" ? { name: m[1]!, call: true } : { name: m[1]!, call: true, arity: Number(m[2]) });
    else steps.push({ name: part, call: false });
  }
  return steps;
}

/** What a value is, as far as the declarations say. */
export type WalkState =
  | { kind: "instance"; ref: TypeRef }
  | { kind: "class"; ref: TypeRef }
  | { kind: "module"; specifier: string; exports: Record<string, DeclaredMember> };

export interface Walked {
  /** The symbol of the last step (`Xrm.GlobalContext.getUserName`). */
  symbol: string | undefined;
  /** The last step's member, for callback parameter types. */
  hit: MemberHit | undefined;
  /** What the whole path evaluates to, when known. */
  state: WalkState | undefined;
}

/** Window-like receivers through which a page reaches the same globals (`parent.Xrm`, `top.Xrm`). */
const WINDOWS = new Set(["parent", "top", "opener", "frames"]);

/**
 * The declared symbol and type of a resolved path that starts at a global or a declared module:
 * `Xrm.Page.context.getUserName` → `Xrm.GlobalContext.getUserName`.
 */
export function walkKey(decl: Declarations, key: string): Walked | undefined {
  if (decl.empty) return undefined;
  const path = key.startsWith("new ") ? `${key.slice(4)}()` : key;
  if (!decl.hasModules && !startsAtGlobal(decl, path)) return undefined;
  const spec = decl.hasModules ? moduleAt(decl, path) : undefined;
  if (spec) {
    const exports = decl.module(spec)!;
    const rest = path.slice(spec.length).replace(/^\./, "");
    const start: WalkState = { kind: "module", specifier: spec, exports };
    if (rest === "") return { symbol: spec, hit: undefined, state: start };
    if (rest.startsWith("(")) return walkSteps(decl, start, parseSteps(`default${rest}`), spec);
    return walkSteps(decl, start, parseSteps(rest));
  }
  let steps = parseSteps(path);
  while (steps.length > 1 && WINDOWS.has(steps[0]!.name) && !steps[0]!.call && decl.global(steps[1]!.name)) steps = steps.slice(1);
  const first = steps[0];
  if (!first) return undefined;
  const global = decl.global(first.name);
  if (!global) return undefined;
  const state = stateOf(decl, global, first.call, undefined);
  if (steps.length === 1) return { symbol: first.name, hit: undefined, state };
  return walkSteps(decl, state, steps.slice(1));
}

/** Continues a walk from a known state (a typed parameter, a field) over the remaining steps. */
export function walkSteps(
  decl: Declarations,
  start: WalkState | undefined,
  steps: readonly PathStep[],
  defaultName?: string,
): Walked | undefined {
  let state = start;
  let symbol: string | undefined;
  let hit: MemberHit | undefined;
  for (const step of steps) {
    if (!state) return { symbol: undefined, hit: undefined, state: undefined };
    if (state.kind === "module" && state.exports[step.name] === undefined && state.exports.default) {
      // `import Thing from "m"; Thing.x`: the default export's member.
      state = stateOf(decl, state.exports.default, false, undefined);
      if (!state) return { symbol: undefined, hit: undefined, state: undefined };
    }
    if (state.kind === "module") {
      const member = state.exports[step.name];
      symbol = step.name === "default" && defaultName ? defaultName : `${state.specifier}.${step.name}`;
      hit = undefined;
      state = member ? stateOf(decl, member, step.call, undefined) : undefined;
      continue;
    }
    const found = decl.member(state.ref, step.name, state.kind === "class");
    if (!found) return { symbol: undefined, hit: undefined, state: undefined };
    symbol = found.symbol;
    hit = found;
    state = found.member ? stateOf(decl, found.member, step.call, found, state.ref) : undefined;
  }
  return { symbol, hit, state };
}

/** The value a member gives: its type, what calling it returns, or the class it is. */
function stateOf(
  decl: Declarations,
  member: DeclaredMember,
  called: boolean,
  hit: MemberHit | undefined,
  self?: TypeRef,
): WalkState | undefined {
  const bound = hit?.bound ?? new Map<string, TypeRef>();
  const owner = self ?? { name: "", args: [] };
  if (member.new) {
    const ref = decl.resolve(member.new, bound, owner);
    if (!ref) return undefined;
    return called ? { kind: "instance", ref } : { kind: "class", ref };
  }
  const ref = decl.resolve(called ? member.r : member.t, bound, owner);
  return ref ? { kind: "instance", ref } : undefined;
}

/** Whether the path's first name (after `parent.`, `top.`…) is a declared global: most keys are not. */
function startsAtGlobal(decl: Declarations, path: string): boolean {
  let rest = path;
  for (;;) {
    const m = /^([A-Za-z_$][\w$]*)(\.)?/.exec(rest);
    if (!m) return false;
    if (decl.global(m[1]!)) return true;
    if (!WINDOWS.has(m[1]!) || !m[2]) return false;
    rest = rest.slice(m[0].length);
  }
}

/** The longest declared module specifier that the path starts with. */
function moduleAt(decl: Declarations, path: string): string | undefined {
  let best: string | undefined;
  for (let i = 0; i <= path.length; i++) {
    if (i < path.length && path[i] !== "." && path[i] !== "(") continue;
    const candidate = path.slice(0, i);
    if (decl.module(candidate)) best = candidate;
  }
  return best;
}
