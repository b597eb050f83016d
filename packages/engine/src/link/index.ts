import { prepareLanguage } from "@uplift/core";
import type { Project } from "../projects.js";
import type { Linker } from "./linker.js";
export { applyImpact, processesOf, type Linker } from "./linker.js";

/**
 * The linker for a project's ERP, if Uplift knows how that ERP's configuration points at code.
 * Each ERP's linker is loaded when a project of that ERP is first linked: a scan of one ERP does
 * not load what reads the others' configuration.
 */
export async function linkerFor(
  project: Project,
  options: { rulesDir: string; cleanCore?: boolean } = { rulesDir: "rules" },
): Promise<Linker | undefined> {
  switch (project.profile.erp) {
    case "odoo":
      // The linker reads a test file again with what other files give its classes (in this thread).
      await prepareLanguage("python");
      return new (await import("./odoo.js")).OdooLinker();
    case "dynamics365":
      return new (await import("./dynamics365.js")).DynamicsLinker(project);
    case "frappe":
      return new (await import("./frappe.js")).FrappeLinker();
    case "netsuite":
      return new (await import("./netsuite.js")).NetSuiteLinker(project);
    case "sap":
      return new (await import("./sap.js")).SapLinker(project, options);
    case "sapui5":
      return new (await import("./sapui5.js")).Ui5Linker();
    default:
      return undefined;
  }
}
