import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { placeLocator, placeOf } from "../src/places.js";
import { projectLocator, projectOf, type ForeignProject, type Project } from "../src/projects.js";

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

  it("places a file as the pass over every project and every other ERP's project does", () => {
    const segment = fc.constantFrom("a", "b", "ab", "c");
    const dir = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join("/"));
    const paths = fc.uniqueArray(fc.oneof(dir, fc.constant(".")), { maxLength: 6 });
    fc.assert(
      fc.property(paths, paths, fc.array(dir, { maxLength: 10 }), (own, other, files) => {
        const map = { projects: own.map(project), foreign: other.map((p) => ({ path: p }) as ForeignProject) };
        const place = placeLocator(map);
        for (const f of files) expect(place(`${f}/x.py`)).toEqual(placeOf(map, `${f}/x.py`));
      }),
    );
  });
});
