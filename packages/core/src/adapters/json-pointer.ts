/** RFC 6901 escaping of one pointer segment. */
export function pointerSegment(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

export function pointer(path: ReadonlyArray<string | number>): string {
  return path.length === 0 ? "" : `/${path.map(pointerSegment).join("/")}`;
}
