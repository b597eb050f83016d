import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { projectLocator, projectOf, type Project } from "../src/projects.js";

const project = (p: string): Project => ({ path: p }) as Project;

describe("finding the project of a file", () => {
  it("takes the deepest project holding the file, or the root project", () => {
    const projects = [".", "addons/sale", "addons/sale/sub", "web"].map(project);
    const locate = projectLocator(projects);
    expect(locate("addons/sale/models/a.py")?.path).toBe("addons/sale");
    expect(locate("addons/sale/sub/x.js")?.path).toBe("addons/sale/sub");
    expect(locate("addons/sales/x.py")?.path).toBe(".");
    expect(locate("top.py")?.path).toBe(".");
    expect(projectLocator(projects.slice(1))("other/x.py")).toBeUndefined();
  });

  it("agrees with the pass over every project", () => {
    const segment = fc.constantFrom("a", "b", "ab", "c");
    const dir = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
    fc.assert(
      fc.property(fc.uniqueArray(fc.oneof(dir, fc.constant(".")), { maxLength: 8 }), fc.array(dir, { maxLength: 10 }), (paths, files) => {
        const projects = paths.map(project);
        const locate = projectLocator(projects);
        for (const f of files) expect(locate(`${f}/x.py`)).toBe(projectOf(projects, `${f}/x.py`));
      }),
    );
  });
});
