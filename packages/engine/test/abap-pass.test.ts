import fs from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it, vi } from "vitest";
import { loadCatalogue, scan } from "../src/index.js";

/** What happened, in order: files the scan analysed, and the ABAP pass finishing. */
const events = vi.hoisted(() => [] as string[]);

vi.mock("@uplift/core", async (importOriginal) => {
  const core = await importOriginal<typeof import("@uplift/core")>();
  return {
    ...core,
    extractAbapProjects: async (...args: Parameters<typeof core.extractAbapProjects>) => {
      const result = await core.extractAbapProjects(...args);
      events.push("ABAP pass done");
      return result;
    },
  };
});

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const rulesDir = path.join(repoRoot, "rules");

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

/** A UI5 app whose files come before an abapGit project's in the scan's order. */
function estate(): string {
  const root = fs.mkdtempSync(path.join(tmpdir(), "uplift-abap-pass-"));
  dirs.push(root);
  fs.cpSync(path.join(repoRoot, "fixtures/sapui5/sales-orders-freestyle"), path.join(root, "a-ui5"), { recursive: true });
  fs.cpSync(path.join(repoRoot, "fixtures/sap"), path.join(root, "sap"), { recursive: true });
  return root;
}

describe("the ABAP pass beside the per-file loop", () => {
  it("lets the scan read the files before the first ABAP file while it runs, and the ABAP files wait for it", async () => {
    events.length = 0;
    const root = estate();
    const result = await scan({ root, rulesDir, catalogue: loadCatalogue(rulesDir), onAnalysed: (file) => events.push(file) });
    const done = events.indexOf("ABAP pass done");
    expect(done).toBeGreaterThan(0);
    const before = events.slice(0, done);
    const after = events.slice(done + 1);
    // Every file of the UI5 app was analysed before the pass was done; every ABAP file after it.
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((f) => f.startsWith("a-ui5/"))).toBe(true);
    expect(after.filter((f) => f.endsWith(".abap")).length).toBe(6);
    expect(result.findings.some((f) => f.file.startsWith("sap/") && f.file.endsWith(".abap"))).toBe(true);
  });
});
