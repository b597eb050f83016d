/**
 * What the JavaScript adapter knows about a file's values beyond its facts: what it exports and
 * imports, its functions, classes and fields. The binding stage joins these across the files of a
 * project (module exports and imports, class hierarchies, parameters typed by configuration or call
 * sites) before rules are matched.
 *
 * Ids are file-local: a function or class is `@<offset>` (where it starts in the file), a
 * parameter `@<offset>#<index>`, a local variable `@<offset>` of its declarator.
 */

/**
 * A value derived from something local to the file, which only the binding stage can type: a
 * parameter (`root: "@120#0"`), a class's `this` (`root: "@40"`), or an annotated variable; `path`
 * is what is read from it (`getFormContext(0).data.entity`, a call written with its arity).
 */
export interface LocalValue {
  root: string;
  path: string;
  /** The declared type of the root, as written in a TypeScript annotation or a JSDoc tag. */
  type?: string;
}

/** A value as far as one file can tell without running anything. */
export interface JsValue {
  /** A resolved path outside the file's locals: a global, a module export, `this.x`. */
  key?: string;
  local?: LocalValue;
  /** A function declared in this file. */
  fn?: string;
  /** A class declared in this file. */
  cls?: string;
  /** An object literal's properties. */
  props?: Record<string, JsValue>;
  /** A declared type (TypeScript or JSDoc). */
  type?: string;
  /** Made by the file itself (a literal, `new` of its own class): never the vendor's. */
  own?: boolean;
}

export interface JsFunction {
  /** The qualified name it is defined under, if any. */
  name?: string;
  params: number;
}

export interface JsClass {
  /** The name the class is bound to in its scope. */
  local?: string;
  /** The resolved path of its superclass, as facts write paths (`@odoo/owl.Component`, `~Base`). */
  extends?: string;
}

export interface JsBindings {
  /** Module names the file declares: `define("x", …)`, `odoo.define("x", …)`, `@odoo-module alias=x`. */
  names: string[];
  /** Module specifiers the file imports or requires, as written. */
  imports: string[];
  /** What the file exports, by name; `default` for the default export, `module.exports` or an AMD factory's result. */
  exports: Record<string, JsValue>;
  /** `export * from "…"`. */
  reexports: string[];
  functions: Record<string, JsFunction>;
  classes: Record<string, JsClass>;
  /** Class fields by `<class id>.<name>`: their declared type or what is assigned to them. */
  fields: Record<string, JsValue>;
}

export function emptyBindings(): JsBindings {
  return { names: [], imports: [], exports: {}, reexports: [], functions: {}, classes: {}, fields: {} };
}
