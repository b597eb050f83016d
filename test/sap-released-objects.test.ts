import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const data = path.join(repoRoot, "rules/sap/released-objects.json");
/** A checkout of SAP/abap-atc-cr-cv-s4hc, when one is at hand (SAP_RELEASED_OBJECTS_REPO). */
const checkout = process.env.SAP_RELEASED_OBJECTS_REPO;

describe("SAP's released-object lists as shipped", () => {
  it("say where they come from and stay small", () => {
    const stored = JSON.parse(readFileSync(data, "utf8")) as { provenance: { repository: string; commit: string; lists: unknown[] } };
    expect(stored.provenance.repository).toBe("https://github.com/SAP/abap-atc-cr-cv-s4hc");
    expect(stored.provenance.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(statSync(data).size).toBeLessThan(1.5 * 1024 * 1024);
  });

  it.skipIf(!checkout || !existsSync(checkout))(
    "match what the generator makes from the checkout (set SAP_RELEASED_OBJECTS_REPO to run)",
    () => {
      const out = execFileSync(process.execPath, [path.join(repoRoot, "scripts/generate-sap-released-objects.mjs"), checkout!, "--check"], {
        encoding: "utf8",
      });
      expect(out).toContain("up to date");
    },
  );
});
