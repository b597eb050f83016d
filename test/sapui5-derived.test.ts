import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderPack } from "../scripts/derive-ui5.mjs";
import { repoRoot } from "./helpers.js";

describe("the UI5 pack derived from @openui5/types", () => {
  it("is what the pinned package gives (regenerate with node scripts/derive-ui5.mjs)", () => {
    const { text, rules } = renderPack();
    expect(rules).toBeGreaterThan(600);
    expect(text).toBe(readFileSync(path.join(repoRoot, "rules/sapui5/1.136-2.0.openui5-types.yaml"), "utf8"));
  });

  it("records where each rule comes from and the release that deprecated it", () => {
    const { text } = renderPack();
    expect(text).toContain("symbol: sap/m/MessagePage");
    expect(text).toMatch(/id: sapui5\/2\.0\/openui5-sap-m-button-tap\n(?:.*\n){0,4}\s+since: "1\.20"/);
  });
});
