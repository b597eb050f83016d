import type { Project } from "../projects.js";
import type { Linker } from "./linker.js";
import { DynamicsLinker } from "./dynamics365.js";
import { FrappeLinker } from "./frappe.js";
import { NetSuiteLinker } from "./netsuite.js";
import { OdooLinker } from "./odoo.js";
import { SapLinker } from "./sap.js";
import { Ui5Linker } from "./sapui5.js";

export { applyImpact, processesOf, type Linker } from "./linker.js";
export { EXECUTION_CONTEXT_RULE, MISSING_HANDLER_RULE } from "./dynamics365.js";
export { ENTRY_FUNCTIONS_RULE, UNUSED_SCRIPT_RULE } from "./netsuite.js";
export { DEPRECATED_RULE, NOT_RELEASED_RULE } from "./sap.js";

/** The linker for a project's ERP, if Uplift knows how that ERP's configuration points at code. */
export function linkerFor(
  project: Project,
  options: { rulesDir: string; cleanCore?: boolean } = { rulesDir: "rules" },
): Linker | undefined {
  switch (project.profile.erp) {
    case "odoo":
      return new OdooLinker();
    case "dynamics365":
      return new DynamicsLinker(project);
    case "frappe":
      return new FrappeLinker();
    case "netsuite":
      return new NetSuiteLinker(project);
    case "sap":
      return new SapLinker(project, options);
    case "sapui5":
      return new Ui5Linker();
    default:
      return undefined;
  }
}
