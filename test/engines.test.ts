import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

interface Lock {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
}

type Version = [number, number, number];

function parse(text: string): Version {
  const [a = 0, b = 0, c = 0] = text.replace(/^v/, "").split(".").map(Number);
  return [a, b, c];
}

function compare(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** Whether a version satisfies one comparator as npm writes them in `engines` (`>=18`, `^20.9.0`, `20`). */
function satisfiesOne(v: Version, comparator: string): boolean {
  const m = /^(>=|>|<=|<|\^|~|=)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(comparator.trim());
  if (!m) throw new Error(`an engines range this test does not read: ${comparator}`);
  const [, op = "", major, minor, patch] = m;
  const bound = parse(`${major}.${minor ?? 0}.${patch ?? 0}`);
  const c = compare(v, bound);
  switch (op) {
    case ">=":
      return c >= 0;
    case ">":
      return c > 0;
    case "<=":
      return c <= 0;
    case "<":
      return c < 0;
    case "^":
      return c >= 0 && v[0] === bound[0];
    case "~":
      return c >= 0 && v[0] === bound[0] && v[1] === bound[1];
    default:
      return minor === undefined ? v[0] === bound[0] : patch === undefined ? v[0] === bound[0] && v[1] === bound[1] : c === 0;
  }
}

/** A range is alternatives (`||`) of comparators that must all hold (`>= 12.0.0` keeps its space; `*` is any). */
function satisfies(v: Version, range: string): boolean {
  return range.split("||").some((alternative) => {
    if (/^\s*(\*|x|latest)?\s*$/i.test(alternative)) return true;
    const comparators = alternative.trim().match(/(?:>=|<=|>|<|\^|~|=)?\s*v?\d+(?:\.\d+){0,2}/g) ?? [];
    return comparators.length > 0 && comparators.every((c) => satisfiesOne(v, c));
  });
}

describe("the dependencies' declared engines", () => {
  const lock = JSON.parse(readFileSync(path.join(repoRoot, "package-lock.json"), "utf8")) as Lock;
  const root = lock.packages[""]!.engines as { node: string };
  // The oldest Node the project supports: `npm ci` on it must not warn EBADENGINE.
  const oldest = parse(/\d+(\.\d+){0,2}/.exec(root.node)![0]);

  it("all allow the oldest Node the project supports", () => {
    const refused = Object.entries(lock.packages)
      .filter(
        ([name, p]) => name !== "" && !Array.isArray(p.engines) && p.engines?.node !== undefined && !satisfies(oldest, p.engines.node),
      )
      .map(([name, p]) => `${name}@${p.version}: node ${(p.engines as { node: string }).node}`);
    expect(refused).toEqual([]);
  });

  it("are read as npm reads them", () => {
    expect(satisfies(parse("20.19.0"), ">=22.0.0")).toBe(false);
    expect(satisfies(parse("20.19.0"), "^20.19.0 || >=22.12.0")).toBe(true);
    expect(satisfies(parse("20.19.0"), "^18.18.0 || ^20.9.0 || >=21.1.0")).toBe(true);
    expect(satisfies(parse("20.19.0"), "18 || 20 || >=22")).toBe(true);
    expect(satisfies(parse("20.19.0"), ">= 12.0.0")).toBe(true);
    expect(satisfies(parse("20.19.0"), "^20.19.0 || ^22.13.0 || >=24")).toBe(true);
    expect(satisfies(parse("20.18.0"), "^20.19.0 || >=22.12.0")).toBe(false);
    expect(satisfies(parse("20.19.0"), "*")).toBe(true);
  });
});
