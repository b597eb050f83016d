import fc from "fast-check";

/**
 * Mutations of a file's bytes, the kinds that break parsers: flipped bytes, cuts, Unicode spaces
 * and controls next to `<`, `&` and quotes, references, comment and CDATA markers, deep nesting,
 * other encodings, repeated slices.
 */
export type Mutation =
  | { op: "flip"; at: number; byte: number }
  | { op: "cut"; at: number }
  | { op: "drop"; at: number; length: number }
  | { op: "insert"; at: number; text: string }
  | { op: "beside"; mark: number; after: boolean; text: string }
  | { op: "nest"; at: number; depth: number; style: number }
  | { op: "repeat"; at: number; length: number; times: number }
  | { op: "encode"; as: "utf16le" | "latin1" | "bom" };

/** What goes next to `<`, `&` and quotes: XML's near misses and JavaScript's. */
export const FRAGMENTS = [
  "<",
  "&",
  '"',
  "'",
  ">",
  "=",
  "/",
  "\u1680",
  "\u2000",
  "\u200A",
  "\u2028",
  "\u2029",
  "\u202F",
  "\u205F",
  "\u3000",
  "\uFEFF",
  "\u0000",
  "\u0001",
  "\u001F",
  "\uFFFE",
  "\uD800",
  "\u{1F600}",
  "&#0;",
  "&#x110000;",
  "&#xZZ;",
  "&amp",
  "&nbsp;",
  "&lt;",
  "--",
  "<!--",
  "-->",
  "]]>",
  "<![CDATA[",
  "<?xml version='1.0'?>",
  "<!DOCTYPE x [<!ENTITY e 'v'>]>",
  "${",
  "`",
  "/*",
  "*/",
  "//",
  "\\",
  "\r",
  "\n",
  "\t",
  'attrs="{}"',
  "Xrm.Page.",
  "getServerUrl()",
  "odoo.define(",
  "require('web.rpc')",
  "uplift-ignore-next-line ",
];

const MARKS = ["<", "&", '"', "'"];

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ op: fc.constant("flip" as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("cut" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant("drop" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant("insert" as const), at: fc.nat(), text: fc.constantFrom(...FRAGMENTS) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant("beside" as const),
      mark: fc.nat(),
      after: fc.boolean(),
      text: fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ unit: "grapheme", maxLength: 4 })),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ op: fc.constant("nest" as const), at: fc.nat(), depth: fc.integer({ min: 1, max: 3000 }), style: fc.nat(3) }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("repeat" as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 200 }),
      times: fc.integer({ min: 2, max: 400 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant("encode" as const),
      as: fc.constantFrom("utf16le" as const, "latin1" as const, "bom" as const),
    }),
  },
);

const NESTS: Array<[string, string]> = [
  ["<a>", "</a>"],
  ["[", "]"],
  ["(", ")"],
  ["{", "}"],
];

/** Files never grow past this, so that one case stays one case. */
const MAX_BYTES = 2 * 1024 * 1024;

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const b = Buffer.from(bytes);
  const at = (n: number): number => (b.length === 0 ? 0 : n % (b.length + 1));
  switch (m.op) {
    case "flip": {
      if (b.length === 0) return b;
      const out = Buffer.from(b);
      out[m.at % b.length] = m.byte;
      return out;
    }
    case "cut":
      return b.subarray(0, at(m.at));
    case "drop":
      return Buffer.concat([b.subarray(0, at(m.at)), b.subarray(at(m.at) + m.length)]);
    case "insert":
      return Buffer.concat([b.subarray(0, at(m.at)), Buffer.from(m.text, "utf8"), b.subarray(at(m.at))]);
    case "beside": {
      const text = b.toString("latin1");
      const marks: number[] = [];
      for (let i = 0; i < text.length && marks.length < 5000; i++) if (MARKS.includes(text[i]!)) marks.push(i);
      const where = marks.length === 0 ? at(m.mark) : marks[m.mark % marks.length]! + (m.after ? 1 : 0);
      return Buffer.concat([b.subarray(0, where), Buffer.from(m.text, "utf8"), b.subarray(where)]);
    }
    case "nest": {
      const [open, close] = NESTS[m.style % NESTS.length]!;
      const i = at(m.at);
      const grown = Buffer.concat([b.subarray(0, i), Buffer.from(open.repeat(m.depth)), b.subarray(i), Buffer.from(close.repeat(m.depth))]);
      return grown.length > MAX_BYTES ? b : grown;
    }
    case "repeat": {
      const i = at(m.at);
      const slice = b.subarray(i, i + m.length);
      const grown = Buffer.concat([b.subarray(0, i), ...Array<Buffer>(m.times).fill(slice), b.subarray(i)]);
      return grown.length > MAX_BYTES ? b : grown;
    }
    case "encode": {
      const text = b.toString("utf8");
      if (m.as === "utf16le") return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
      if (m.as === "bom") return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]);
      return Buffer.from(text, "latin1");
    }
  }
}
