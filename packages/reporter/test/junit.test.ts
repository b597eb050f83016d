import { SaxesParser } from "saxes";
import { describe, expect, it } from "vitest";
import { renderJunit } from "../src/junit.js";
import { expectGolden, finding, HOSTILE, odooResult, scanResult } from "./scan-results.js";

interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** Parses with saxes, a strict XML 1.0 parser: any well-formedness error fails the test. */
function parseXml(xml: string): XmlElement {
  const parser = new SaxesParser({ xmlns: false });
  const errors: string[] = [];
  const stack: XmlElement[] = [{ name: "#document", attributes: {}, children: [], text: "" }];
  parser.on("error", (e) => errors.push(e.message));
  parser.on("opentag", (tag) => {
    const element: XmlElement = { name: tag.name, attributes: { ...(tag.attributes as Record<string, string>) }, children: [], text: "" };
    stack[stack.length - 1]?.children.push(element);
    stack.push(element);
  });
  parser.on("text", (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on("closetag", () => void stack.pop());
  parser.write(xml).close();
  expect(errors).toEqual([]);
  const root = stack[0]?.children[0];
  if (!root) throw new Error("no root element");
  return root;
}

/** A character XML 1.0 cannot carry: C0 controls but tab, LF and CR; surrogates; U+FFFE and U+FFFF. */
function notXml(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c < 0x20 && c !== 0x9 && c !== 0xa && c !== 0xd) || (c >= 0xd800 && c <= 0xdfff) || c === 0xfffe || c === 0xffff;
}

const all = (e: XmlElement, name: string): XmlElement[] => [
  ...e.children.filter((c) => c.name === name),
  ...e.children.flatMap((c) => all(c, name)),
];

describe("renderJunit", () => {
  it("gives a suite per hop, a test case per file and a failure per finding for the fixture", () => {
    const xml = renderJunit(odooResult());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    const root = parseXml(xml);
    expect(root.name).toBe("testsuites");
    const suites = all(root, "testsuite");
    expect(suites.map((s) => s.attributes.name)).toEqual(["uplift odoo 16.0-17.0", "uplift odoo 17.0-18.0", "uplift"]);
    const [first, second, own] = suites;
    expect(first?.attributes).toMatchObject({ tests: "5", failures: "5", errors: "0", skipped: "0" });
    const cases = all(first as XmlElement, "testcase");
    expect(cases.map((c) => c.attributes.name)).toContain("fixtures/odoo/sale_delivery_window/views/sale_order_views.xml");
    expect(cases.every((c) => c.attributes.classname === "sale_delivery_window")).toBe(true);
    expect(all(first as XmlElement, "failure")).toHaveLength(14);
    const attrs = all(first as XmlElement, "failure").find((f) => f.attributes.type === "odoo/17.0/view-attrs-removed");
    expect(attrs?.text).toMatch(/^fixtures\/odoo\/sale_delivery_window\/views\/sale_order_views\.xml:10:24 critical .+ → Write invisible/);
    // A hop without findings still shows a passing test for the project.
    expect(second?.attributes).toMatchObject({ tests: "1", failures: "0" });
    expect(all(second as XmlElement, "testcase")[0]?.children).toEqual([]);
    // Files Uplift could not analyse are skipped tests, not silent.
    expect(own?.attributes).toMatchObject({ tests: "4", failures: "0", skipped: "4" });
    expect(all(own as XmlElement, "skipped")[0]?.attributes.message).toBe("not analysed: no adapter for .py files");
    expect(root.attributes).toMatchObject({ tests: "10", failures: "5", errors: "0", skipped: "4" });
    const properties = Object.fromEntries(all(first as XmlElement, "property").map((p) => [p.attributes.name, p.attributes.value]));
    expect(properties).toEqual({ erp: "odoo", hop: "16.0-17.0", "uplift.version": "0.1.0", findings: "14" });
  });

  it("escapes markup, quotes and CDATA ends, and drops what XML 1.0 cannot carry", () => {
    const hostile = finding({ message: HOSTILE, replacement: HOSTILE, ruleId: `odoo/17.0/"x"&<y>`, file: `addon/a"&<b>'.js` });
    const xml = renderJunit(scanResult([hostile], { unanalysed: [{ file: "addon/z]]>.bin", reason: HOSTILE }] }));
    const root = parseXml(xml);
    expect([...xml].filter(notXml)).toEqual([]);
    expect(xml).not.toContain("]]>");
    const failure = all(root, "failure")[0];
    const cleaned = [...HOSTILE].filter((ch) => !notXml(ch)).join("");
    expect(failure?.attributes.message).toBe(cleaned);
    expect(failure?.attributes.type).toBe(`odoo/17.0/"x"&<y>`);
    expect(failure?.text).toContain(`addon/a"&<b>'.js:3:5 critical ${cleaned}`);
    expect(all(root, "testcase")[0]?.attributes.name).toBe(`addon/a"&<b>'.js`);
    expect(all(root, "skipped")[0]?.attributes.message).toBe(`not analysed: ${cleaned}`);
    expect(all(root, "testcase").map((c) => c.attributes.name)).toContain("addon/z]]>.bin (not analysed)");
  });

  it("puts Uplift's own findings, without a hop, in the uplift suite", () => {
    const parse = finding({ ruleId: "uplift/parse-error", hop: undefined, severity: "high", file: "addon/broken.js" });
    const root = parseXml(renderJunit(scanResult([finding(), parse])));
    const suites = all(root, "testsuite");
    expect(suites.map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures])).toEqual([
      ["uplift odoo 16.0-17.0", "1", "1"],
      ["uplift", "1", "1"],
    ]);
    expect(all(suites[1] as XmlElement, "failure")[0]?.attributes.type).toBe("uplift/parse-error");
  });

  it("shows green tests for a clean scan, one per project", () => {
    const clean = scanResult([], {
      projects: [
        { path: "a", erp: "odoo", from: "16.0", to: "17.0", hops: ["16.0-17.0"] },
        { path: "b", erp: "odoo", from: "16.0", to: "17.0", hops: ["16.0-17.0"] },
        { path: "c", erp: "odoo", from: "17.0", to: "17.0", hops: [] },
      ],
    });
    const root = parseXml(renderJunit(clean));
    expect(root.attributes).toMatchObject({ tests: "3", failures: "0", errors: "0", skipped: "0" });
    expect(all(root, "testcase").map((c) => [c.attributes.classname, c.attributes.name])).toEqual([
      ["a", "a: no findings"],
      ["b", "b: no findings"],
      ["c", "c: no findings"],
    ]);
    const nothing = parseXml(renderJunit(scanResult([], { projects: [] })));
    expect(all(nothing, "testsuite").map((s) => [s.attributes.name, s.attributes.tests, s.attributes.failures])).toEqual([
      ["uplift", "1", "0"],
    ]);
  });

  it("gives every test case of a suite its own name", () => {
    const marker = finding({ ruleId: "uplift/project-marker", hop: undefined, severity: "high", file: "addon/__manifest__.py" });
    const result = scanResult([marker], {
      unanalysed: [
        { file: "addon/__manifest__.py", reason: "binary file" },
        { file: "addon/x.zip", reason: "the archive is cut off" },
        { file: "addon/x.zip", reason: "more than 20000 members; the rest is not read" },
      ],
    });
    for (const suite of all(parseXml(renderJunit(result)), "testsuite")) {
      const names = all(suite, "testcase").map((c) => c.attributes.name);
      expect(new Set(names).size, names.join(", ")).toBe(names.length);
    }
  });

  it("fails only the findings at or above --fail-on; the others are listed and pass", () => {
    const result = scanResult([finding({ severity: "critical" }), finding({ severity: "low", line: 9, file: "addon/low.js" })]);
    const high = parseXml(renderJunit(result, { failOn: "high" }));
    expect(all(high, "failure").map((f) => f.attributes.type)).toHaveLength(1);
    const cases = all(high, "testcase");
    const low = cases.find((c) => c.attributes.name === "addon/low.js");
    expect(low?.children.map((c) => c.name)).toEqual(["system-out"]);
    expect(low?.children[0]?.text).toMatch(/^addon\/low\.js:9:5 low /);
    expect(high.attributes).toMatchObject({ failures: "1" });
    expect(parseXml(renderJunit(result, { failOn: "none" })).attributes).toMatchObject({ failures: "0" });
    expect(parseXml(renderJunit(result, { failOn: "low" })).attributes).toMatchObject({ failures: "2" });
  });

  it("is deterministic and matches the reviewed golden report for the fixture", () => {
    const xml = renderJunit(odooResult());
    expect(renderJunit(odooResult())).toBe(xml);
    expectGolden("odoo.junit.xml", xml);
  });
});
