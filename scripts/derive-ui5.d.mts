/** The derived UI5 pack as scripts/derive-ui5.mjs writes it from the pinned @openui5/types. */
export function renderPack(): { text: string; rules: number };
