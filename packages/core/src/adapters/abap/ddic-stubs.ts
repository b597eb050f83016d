/**
 * A few S/4HANA DDIC definitions, written from SAP's public descriptions of the simplification
 * items (not copied from SAP's system): the data elements whose length S/4HANA changed and the
 * fields of the standard tables that carry them. With them in abaplint's registry, the type-aware
 * pass knows that `mara-matnr` is 40 characters long and `vbak-vbtyp` is 4.
 */
interface DataElement {
  name: string;
  type: "CHAR" | "NUMC";
  length: number;
}

const DATA_ELEMENTS: DataElement[] = [
  { name: "MATNR", type: "CHAR", length: 40 }, // note 2215424: material number 18 → 40
  { name: "MATNR18", type: "CHAR", length: 18 },
  { name: "VBTYPL", type: "CHAR", length: 4 }, // note 2267306: SD document category 1 → 4
  { name: "VBTYP", type: "CHAR", length: 1 },
  { name: "VBELN", type: "CHAR", length: 10 },
  { name: "POSNR", type: "NUMC", length: 6 },
  { name: "WERKS_D", type: "CHAR", length: 4 },
  { name: "EBELN", type: "CHAR", length: 10 },
  { name: "MBLNR", type: "CHAR", length: 10 },
];

/** Standard tables and the S/4HANA data element of each stubbed field. */
const TABLES: Record<string, Array<[string, string]>> = {
  MARA: [["MATNR", "MATNR"]],
  MARC: [
    ["MATNR", "MATNR"],
    ["WERKS", "WERKS_D"],
  ],
  MAKT: [["MATNR", "MATNR"]],
  MARD: [
    ["MATNR", "MATNR"],
    ["WERKS", "WERKS_D"],
  ],
  MSEG: [
    ["MBLNR", "MBLNR"],
    ["MATNR", "MATNR"],
  ],
  MATDOC: [
    ["MBLNR", "MBLNR"],
    ["MATNR", "MATNR"],
  ],
  EKPO: [
    ["EBELN", "EBELN"],
    ["MATNR", "MATNR"],
  ],
  EBAN: [["MATNR", "MATNR"]],
  RESB: [["MATNR", "MATNR"]],
  STPO: [["IDNRK", "MATNR"]],
  VBAK: [
    ["VBELN", "VBELN"],
    ["VBTYP", "VBTYPL"],
  ],
  VBAP: [
    ["VBELN", "VBELN"],
    ["POSNR", "POSNR"],
    ["MATNR", "MATNR"],
  ],
  LIKP: [
    ["VBELN", "VBELN"],
    ["VBTYP", "VBTYPL"],
  ],
  LIPS: [
    ["VBELN", "VBELN"],
    ["MATNR", "MATNR"],
  ],
  VBRK: [
    ["VBELN", "VBELN"],
    ["VBTYP", "VBTYPL"],
  ],
  VBRP: [
    ["VBELN", "VBELN"],
    ["MATNR", "MATNR"],
  ],
  VBFA: [
    ["VBELV", "VBELN"],
    ["VBELN", "VBELN"],
    ["VBTYP_N", "VBTYPL"],
    ["VBTYP_V", "VBTYPL"],
  ],
};

function xml(body: string): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<abapGit version="v1.0.0" serializer="LCL_OBJECT_DTEL" serializer_version="v1.0.0">
 <asx:abap xmlns:asx="http://www.sap.com/abapxml" version="1.0">
  <asx:values>${body}</asx:values>
 </asx:abap>
</abapGit>`;
}

/** The stubs as abapGit files, for abaplint's registry. */
export function ddicStubFiles(): Array<{ name: string; text: string }> {
  const files: Array<{ name: string; text: string }> = [];
  for (const d of DATA_ELEMENTS) {
    const leng = String(d.length).padStart(6, "0");
    files.push({
      name: `${d.name.toLowerCase()}.dtel.xml`,
      text: xml(`<DD04V><ROLLNAME>${d.name}</ROLLNAME><DATATYPE>${d.type}</DATATYPE><LENG>${leng}</LENG></DD04V>`),
    });
  }
  for (const [table, fields] of Object.entries(TABLES)) {
    // The first field stands for the key, which abaplint needs to accept a table.
    const rows = fields.map(
      ([f, rollname], i) =>
        `<DD03P><FIELDNAME>${f}</FIELDNAME>${i === 0 ? "<KEYFLAG>X</KEYFLAG>" : ""}<ROLLNAME>${rollname}</ROLLNAME><COMPTYPE>E</COMPTYPE></DD03P>`,
    );
    files.push({
      name: `${table.toLowerCase()}.tabl.xml`,
      text: xml(`<DD02V><TABNAME>${table}</TABNAME><TABCLASS>TRANSP</TABCLASS></DD02V><DD03P_TABLE>${rows.join("")}</DD03P_TABLE>`),
    });
  }
  return files;
}

/** The kind of each stubbed DDIC name, for facts that name a type. */
export function stubKinds(): Map<string, string> {
  const kinds = new Map<string, string>();
  for (const d of DATA_ELEMENTS) kinds.set(d.name, "dtel");
  for (const t of Object.keys(TABLES)) kinds.set(t, "table");
  return kinds;
}
