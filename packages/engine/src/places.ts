import { projectLocator, projectOf, type ForeignProject, type Project, type ProjectMap } from "./projects.js";

export type Place = { kind: "project"; project: Project } | { kind: "foreign"; project: ForeignProject } | { kind: "outside" };

/** Where a file belongs: the deepest project that holds it, of the ERP scanned for or of another one. */
export function placeOf(map: ProjectMap, file: string): Place {
  const own = projectOf(map.projects, file);
  const other = projectOf(map.foreign, file);
  const depth = (p: { path: string } | undefined): number => (p === undefined ? -1 : p.path === "." ? 0 : p.path.length);
  if (other && depth(other) > depth(own)) return { kind: "foreign", project: other };
  return own ? { kind: "project", project: own } : { kind: "outside" };
}

/** placeOf for many files: each costs a few lookups by folder, not a pass over every project. */
export type PlaceLocator = (file: string) => Place;

export function placeLocator(map: ProjectMap): PlaceLocator {
  const own = projectLocator(map.projects);
  const other = projectLocator(map.foreign);
  const depth = (p: { path: string } | undefined): number => (p === undefined ? -1 : p.path === "." ? 0 : p.path.length);
  return (file) => {
    const mine = own(file);
    const theirs = other(file);
    if (theirs && depth(theirs) > depth(mine)) return { kind: "foreign", project: theirs };
    return mine ? { kind: "project", project: mine } : { kind: "outside" };
  };
}

/** Why a file outside the projects scanned is not checked. */
export function leftOutReason(place: Exclude<Place, { kind: "project" }>, erp: string | undefined): string {
  if (place.kind === "foreign") {
    const p = place.project;
    return `in the ${p.profile.name} project ${p.path} (${p.marker}); not checked with --erp ${erp ?? p.profile.erp}`;
  }
  return "not inside any project (no project marker above it); pass --erp and --from to check it";
}

export function uncheckedReason(project: Project): string {
  return `in the ${project.profile.name} project ${project.path}, whose version is unknown; pass --from to check it`;
}
