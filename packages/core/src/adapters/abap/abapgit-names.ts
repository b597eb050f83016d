/**
 * abapGit (and SAP's ABAP file formats, AFF) name every file after the object it belongs to:
 * `name.type[.extra].ext`, with a namespace `/ABC/X` written `#abc#x` (abapGit) or `(abc)x` (AFF)
 * and a few characters escaped. gCTS repositories use the same names for classic object types.
 */
export interface AbapFileName {
  /** The object's type as SAP writes it: PROG, CLAS, INTF, FUGR, TABL, DTEL, … */
  type: string;
  /** The object's name, upper case, with its namespace: `ZCL_X`, `/ABC/X`. */
  name: string;
  /** What is between the type and the extension: `locals_imp`, `z_fm_name`, `screen_0100`. */
  extra: string;
  /** The file extension: `abap`, `xml`, `json`, `asddls`. */
  ext: string;
}

const ESCAPES: Record<string, string> = { "%23": "#", "%25": "%", "%2e": ".", "%3c": "<", "%3d": "=", "%3e": ">", "%3f": "?" };

function unescapeName(raw: string): string {
  let name = raw.replace(/%(23|25|2e|3c|3d|3e|3f)/gi, (m) => ESCAPES[m.toLowerCase()] ?? m);
  const aff = /^\(([^)]+)\)(.*)$/.exec(name);
  if (aff) name = `/${aff[1]}/${aff[2]}`;
  return name.replace(/#/g, "/").toUpperCase();
}

/** The object a file belongs to, or undefined when its name is not an abapGit/AFF name. */
export function parseAbapFileName(path: string): AbapFileName | undefined {
  const base = path.slice(path.lastIndexOf("/") + 1);
  const parts = base.split(".");
  if (parts.length < 3) return undefined;
  const [rawName, rawType] = parts;
  if (!rawName || !rawType || !/^[a-z0-9]{4}$/i.test(rawType)) return undefined;
  return {
    type: rawType.toUpperCase(),
    name: unescapeName(rawName),
    extra: parts.slice(2, -1).join("."),
    ext: parts[parts.length - 1]!.toLowerCase(),
  };
}

/** `CLAS ZCL_X`: how findings and the report name an object. */
export function objectLabel(name: AbapFileName): string {
  return `${name.type} ${name.name}`;
}

/**
 * The file name abaplint expects for a file (abapGit's). An AFF namespace becomes abapGit's and a
 * loose `.abap` file with no object type in its name is read as a program.
 */
export function abaplintFileName(path: string): string {
  const base = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const parsed = parseAbapFileName(base);
  if (!parsed) {
    const stem = base.replace(/\.abap$/, "").replace(/[^a-z0-9_]/g, "_") || "unnamed";
    return `${stem}.prog.abap`;
  }
  return base.replace(/^\(([^)]+)\)/, "#$1#");
}
