// Writes rules/sapui5/1.136-2.0.openui5-types.yaml from the OpenUI5 type declarations
// (@openui5/types, Apache-2.0, the version pinned in package.json): every @deprecated module,
// class, method, property, aggregation, association and event of the OpenUI5 libraries, with the
// release that deprecated it and SAP's own note on what replaces it. Each rule records where it
// comes from (package, version, symbol) and matches what the adapters resolve without types: the
// module in sap.ui.define/import dependencies, the control in XML views and fragments (by its
// namespace), its settings as XML attributes and in `new X({ … })`, static methods, and methods of
// values the code constructs itself. A test regenerates the pack and fails when it drifts.
//
//   node scripts/derive-ui5.mjs            write the pack
//   node scripts/derive-ui5.mjs --check    exit 1 when the committed pack differs
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { stringify } from "yaml";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const require = createRequire(import.meta.url);
const PACKAGE = "@openui5/types";
const OUT = path.join(root, "rules/sapui5/1.136-2.0.openui5-types.yaml");

/** The declarations read from the package: modules with their default class, settings and deprecations. */
export function readUi5Declarations(typesDir) {
  const modules = new Map();
  for (const file of readdirSync(typesDir)
    .filter((f) => f.endsWith(".d.ts"))
    .sort()) {
    const source = ts.createSourceFile(file, readFileSync(path.join(typesDir, file), "utf8"), ts.ScriptTarget.Latest, true);
    for (const statement of source.statements) {
      if (!ts.isModuleDeclaration(statement) || !ts.isStringLiteral(statement.name) || !statement.body || !ts.isModuleBlock(statement.body))
        continue;
      modules.set(statement.name.text, readModule(statement.name.text, statement.body));
    }
  }
  return modules;
}

function deprecation(node) {
  for (const tag of ts.getJSDocTags(node)) {
    if (tag.tagName.text !== "deprecated") continue;
    const text = cleanNote(typeof tag.comment === "string" ? tag.comment : (ts.getTextOfJSDocComment(tag.comment) ?? ""));
    const since = /(?:As of version|since)\s+(\d+\.\d+)/i.exec(text)?.[1];
    return { since, note: text.replace(/^\(since [\d.]+\)\s*/i, "").replace(/^As of version [\d.]+[.,]?\s*/i, "") };
  }
  return undefined;
}

/** SAP's note in plain text: {@link x y} → y, markdown code kept, whitespace folded. */
function cleanNote(text) {
  return text
    .replace(/\{@link\s+([^}\s]+)(?:\s+([^}]+))?\}/g, (_, target, label) => label ?? target.replace(/^.*[#~]/, ""))
    .replace(/\s+/g, " ")
    .trim();
}

function readModule(name, block) {
  const imports = new Map();
  const mod = {
    name,
    deprecated: undefined,
    className: undefined,
    parent: undefined,
    isClass: false,
    methods: [],
    statics: [],
    settings: [],
    settingsParent: undefined,
    enums: [],
  };
  for (const s of block.statements) {
    if (ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier)) {
      const from = s.moduleSpecifier.text;
      const clause = s.importClause;
      if (clause?.name) imports.set(clause.name.text, { module: from, name: "default" });
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const el of clause.namedBindings.elements)
          imports.set(el.name.text, { module: from, name: (el.propertyName ?? el.name).text });
      }
    }
  }
  const exported = (s) => s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  const isDefault = (s) => s.modifiers?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
  for (const s of block.statements) {
    if (ts.isClassDeclaration(s) && exported(s) && isDefault(s)) {
      mod.isClass = true;
      mod.className = s.name?.text;
      mod.deprecated = deprecation(s);
      const base = s.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
      if (base && ts.isIdentifier(base)) {
        const imported = imports.get(base.text);
        if (imported?.name === "default") mod.parent = imported.module;
      }
      for (const m of s.members) {
        if (!ts.isMethodDeclaration(m) || !m.name || !ts.isIdentifier(m.name)) continue;
        const d = deprecation(m);
        if (!d) continue;
        const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
        const list = isStatic ? mod.statics : mod.methods;
        if (!list.some((x) => x.name === m.name.text)) list.push({ name: m.name.text, ...d });
      }
    } else if ((ts.isFunctionDeclaration(s) || ts.isVariableStatement(s)) && exported(s) && isDefault(s)) {
      mod.deprecated ??= deprecation(s);
    } else if (ts.isExportAssignment(s)) {
      mod.deprecated ??= deprecation(s);
    } else if (ts.isEnumDeclaration(s) && exported(s)) {
      const values = [];
      for (const member of s.members) {
        const d = deprecation(member);
        if (d && ts.isIdentifier(member.name)) values.push({ name: member.name.text, ...d });
      }
      if (values.length > 0) mod.enums.push({ name: s.name.text, values });
    } else if (ts.isInterfaceDeclaration(s) && exported(s) && /^\$\w+Settings$/.test(s.name.text)) {
      const base = s.heritageClauses?.[0]?.types[0]?.expression;
      if (base && ts.isIdentifier(base)) mod.settingsParent = imports.get(base.text)?.module;
      for (const m of s.members) {
        if (!ts.isPropertySignature(m) || !m.name || !ts.isIdentifier(m.name)) continue;
        const d = deprecation(m);
        const types = [];
        const visit = (n) => {
          if (ts.isTypeReferenceNode(n) && ts.isIdentifier(n.typeName) && imports.has(n.typeName.text))
            types.push(imports.get(n.typeName.text));
          ts.forEachChild(n, visit);
        };
        if (m.type) visit(m.type);
        mod.settings.push({ name: m.name.text, deprecated: d, event: !!m.type && ts.isFunctionTypeNode(m.type), types });
      }
    }
  }
  return mod;
}

const dotted = (module) => module.replace(/\//g, ".");
const apiUrl = (module) => `https://sdk.openui5.org/api/${dotted(module)}`;
const slugOf = (text) =>
  text
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "");
const cap = (s) => s[0].toUpperCase() + s.slice(1);
/**
 * Methods of a base class that most controls extend (Control, Element, ManagedObject) are matched on
 * the base class only: listing every subclass would cost every scan more than it finds. Values
 * typed through declarations (the binding stage) reach them on any subclass.
 */
const MAX_SUBCLASS_KEYS = 50;
const capped = (classes, declaring) => (classes.length > MAX_SUBCLASS_KEYS ? [declaring] : classes);
const ACCESSORS = [
  "get",
  "set",
  "bind",
  "unbind",
  "add",
  "insert",
  "remove",
  "removeAll",
  "indexOf",
  "destroy",
  "attach",
  "detach",
  "fire",
];

/** Every module whose default class is `module` or extends it, at any depth. */
function subclassesOf(modules) {
  const children = new Map();
  for (const m of modules.values()) {
    if (!m.parent) continue;
    const list = children.get(m.parent) ?? [];
    list.push(m.name);
    children.set(m.parent, list);
  }
  return (module) => {
    const out = [module];
    for (let i = 0; i < out.length; i++) for (const c of children.get(out[i]) ?? []) if (!out.includes(c)) out.push(c);
    return out.sort();
  };
}

/** A class that XML views can write as an element: one with a settings interface of its own. */
const inXml = (m) => m.isClass && m.settingsParent !== undefined;

function xmlName(module) {
  const i = module.lastIndexOf("/");
  return { namespace: dotted(module.slice(0, i)), local: module.slice(i + 1) };
}

/** A name a generated example can bind the module to. */
const identifier = (module) =>
  xmlName(module)
    .local.replace(/[^\w$]/g, "_")
    .replace(/^(\d)/, "_$1");

/** Alternatives matching a class by its XML element, per namespace. */
function xmlAlternatives(classes, kind, suffix = "") {
  const byNamespace = new Map();
  for (const c of classes) {
    const { namespace, local } = xmlName(c);
    const keys = byNamespace.get(namespace) ?? [];
    keys.push(`${local}${suffix}`, `*:${local}${suffix}`);
    byNamespace.set(namespace, keys);
  }
  return [...byNamespace].map(([namespace, key]) => ({ [kind]: { key, where: { detail: { namespace } } } }));
}

function deriveRules(modules, version) {
  const subclasses = subclassesOf(modules);
  const rules = [];
  const ids = new Set();
  const idFor = (base) => {
    let id = base;
    for (let i = 2; ids.has(id); i++) id = `${base}-${i}`;
    ids.add(id);
    return id;
  };
  const provenance = (symbol) => ({ package: PACKAGE, version, symbol, from: "deprecated" });
  const common = (d) => ({
    change: "removed",
    severity: "high",
    ...(d.since ? { since: d.since } : {}),
    removedIn: "2.0",
  });
  const replacementOf = (d) => (d.note ? `SAP's note: ${d.note}` : "See the API reference for what replaces it.");

  for (const m of [...modules.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    // The Core facade is a hand-written rule; its module is not deprecated, only its methods.
    if (m.name === "sap/ui/core/Core") continue;
    const { local } = xmlName(m.name);
    const bindings = identifier(m.name);
    if (m.deprecated) {
      const alternatives = [{ module: { key: m.name } }, { call: { key: `new ${m.name}` } }, { member: { key: `${m.name}.*` } }];
      if (inXml(m)) alternatives.push(...xmlAlternatives([m.name], "element"));
      rules.push({
        id: idFor(`sapui5/2.0/openui5-${slugOf(m.name)}`),
        title: `${dotted(m.name)} (deprecated${m.deprecated.since ? ` as of ${m.deprecated.since}` : ""})`,
        ...common(m.deprecated),
        match: { any: alternatives },
        message: `${dotted(m.name)} is deprecated${m.deprecated.since ? ` as of UI5 ${m.deprecated.since}` : ""}; UI5 2.x does not have it.`,
        replacement: replacementOf(m.deprecated),
        effort: "30m",
        references: [apiUrl(m.name)],
        derived: provenance(m.name),
        examples: [
          {
            file: "webapp/controller/Main.controller.js",
            code: `sap.ui.define(["${m.name}"], function (${bindings}) {\n  return ${bindings};\n});\n`,
            expect: [{ line: 1, column: 16 }],
          },
          {
            file: "webapp/controller/Ok.controller.js",
            code: `sap.ui.define(["sap/ui/core/Control"], function (Control) {\n  return Control;\n});\n`,
            expect: [],
          },
        ],
      });
    }
    const covered = new Set();
    for (const setting of m.settings) {
      if (!setting.deprecated) continue;
      const accessors = m.methods.filter((x) => ACCESSORS.some((p) => x.name === `${p}${cap(setting.name)}`));
      for (const a of accessors) covered.add(a.name);
      const classes = subclasses(m.name).filter((c) => modules.get(c)?.isClass);
      const xmlClasses = classes.filter((c) => inXml(modules.get(c)));
      const alternatives = [
        ...xmlAlternatives(xmlClasses, "attribute", `@${setting.name}`),
        {
          call: {
            key: capped(classes, m.name).map((c) => `new ${c}`),
            where: { argument: { index: 0, type: "object", properties: { [setting.name]: { present: true } }, focus: true } },
          },
        },
      ];
      if (accessors.length > 0)
        alternatives.push({ member: { key: capped(classes, m.name).flatMap((c) => accessors.map((a) => `${c}().${a.name}`)) } });
      const kind = setting.event ? "event" : "property";
      const symbol = `${m.name}.$${local}Settings.${setting.name}`;
      const view = `<mvc:View xmlns:mvc="sap.ui.core.mvc" xmlns:x="${xmlName(m.name).namespace}">\n  <x:${local} ${setting.name}="${setting.event ? ".onEvent" : "{/value}"}"/>\n</mvc:View>\n`;
      rules.push({
        id: idFor(`sapui5/2.0/openui5-${slugOf(m.name)}-${slugOf(setting.name)}`),
        title: `${dotted(m.name)}: ${kind} ${setting.name} (deprecated${setting.deprecated.since ? ` as of ${setting.deprecated.since}` : ""})`,
        ...common(setting.deprecated),
        match: { any: alternatives },
        message: `The ${kind} ${setting.name} of ${dotted(m.name)} is deprecated${setting.deprecated.since ? ` as of UI5 ${setting.deprecated.since}` : ""}; UI5 2.x does not have it.`,
        replacement: replacementOf(setting.deprecated),
        effort: "15m",
        references: [apiUrl(m.name)],
        derived: provenance(symbol),
        examples: inXml(m)
          ? [
              { file: "webapp/view/Main.view.xml", code: view, expect: [{ line: 2, column: 7 + local.length }] },
              { file: "webapp/view/Ok.view.xml", code: view.replace(` ${setting.name}=`, ` id=`), expect: [] },
            ]
          : [
              {
                file: "webapp/controller/Main.controller.js",
                code: `sap.ui.define(["${m.name}"], function (${local}) {\n  return new ${local}({ ${setting.name}: "x" });\n});\n`,
                expect: [{ line: 2, column: 17 + local.length }],
              },
              {
                file: "webapp/controller/Ok.controller.js",
                code: `sap.ui.define(["${m.name}"], function (${local}) {\n  return new ${local}({ id: "x" });\n});\n`,
                expect: [],
              },
            ],
      });
    }
    for (const method of m.methods) {
      if (covered.has(method.name)) continue;
      const classes = subclasses(m.name).filter((c) => modules.get(c)?.isClass);
      rules.push(
        methodRule(
          m,
          method,
          capped(classes, m.name).map((c) => `${c}().${method.name}`),
          false,
        ),
      );
    }
    for (const method of m.statics)
      rules.push(methodRule(m, method, [`${m.name}.${method.name}`, `${dotted(m.name)}.${method.name}`], true));
  }
  // Deprecated enum values: in XML, as the value of a property of that enum type; in code, read
  // from the library module (`library.InputType.Date`) or the global namespace.
  const typedProperties = new Map();
  for (const m of modules.values()) {
    for (const setting of m.settings) {
      for (const t of setting.types ?? []) {
        const key = `${t.module}#${t.name}`;
        const list = typedProperties.get(key) ?? [];
        if (!list.some((u) => u.module === m.name && u.property === setting.name)) list.push({ module: m.name, property: setting.name });
        typedProperties.set(key, list);
      }
    }
  }
  const namespaceOf = (module) => dotted(module).replace(/\.library$/, "");
  for (const m of [...modules.values()].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    for (const e of m.enums) {
      const users = typedProperties.get(`${m.name}#${e.name}`) ?? [];
      for (const v of e.values) {
        const owner = `${namespaceOf(m.name)}.${e.name}.${v.name}`;
        const alternatives = [{ member: { key: [`${m.name}.${e.name}.${v.name}`, owner] } }];
        for (const u of users) {
          const classes = subclasses(u.module).filter((c) => inXml(modules.get(c)));
          for (const alt of xmlAlternatives(classes, "attribute", `@${u.property}`)) {
            alt.attribute.where.value = v.name;
            alternatives.push(alt);
          }
        }
        const example = users.find((u) => inXml(modules.get(u.module)));
        let examples;
        if (example) {
          const { namespace, local } = xmlName(example.module);
          const view = (value) =>
            `<mvc:View xmlns:mvc="sap.ui.core.mvc" xmlns:x="${namespace}">\n  <x:${local} ${example.property}="${value}"/>\n</mvc:View>\n`;
          examples = [
            { file: "webapp/view/Main.view.xml", code: view(v.name), expect: [{ line: 2, column: 7 + local.length }] },
            { file: "webapp/view/Ok.view.xml", code: view("{/value}"), expect: [] },
          ];
        } else {
          examples = [
            {
              file: "webapp/controller/Main.controller.js",
              code: `sap.ui.define(["${m.name}"], function (library) {\n  return library.${e.name}.${v.name};\n});\n`,
              expect: [{ line: 2, column: 10 }],
            },
            {
              file: "webapp/controller/Ok.controller.js",
              code: `sap.ui.define(["${m.name}"], function (library) {\n  return library;\n});\n`,
              expect: [],
            },
          ];
        }
        rules.push({
          id: idFor(`sapui5/2.0/openui5-${slugOf(m.name)}-${slugOf(e.name)}-${slugOf(v.name)}`),
          title: `${owner} (deprecated${v.since ? ` as of ${v.since}` : ""})`,
          ...common(v),
          match: { any: alternatives },
          message: `The value ${v.name} of ${namespaceOf(m.name)}.${e.name} is deprecated${v.since ? ` as of UI5 ${v.since}` : ""}; UI5 2.x does not have it.`,
          replacement: replacementOf(v),
          effort: "15m",
          references: [apiUrl(`${namespaceOf(m.name).replace(/\./g, "/")}/${e.name}`)],
          derived: provenance(`${m.name}.${e.name}.${v.name}`),
          examples,
        });
      }
    }
  }
  return rules;

  function methodRule(m, method, keys, isStatic) {
    const local = identifier(m.name);
    const owner = `${dotted(m.name)}${isStatic ? "." : "#"}${method.name}`;
    const call = isStatic ? `  ${local}.${method.name}();\n` : `  var o = new ${local}();\n  o.${method.name}();\n`;
    const line = isStatic ? 2 : 3;
    return {
      id: idFor(`sapui5/2.0/openui5-${slugOf(m.name)}-${slugOf(method.name)}`),
      title: `${owner} (deprecated${method.since ? ` as of ${method.since}` : ""})`,
      ...common(method),
      match: { member: { key: keys } },
      message: `${owner} is deprecated${method.since ? ` as of UI5 ${method.since}` : ""}; UI5 2.x does not have it.`,
      replacement: replacementOf(method),
      effort: "15m",
      references: [apiUrl(m.name)],
      derived: provenance(`${m.name}.${method.name}`),
      examples: [
        {
          file: "webapp/controller/Main.controller.js",
          code: `sap.ui.define(["${m.name}"], function (${local}) {\n${call}});\n`,
          expect: [{ line, column: 3 }],
        },
        {
          file: "webapp/controller/Ok.controller.js",
          code: `sap.ui.define(["${m.name}"], function (${local}) {\n  return ${local};\n});\n`,
          expect: [],
        },
      ],
    };
  }
}

export function renderPack() {
  const pkgDir = path.dirname(require.resolve(`${PACKAGE}/package.json`, { paths: [root] }));
  const version = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8")).version;
  const modules = readUi5Declarations(path.join(pkgDir, "types"));
  const rules = deriveRules(modules, version);
  const pack = {
    erp: "sapui5",
    from: "1.136",
    to: "2.0",
    title: `SAP UI5 1.x → 2.x: derived from ${PACKAGE} ${version}`,
    description: `Every API the OpenUI5 type declarations (${PACKAGE} ${version}, Apache-2.0) mark @deprecated: modules and classes, methods, and the properties, aggregations, associations and events of controls. Each rule carries the release that deprecated it and SAP's note on the replacement; deprecated in 1.x means gone in 2.x (see the hand-written pack). A hand-written rule for the same symbol wins over these.`,
    notes: `Regenerate with: node scripts/derive-ui5.mjs (a test fails when this file drifts from the pinned package). Not here: SAPUI5-only libraries, whose declarations (@sapui5/types) are under SAP's own licence; deprecated enum values and types, which need the property types of the value's target; methods of values only types could tell (what this.byId() or getModel() returns).`,
    derivedFrom: { package: PACKAGE, version },
    rules,
  };
  const header = `# Written by scripts/derive-ui5.mjs from ${PACKAGE} ${version}; do not edit by hand.\n`;
  return { text: header + stringify(pack, { lineWidth: 0 }), rules: rules.length };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { text, rules } = renderPack();
  if (process.argv.includes("--check")) {
    const same = readFileSync(OUT, "utf8") === text;
    console.log(
      same
        ? `${path.relative(root, OUT)} is what ${PACKAGE} gives (${rules} rules)`
        : `${path.relative(root, OUT)} drifted: run node scripts/derive-ui5.mjs`,
    );
    process.exit(same ? 0 : 1);
  }
  writeFileSync(OUT, text);
  console.log(`${path.relative(root, OUT)}: ${rules} rules`);
}
