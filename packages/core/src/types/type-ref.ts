/**
 * A reference to a declared type as the declaration map writes it: a fully qualified name with
 * type arguments (`Xrm.Collection.ItemCollection<Xrm.Controls.Tab>`), a type parameter (`T`), or
 * `this` (the type the member is read from).
 */
export interface TypeRef {
  name: string;
  args: TypeRef[];
}

export function formatTypeRef(ref: TypeRef): string {
  return ref.args.length === 0 ? ref.name : `${ref.name}<${ref.args.map(formatTypeRef).join(", ")}>`;
}

/** Reads what `formatTypeRef` writes; anything else gives undefined. */
export function parseTypeRef(text: string): TypeRef | undefined {
  let at = 0;
  const read = (): TypeRef | undefined => {
    while (text[at] === " ") at++;
    const start = at;
    while (at < text.length && !"<>, ".includes(text[at]!)) at++;
    const name = text.slice(start, at);
    if (!name) return undefined;
    const args: TypeRef[] = [];
    if (text[at] === "<") {
      at++;
      for (;;) {
        const arg = read();
        if (!arg) return undefined;
        args.push(arg);
        while (text[at] === " ") at++;
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === ">") {
          at++;
          break;
        }
        return undefined;
      }
    }
    return { name, args };
  };
  const ref = read();
  return ref && at === text.length ? ref : undefined;
}

/** Replaces type parameters by what they are bound to. */
export function substitute(ref: TypeRef, bound: ReadonlyMap<string, TypeRef>): TypeRef {
  const direct = ref.args.length === 0 ? bound.get(ref.name) : undefined;
  if (direct) return direct;
  return { name: ref.name, args: ref.args.map((a) => substitute(a, bound)) };
}
