import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Ajv as AjvClass, ErrorObject, ValidateFunction } from "ajv";
import type { YamlSource } from "./yaml-source.js";

const compiled = new Map<string, ValidateFunction>();

/** Ajv is loaded on first use: a scan whose packs are kept validated never needs it. */
const loadAjv = (): typeof AjvClass => (createRequire(import.meta.url)("ajv") as { Ajv: typeof AjvClass }).Ajv;

export function schemaValidator(schemaFile: string): ValidateFunction {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const Ajv = loadAjv();
    const ajv = new Ajv({ allErrors: true, strict: false });
    validate = ajv.compile(JSON.parse(readFileSync(schemaFile, "utf8")) as object);
    compiled.set(schemaFile, validate);
  }
  return validate;
}

export interface SchemaProblem {
  line: number | undefined;
  message: string;
}

/** The one schema error worth showing: the deepest, which is the most specific. */
export function firstSchemaProblem(errors: readonly ErrorObject[], source: YamlSource): SchemaProblem {
  const specific = errors.filter((e) => e.keyword !== "oneOf" && e.keyword !== "if");
  const pool = specific.length > 0 ? specific : errors;
  const depth = (e: ErrorObject): number => e.instancePath.split("/").length + (e.keyword === "additionalProperties" ? 1 : 0);
  const best = [...pool].sort((a, b) => depth(b) - depth(a))[0]!;
  const segments = best.instancePath.split("/").slice(1).map(unescapePointer);
  const params = best.params as Record<string, unknown>;
  let message = best.message ?? "is invalid";
  let at = segments;
  if (best.keyword === "enum") message = `must be one of ${(params.allowedValues as unknown[]).join(", ")}`;
  if (best.keyword === "additionalProperties") {
    at = [...segments, String(params.additionalProperty)];
    message = `unknown field '${String(params.additionalProperty)}'`;
    return { line: source.lineOf(at), message: `${fieldName(segments)}${fieldName(segments) ? ": " : ""}${message}` };
  }
  if (best.keyword === "required") message = `missing required field '${String(params.missingProperty)}'`;
  const name = fieldName(at);
  return { line: source.lineOf(at), message: name ? `${name} ${message}` : message };
}

function unescapePointer(s: string): string {
  return s.replace(/~1/g, "/").replace(/~0/g, "~");
}

/** rules/3/match/call → rules[3].match.call */
export function fieldName(path: readonly string[]): string {
  return path.map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`)).join("");
}
