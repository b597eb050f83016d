import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module script of the bench, without types
import { measure } from "../bench/sap-conversion.mjs";
// @ts-expect-error: a plain ES module script of the bench, without types
import { measureFixes } from "../bench/sap-fixes.mjs";

interface Count {
  places: number;
  reached: number;
  quickFixPlaces: number;
  quickFixReached: number;
  findings: number;
  atPlace: number;
  missed: string[];
  off: string[];
}

/**
 * ECC programs and the same programs converted as SAP's quick fixes and notes convert them
 * (bench/sap-conversion): Uplift must point at the places the conversion changes, and its findings
 * of medium severity or worse must stand at such places, better than a text search for the
 * removed table names.
 */
describe("ECC programs and their S/4HANA conversion", () => {
  const m = measure() as { problems: string[]; uplift: Count; upliftAll: Count; text: Count };

  it("has a reason (quick-fix shape or SAP note) for every changed place", () => {
    expect(m.problems).toEqual([]);
    expect(m.uplift.quickFixPlaces).toBeGreaterThanOrEqual(15);
  });

  it("points at 95% of the places SAP's quick fixes change, and 90% of all changed places", () => {
    expect(m.uplift.quickFixReached / m.uplift.quickFixPlaces).toBeGreaterThanOrEqual(0.95);
    expect(m.uplift.reached / m.uplift.places).toBeGreaterThanOrEqual(0.9);
  });

  it("has 90% of its findings of medium severity or worse at changed places", () => {
    expect(m.uplift.atPlace / m.uplift.findings).toBeGreaterThanOrEqual(0.9);
    expect(m.uplift.off).toEqual([]);
  });

  it("is more precise than a text search for the removed table names, which hits declarations, comments and texts", () => {
    expect(m.text.atPlace / m.text.findings).toBeLessThan(0.5);
    expect(m.uplift.reached).toBeGreaterThan(m.text.reached);
  });
});

interface FixMeasure {
  fixable: number;
  quickFixPlaces: number;
  quickFixPlacesFixed: number;
  parseErrors: number;
  rows: Array<{ file: string; line: number; verdict: string }>;
}

describe("the automatic fixes on the same programs", () => {
  const m = measureFixes() as FixMeasure;

  it("rewrites each place as the conversion did, or as SAP's other quick fix for that place does; never otherwise", () => {
    expect(m.rows.filter((r) => r.verdict === "wrong")).toEqual([]);
    expect(m.rows.filter((r) => r.verdict === "same").length).toBeGreaterThanOrEqual(5);
    expect(m.parseErrors).toBe(0);
  });

  it("fixes most places SAP's quick fixes change", () => {
    expect(m.quickFixPlacesFixed / m.quickFixPlaces).toBeGreaterThanOrEqual(0.7);
  });
});
