/**
 * Table fields of ERPNext's standard DocTypes and the DocType of their rows, as the vendor's
 * DocType JSON declares them (`"fieldtype": "Table", "options": "<row DocType>"`). Only what was
 * read in those files is here; a table not listed is not followed to its rows. Read from
 * github.com/frappe/erpnext:
 * - erpnext/stock/doctype/delivery_note/delivery_note.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 * - erpnext/accounts/doctype/sales_invoice/sales_invoice.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 *   (the part of its fields from `items` to `payment_schedule`)
 * - erpnext/stock/doctype/stock_entry/stock_entry.json @ 004c4e21d4732fd64fe0d6b24908baf385d4e685
 * - erpnext/stock/doctype/pick_list/pick_list.json @ 0012e1231994ba732a5225b9b0cdd9bc52b03549
 * - erpnext/stock/doctype/stock_reconciliation/stock_reconciliation.json @ 09172de574ebddd5c8963ffcc346b3fb1dbecee2
 * - erpnext/accounts/doctype/purchase_invoice/purchase_invoice.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 *   (the part from `items` to `payment_schedule`)
 * - erpnext/stock/doctype/purchase_receipt/purchase_receipt.json @ 0018421a983c58d9078b44a306ba0f9bf43d23c9
 *   (the part from `items` to `taxes`)
 * - erpnext/accounts/doctype/pos_invoice/pos_invoice.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 *   (the part from `items` to `payments`)
 * - erpnext/subcontracting/doctype/subcontracting_receipt/subcontracting_receipt.json @ 00cc94e84f53872f4536669b3ea8ff43c1f2042c
 *   (from `items` on)
 * - erpnext/selling/doctype/sales_order/sales_order.json @ 0051d133610ec4d1bf78d8d7bb51529444ef4014
 *   (the part from `items` to `payment_schedule`)
 * - erpnext/selling/doctype/quotation/quotation.json @ 0291bfec65593b77928b0f8ab32551ddfcc3efa1
 *   (whole file; `lost_reasons` is a "Table MultiSelect", whose rows are documents of its DocType too)
 * - erpnext/buying/doctype/supplier_quotation/supplier_quotation.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 *   (its `field_order` and the fields up to `select_print_heading`)
 * - erpnext/buying/doctype/purchase_order/purchase_order.json @ 009e04270a2185255d7c0c330ea8bc04bc470a77
 *   (whole file)
 * Material Request and the other DocTypes are not read yet.
 */
const TABLES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "Delivery Note": {
    items: "Delivery Note Item",
    pricing_rules: "Pricing Rule Detail",
    packed_items: "Packed Item",
    taxes: "Sales Taxes and Charges",
    sales_team: "Sales Team",
  },
  "Sales Invoice": {
    items: "Sales Invoice Item",
    pricing_rules: "Pricing Rule Detail",
    packed_items: "Packed Item",
    timesheets: "Sales Invoice Timesheet",
    taxes: "Sales Taxes and Charges",
    advances: "Sales Invoice Advance",
    payment_schedule: "Payment Schedule",
  },
  "POS Invoice": {
    items: "POS Invoice Item",
    pricing_rules: "Pricing Rule Detail",
    packed_items: "Packed Item",
    timesheets: "Sales Invoice Timesheet",
    taxes: "Sales Taxes and Charges",
    advances: "Sales Invoice Advance",
    payment_schedule: "Payment Schedule",
    payments: "Sales Invoice Payment",
  },
  "Sales Order": {
    items: "Sales Order Item",
    pricing_rules: "Pricing Rule Detail",
    taxes: "Sales Taxes and Charges",
    packed_items: "Packed Item",
    payment_schedule: "Payment Schedule",
  },
  Quotation: {
    items: "Quotation Item",
    pricing_rules: "Pricing Rule Detail",
    taxes: "Sales Taxes and Charges",
    payment_schedule: "Payment Schedule",
    lost_reasons: "Quotation Lost Reason Detail",
    packed_items: "Packed Item",
  },
  "Supplier Quotation": {
    items: "Supplier Quotation Item",
    pricing_rules: "Pricing Rule Detail",
    taxes: "Purchase Taxes and Charges",
  },
  "Purchase Order": {
    items: "Purchase Order Item",
    pricing_rules: "Pricing Rule Detail",
    supplied_items: "Purchase Order Item Supplied",
    taxes: "Purchase Taxes and Charges",
    payment_schedule: "Payment Schedule",
  },
  "Purchase Invoice": {
    items: "Purchase Invoice Item",
    pricing_rules: "Pricing Rule Detail",
    supplied_items: "Purchase Receipt Item Supplied",
    taxes: "Purchase Taxes and Charges",
    advances: "Purchase Invoice Advance",
    payment_schedule: "Payment Schedule",
  },
  "Purchase Receipt": {
    items: "Purchase Receipt Item",
    pricing_rules: "Pricing Rule Detail",
    supplied_items: "Purchase Receipt Item Supplied",
    taxes: "Purchase Taxes and Charges",
  },
  "Subcontracting Receipt": {
    items: "Subcontracting Receipt Item",
    supplied_items: "Subcontracting Receipt Supplied Item",
    additional_costs: "Landed Cost Taxes and Charges",
  },
  "Stock Entry": {
    items: "Stock Entry Detail",
    additional_costs: "Landed Cost Taxes and Charges",
  },
  "Pick List": {
    locations: "Pick List Item",
  },
  "Stock Reconciliation": {
    items: "Stock Reconciliation Item",
  },
};

/** The DocType of the rows of `<doctype>.<field>`, when that field is a table ERPNext declares. */
export function childDoctype(doctype: string, field: string): string | undefined {
  const fields = Object.hasOwn(TABLES, doctype) ? TABLES[doctype] : undefined;
  return fields && Object.hasOwn(fields, field) ? fields[field] : undefined;
}

/** Whether ERPNext declares tables of `<doctype>` that are recorded here. */
export function hasTables(doctype: string): boolean {
  return Object.hasOwn(TABLES, doctype);
}
