/**
 * Globs matched without regular expressions, so that no pattern (a config's, a rule pack's, a
 * .gitignore's) can make matching backtrack: `*`, `?`, `[…]` classes, `**` segments and `{a,b}`
 * alternatives. Matching a path costs at most the product of the pattern's and the path's lengths.
 * Extended globs (`@(…)`, `+(…)`, `!(…)`, `*(…)`, `?(…)`) are refused, not guessed at.
 */
export class GlobError extends Error {}

type Token =
  | { type: "char"; char: string }
  | { type: "one" }
  | { type: "star" }
  | { type: "class"; negated: boolean; ranges: Array<[number, number]> };

/** One path segment of a pattern: `**`, or a sequence of tokens. */
type Segment = "**" | Token[];

export interface GlobOptions {
  /** A pattern without a slash matches the last segment of a path at any depth (`*.js`). */
  basename?: boolean;
}

/** Alternatives a pattern's braces may expand to before it is refused. */
const MAX_ALTERNATIVES = 256;

/** Compiles a glob; throws GlobError with a sentence a user can act on. */
export function compileGlob(pattern: string, options: GlobOptions = {}): (path: string) => boolean {
  const alternatives = expandBraces(pattern.startsWith("./") ? pattern.slice(2) : pattern);
  const compiled = alternatives.map((alt) => {
    const segments = splitSegments(alt).map(parseSegment);
    return options.basename && !alt.includes("/") ? ["**" as const, ...segments] : segments;
  });
  // A name at any depth (`*.pyc`, `__pycache__`): only the path's last segment can match.
  if (compiled.every((s) => s.length === 2 && s[0] === "**" && s[1] !== "**")) {
    const names = compiled.map((s) => nameMatcher(s[1] as Token[]));
    return (path) => {
      const name = path.slice(path.lastIndexOf("/") + 1);
      return names.some((m) => m(name));
    };
  }
  // Whole segments without wildcards (`static`, `lib` in `**/static/lib/**`) must each be one of
  // the path's: a path lacking one is refused before any matching.
  const literals = compiled.map((segments) =>
    segments.flatMap((s) => (s !== "**" && s.length > 0 && s.every((t) => t.type === "char") ? [s.map((t) => t.char).join("")] : [])),
  );
  return (path) => {
    let parts: string[] | undefined;
    return compiled.some(
      (segments, i) => literals[i]!.every((l) => hasSegment(path, l)) && matchSegments(segments, (parts ??= path.split("/"))),
    );
  };
}

/** Whether one of the path's segments is `segment`, without building a string per path. */
function hasSegment(path: string, segment: string): boolean {
  for (let at = path.indexOf(segment); at >= 0; at = path.indexOf(segment, at + 1)) {
    const end = at + segment.length;
    if ((at === 0 || path.charCodeAt(at - 1) === 47) && (end === path.length || path.charCodeAt(end) === 47)) return true;
  }
  return false;
}

/** One segment's tokens as a test of a name: literal, `*suffix` and `prefix*` without walking the tokens. */
function nameMatcher(tokens: readonly Token[]): (name: string) => boolean {
  const literal = (list: readonly Token[]): string | undefined =>
    list.every((t) => t.type === "char") ? list.map((t) => (t as { char: string }).char).join("") : undefined;
  const whole = literal(tokens);
  if (whole !== undefined) return (name) => name === whole;
  const star = tokens.findIndex((t) => t.type === "star");
  if (star === 0 && tokens.length > 1) {
    const suffix = literal(tokens.slice(1));
    if (suffix !== undefined) return (name) => name.endsWith(suffix);
  }
  if (star === tokens.length - 1 && star > 0) {
    const prefix = literal(tokens.slice(0, -1));
    if (prefix !== undefined) return (name) => name.startsWith(prefix);
  }
  return (name) => matchTokens(tokens, name);
}

/** Several globs, any of which may match. */
export function compileGlobs(patterns: readonly string[], options: GlobOptions = {}): (path: string) => boolean {
  const matchers = patterns.map((p) => compileGlob(p, { basename: options.basename ?? !p.includes("/") }));
  return (path) => matchers.some((m) => m(path));
}

/** The problem with a glob, or undefined when it compiles. */
export function globProblem(pattern: string): string | undefined {
  try {
    compileGlob(pattern);
    return undefined;
  } catch (error) {
    if (error instanceof GlobError) return error.message;
    throw error;
  }
}

function splitSegments(pattern: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\" && i + 1 < pattern.length) {
      current += c + pattern[++i];
    } else if (c === "/") {
      out.push(current);
      current = "";
    } else current += c;
  }
  out.push(current);
  // `a//b` is `a/b`; a trailing slash names a folder, whose contents the caller matches.
  return out.filter((s, i) => s !== "" || i === 0);
}

function parseSegment(segment: string): Segment {
  if (segment === "**") return "**";
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if ("@+!*?".includes(c) && segment[i + 1] === "(") {
      throw new GlobError(`extended glob ${c}(…) is not supported; list the alternatives with {a,b} or write several globs`);
    }
    if (c === "\\") {
      const next = segment[++i];
      if (next !== undefined) tokens.push({ type: "char", char: next });
    } else if (c === "*") {
      if (tokens[tokens.length - 1]?.type !== "star") tokens.push({ type: "star" });
    } else if (c === "?") tokens.push({ type: "one" });
    else if (c === "[") {
      const parsed = parseClass(segment, i);
      if (parsed) {
        tokens.push(parsed.token);
        i = parsed.end;
      } else tokens.push({ type: "char", char: c });
    } else tokens.push({ type: "char", char: c });
  }
  return tokens;
}

function parseClass(segment: string, open: number): { token: Token; end: number } | undefined {
  let i = open + 1;
  const negated = segment[i] === "!" || segment[i] === "^";
  if (negated) i++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  for (; i < segment.length; i++) {
    let c = segment[i]!;
    if (c === "]" && !first) return { token: { type: "class", negated, ranges }, end: i };
    first = false;
    if (c === "\\" && i + 1 < segment.length) c = segment[++i]!;
    const low = c.codePointAt(0)!;
    if (segment[i + 1] === "-" && segment[i + 2] !== undefined && segment[i + 2] !== "]") {
      let high = segment[i + 2]!;
      i += 2;
      if (high === "\\" && i + 1 < segment.length) high = segment[++i]!;
      ranges.push([low, high.codePointAt(0)!]);
    } else ranges.push([low, low]);
  }
  return undefined;
}

/** `{a,b}c` → `ac`, `bc`, nested braces too; a brace without a comma is literal. */
function expandBraces(pattern: string): string[] {
  const open = findBrace(pattern);
  if (!open) return [pattern];
  const { start, end, options } = open;
  const out: string[] = [];
  for (const option of options) {
    for (const expanded of expandBraces(pattern.slice(0, start) + option + pattern.slice(end + 1))) {
      out.push(expanded);
      if (out.length > MAX_ALTERNATIVES) throw new GlobError(`braces expand to more than ${MAX_ALTERNATIVES} alternatives; write fewer`);
    }
  }
  return out;
}

function findBrace(pattern: string): { start: number; end: number; options: string[] } | undefined {
  for (let start = 0; start < pattern.length; start++) {
    if (pattern[start] === "\\") {
      start++;
      continue;
    }
    if (pattern[start] !== "{") continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = start; i < pattern.length; i++) {
      const c = pattern[i];
      if (c === "\\") i++;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        if (commas.length === 0) break;
        const bounds = [start, ...commas, i];
        return { start, end: i, options: bounds.slice(0, -1).map((b, k) => pattern.slice(b + 1, bounds[k + 1])) };
      } else if (c === "," && depth === 1) commas.push(i);
    }
  }
  return undefined;
}

/** Pattern segments against path segments; `**` takes any number of whole segments. */
function matchSegments(segments: readonly Segment[], parts: readonly string[]): boolean {
  // reachable[j]: the pattern so far can have consumed exactly the first j path segments.
  let reachable = new Uint8Array(parts.length + 1);
  reachable[0] = 1;
  for (const segment of segments) {
    const next = new Uint8Array(parts.length + 1);
    let any = false;
    for (let j = 0; j <= parts.length; j++) {
      if (!reachable[j]) continue;
      if (segment === "**") {
        // Like git and picomatch, `**` does not step into `.` or `..` names on its own: none occur here.
        for (let k = j; k <= parts.length; k++) next[k] = 1;
        any = true;
        break;
      }
      if (j < parts.length && matchTokens(segment, parts[j]!)) {
        next[j + 1] = 1;
        any = true;
      }
    }
    if (!any) return false;
    reachable = next;
  }
  return reachable[parts.length] === 1;
}

/** The classic wildcard match with one backtracking point: linear for one `*`, O(n·m) at worst. */
function matchTokens(tokens: readonly Token[], text: string): boolean {
  const chars = [...text];
  let t = 0;
  let c = 0;
  let starAt = -1;
  let starChar = 0;
  while (c < chars.length) {
    const token = tokens[t];
    if (token && token.type !== "star" && accepts(token, chars[c]!)) {
      t++;
      c++;
    } else if (token?.type === "star") {
      starAt = t++;
      starChar = c;
    } else if (starAt >= 0) {
      t = starAt + 1;
      c = ++starChar;
    } else return false;
  }
  while (tokens[t]?.type === "star") t++;
  return t === tokens.length;
}

function accepts(token: Token, char: string): boolean {
  switch (token.type) {
    case "char":
      return token.char === char;
    case "one":
      return true;
    case "class": {
      const code = char.codePointAt(0)!;
      const inside = token.ranges.some(([low, high]) => code >= low && code <= high);
      return inside !== token.negated;
    }
    case "star":
      return false;
  }
}
