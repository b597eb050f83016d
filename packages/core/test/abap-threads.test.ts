import { createRequire, syncBuiltinESMExports } from "node:module";
import workerThreads from "node:worker_threads";
import { afterAll, describe, expect, it } from "vitest";
import { extractAbapProject, extractAbapProjects, type AbapSource } from "@uplift/core";

// Every ABAP worker started, counted.
let started = 0;
const RealWorker = workerThreads.Worker;
workerThreads.Worker = class extends RealWorker {
  constructor(...args: ConstructorParameters<typeof RealWorker>) {
    super(...args);
    started++;
  }
};
syncBuiltinESMExports();
afterAll(() => {
  workerThreads.Worker = RealWorker;
  syncBuiltinESMExports();
});

/** Whether this thread has loaded abaplint. */
function abaplintHere(): boolean {
  return Object.keys(createRequire(import.meta.url).cache).some((m) => m.includes("@abaplint/core"));
}

/** A program of about `kb` KB that reads VBUK. */
function program(path: string, kb: number): AbapSource {
  const name = path.slice(path.lastIndexOf("/") + 1, path.indexOf(".prog"));
  const line = "SELECT SINGLE gbstk FROM vbuk INTO @DATA(lv_status) WHERE vbeln = @lv_vbeln.\n";
  const body = Array.from({ length: Math.ceil((kb * 1024) / line.length) }, () => line).join("");
  return { path, text: `REPORT ${name}.\nDATA lv_vbeln TYPE c LENGTH 10.\n${body}` };
}

const small = [program("src/zsmall.prog.abap", 2)];
const large = [
  { root: "a", sources: [program("a/src/zlarge_a.prog.abap", 66)] },
  { root: "b", sources: [program("b/src/zlarge_b.prog.abap", 66)] },
];

describe("where the ABAP pass parses", () => {
  it("parses more ABAP in workers shared by the projects, without loading abaplint here", async () => {
    const pooled = await extractAbapProjects(large, {});
    expect(started).toBe(1);
    expect(abaplintHere()).toBe(false);
    // The same facts as each project parsed here on its own.
    for (const [i, project] of large.entries()) {
      const here = await extractAbapProject(project.sources, { root: project.root, workers: 0 });
      expect(pooled[i]).toEqual(here);
      expect(here.files.get(project.sources[0]!.path)!.facts.filter((f) => f.key === "table:VBUK").length).toBeGreaterThan(100);
    }
  });

  it("parses a little ABAP in this thread, starting no worker", async () => {
    started = 0;
    const here = await extractAbapProject(small, { root: "." });
    expect(started).toBe(0);
    expect(abaplintHere()).toBe(true);
    expect(new Set(here.files.get("src/zsmall.prog.abap")!.facts.map((f) => f.key))).toEqual(new Set(["table:VBUK"]));
  });
});
