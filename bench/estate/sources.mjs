// The public repositories an estate is assembled from, each at a named commit, in the order they
// are added until the estate holds about `target` files. They are read from local git mirrors
// (`UPLIFT_MIRRORS`, default /work/.mirror, one `<owner>+<name>/repo` bare repository each) and
// exported into a temporary folder; nothing of them is kept in this repository.
export const PUBLIC_SOURCES = [
  { repo: "SAP/openui5-sample-app", commit: "8a9057646366538a3b856058cc331010fb1f26ea", erp: "sap (UI5)" },
  { repo: "SAP/openui5-worklist-app", commit: "7dc5a358db68c717d9955e9b8e99066ab8a82271", erp: "sap (UI5)" },
  { repo: "frappe/payments", commit: "1d19233157fad72314e65e5d9dcab95e0f471a38", erp: "frappe" },
  { repo: "frappe/hrms", commit: "80f17c99aee38116c0bd4b794845ebe5290d083c", erp: "frappe" },
  { repo: "OCA/sale-workflow", commit: "e6216dd598bb0e9e9a979dfa580c34d6a3f35261", erp: "odoo 16.0" },
  { repo: "OCA/web", commit: "7c2a4eaef6a5efefa76d5c67b401c63cb690a8b7", erp: "odoo 16.0" },
  { repo: "OCA/account-financial-tools", commit: "778562e078dea4a4cbf872632eea8aabc3c445eb", erp: "odoo 16.0" },
  { repo: "OCA/stock-logistics-workflow", commit: "038d69de72432a2a4c330632a4b025e93aa8d001", erp: "odoo 16.0" },
  { repo: "OCA/server-ux", commit: "33f9425c893e3f09e81ddd5b6a1e90da6157c16c", erp: "odoo 16.0" },
  { repo: "OCA/partner-contact", commit: "52f198ab12b96cafe7cc6af1969db5b413338206", erp: "odoo 16.0" },
  { repo: "OCA/purchase-workflow", commit: "3c5f2b7d9e096dd9cdc2d9ee193173d4dce953ff", erp: "odoo 16.0" },
];
