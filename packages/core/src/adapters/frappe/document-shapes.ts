/**
 * What Uplift knows of Frappe's own record types when they are exported as JSON (fixtures,
 * "Export Customizations", the standard records an app ships): which field names the DocType a
 * record customises or runs on, which fields name other DocTypes, which fields hold code and in
 * what language. Sources: the DocType definitions in frappe/frappe (`frappe/custom/doctype`,
 * `frappe/core/doctype`, `frappe/printing/doctype`, `frappe/website/doctype`,
 * `frappe/email/doctype`, `frappe/desk/doctype`, `frappe/integrations/doctype`).
 */
export interface DocumentShape {
  /** The field naming the DocType the record belongs to or customises. */
  target?: string;
  /** The field naming a field of the target DocType (`field:<target>.<value>`). */
  field?: string;
  /** Other fields whose value is the name of a DocType. */
  doctypes?: readonly string[];
  /** Fields holding code, by the extension that picks its reader: js, py, or html (Jinja). */
  code?: Readonly<Record<string, "js" | "py" | "html">>;
  /** Child tables whose rows link to DocTypes: table field → how a row names one. */
  links?: Readonly<Record<string, { type?: string; typeIs?: string; to: string }>>;
}

export const DOCUMENT_SHAPES: Readonly<Record<string, DocumentShape>> = {
  "Custom Field": { target: "dt", field: "fieldname" },
  "Property Setter": { target: "doc_type", field: "field_name" },
  "Client Script": { target: "dt", code: { script: "js" } },
  "Server Script": { target: "reference_doctype", code: { script: "py" } },
  "Print Format": { target: "doc_type", code: { html: "html" } },
  Report: { target: "ref_doctype", code: { report_script: "py", javascript: "js" } },
  "Web Page": { code: { javascript: "js", main_section: "html", main_section_html: "html", context_script: "py" } },
  "Web Form": { target: "doc_type", code: { client_script: "js" } },
  Notification: { target: "document_type", code: { message: "html", subject: "html" } },
  "Email Template": { code: { response: "html", response_html: "html", subject: "html" } },
  "Custom HTML Block": { code: { script: "js", html: "html" } },
  "Number Card": { target: "document_type" },
  "Dashboard Chart": { target: "document_type" },
  "Kanban Board": { target: "reference_doctype" },
  Webhook: { target: "webhook_doctype" },
  Workflow: { target: "document_type" },
  "Auto Repeat": { target: "reference_doctype" },
  "Assignment Rule": { target: "document_type" },
  "Document Naming Rule": { target: "document_type" },
  "User Permission": { target: "allow" },
  "Custom DocPerm": { target: "parent" },
  "DocType Link": { target: "parent", doctypes: ["link_doctype"] },
  "DocType Layout": { target: "document_type" },
  "List View Settings": { target: "name" },
  "Report Column": {},
  Workspace: {
    links: {
      links: { type: "link_type", typeIs: "DocType", to: "link_to" },
      shortcuts: { type: "type", typeIs: "DocType", to: "link_to" },
    },
  },
  DocType: { links: { fields: { type: "fieldtype", typeIs: "Link|Table|Table MultiSelect", to: "options" } } },
};

/** Custom Field types whose `options` name a DocType. */
export const LINKING_FIELD_TYPES = new Set(["Link", "Table", "Table MultiSelect"]);
