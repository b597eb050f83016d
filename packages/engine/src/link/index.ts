import type { Project } from "../projects.js";
import type { Linker } from "./linker.js";
import { OdooLinker } from "./odoo.js";

export { applyImpact, processesOf, type Linker } from "./linker.js";

/** The linker for a project's ERP, if Uplift knows how that ERP's configuration points at code. */
export function linkerFor(project: Project): Linker | undefined {
  switch (project.profile.erp) {
    case "odoo":
      return new OdooLinker();
    default:
      return undefined;
  }
}
