#!/usr/bin/env node
/**
 * Builds a hostile tree: everything a stranger's repository can hold that has broken Uplift or
 * could — broken markers, XML a tokenizer can trip on, names that are not UTF-8, named pipes, link
 * loops, zip bombs, cut-off and lying archives, archives of tens of thousands of members, a file
 * with a hundred thousand findings, deep nesting. The fuzzing tests scan a small one; measure
 * memory on a full one:
 *
 *   node test/fuzz/hostile-tree.mjs /tmp/hostile --full
 *   /usr/bin/time -v node packages/cli/dist/bin.js scan /tmp/hostile --format json > /dev/null
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { constants, deflateRawSync } from "node:zlib";
import { zipOf } from "./zip-writer.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, "../..");

const MANIFEST = "{'name': 'Hostile', 'version': '16.0.1.0.0', 'depends': ['sale'], 'data': ['views/v.xml']}\n";
const VIEW = (body) =>
  `<?xml version="1.0" encoding="utf-8"?>\n<odoo><record id="v" model="ir.ui.view"><field name="arch" type="xml">\n<form>${body}</form>\n</field></record></odoo>\n`;
const SOLUTION =
  '<ImportExportXml version="9.2.23052.00188"><SolutionManifest><UniqueName>Hostile</UniqueName></SolutionManifest></ImportExportXml>\n';
/** The spaces JavaScript's \s knows and XML does not, and the byte-order mark. */
export const UNICODE_SPACES = ["\u1680", "\u2000", "\u2005", "\u200A", "\u2028", "\u2029", "\u202F", "\u205F", "\u3000", "\uFEFF"];

/** A deflate stream of `gigabytes` GiB of zeros, about a thousandth of that long, made in a blink. */
export function zeroBomb(sixteenMiBBlocks) {
  const block = deflateRawSync(Buffer.alloc(16 * 1024 * 1024), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  return Buffer.concat([...Array(sixteenMiBBlocks).fill(block), Buffer.from([0x03, 0x00])]);
}

/**
 * @param {string} dir  where to build (emptied first)
 * @param {{ full?: boolean }} options  full: the sizes that once took 6 GB (a 2 MB bomb, 25,000
 *   members, a 1 MB file of 100,000 findings); otherwise small enough for every test run
 * @returns {string[]} what it planted, one line each
 */
export function makeHostileTree(dir, options = {}) {
  const full = options.full === true;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const planted = [];
  const put = (rel, content, why) => {
    const file = typeof rel === "string" ? path.join(dir, rel) : Buffer.concat([Buffer.from(`${dir}/`), rel]);
    if (typeof rel === "string") mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
    planted.push(`${typeof rel === "string" ? rel : rel.toString("latin1")}: ${why}`);
  };

  // A real addon, and addons whose manifests are broken.
  cpSync(path.join(repoRoot, "fixtures/odoo/sale_delivery_window"), path.join(dir, "addons/sale_delivery_window"), { recursive: true });
  planted.push("addons/sale_delivery_window: a real addon");
  const broken = {
    nul: "{'name': 'x',\0 'version': '16.0.1.0.0'}\n",
    noversion: "{'name': 'x', 'depends': ['sale']}\n",
    unknownversion: "{'name': 'x', 'version': '9.0.1.0.0'}\n",
    python: "{'name': 'x' 'version': '16.0.1.0.0'\n",
    empty: "",
  };
  for (const [name, manifest] of Object.entries(broken)) {
    put(`addons/${name}/__manifest__.py`, manifest, `manifest: ${name}`);
    put(`addons/${name}/views/v.xml`, VIEW('<field name="a" attrs="{}"/>'), "a view the manifest's state must not hide");
    put(`addons/${name}/static/src/a.js`, "odoo.define('x', function (require) { require('web.rpc'); });\n", "legacy JS");
  }

  // XML that trips tokenizers, and XML that only looks odd.
  const x = "addons/xmlish/";
  put(`${x}__manifest__.py`, MANIFEST, "manifest");
  UNICODE_SPACES.forEach((space, i) =>
    put(`${x}views/space${i}.xml`, VIEW(`<${space}x attrs="{}"/><field attrs="{}"/>`), `'<' + U+${space.codePointAt(0).toString(16)}`),
  );
  put(`${x}views/feff-name.xml`, VIEW('<field\uFEFFx attrs="{}"/>'), "U+FEFF inside a name: well-formed");
  put(`${x}views/controls.xml`, VIEW('<field attrs="{}">\u0001\u0008</field>'), "C0 controls");
  put(`${x}views/late-nul.xml`, VIEW(`<field attrs="{}">${"x".repeat(9000)}\u0000</field>`), "a NUL past the binary sniff");
  put(`${x}views/refs.xml`, VIEW('<field attrs="{}">&#0; &#xZZ; &#1114112; & &nbsp;</field>'), "malformed and undefined references");
  put(`${x}views/comment.xml`, VIEW('<!-- a -- b --><field attrs="{}"/>'), "'--' in a comment");
  put(`${x}views/after-root.xml`, `${VIEW('<field attrs="{}"/>')}trailing text`, "text after the root");
  put(`${x}views/deep.xml`, `<odoo>${'<a attrs="{}">'.repeat(full ? 200_000 : 5_000)}</odoo>`, "deep nesting");
  put(`${x}views/quotes.xml`, VIEW(`<field attrs='{"a": "<"}' name="x" name="y"/>`), "quotes, '<' in a value, a repeated attribute");
  put(
    `${x}static/src/deep.js`,
    `odoo.define('x', function (require) { require('web.rpc'); var x = ${"[".repeat(full ? 100_000 : 5_000)}; });`,
    "deep JS nesting",
  );
  put(`${x}static/src/deep.json`, `{"assets": ${"[".repeat(full ? 100_000 : 5_000)}`, "deep JSON nesting");
  put(
    `${x}static/src/utf16.js`,
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("odoo.define('m', function (require) { require('web.rpc'); });", "utf16le")]),
    "UTF-16",
  );

  // A hundred thousand findings from one file.
  const rows = full ? 100_000 : 3_000;
  put(`${x}views/many.xml`, VIEW(Array.from({ length: rows }, () => '<f attrs="{}"/>').join("\n")), `${rows} findings of one rule`);
  put(`${x}views/huge.xml`, `<odoo>${"<a/>".repeat(full ? 1_200_000 : 1_100_000)}</odoo>`, "over the size limit");

  // Names that are not UTF-8, hiding nothing.
  put(Buffer.from("addons/xmlish/views/caf\xe9.xml", "latin1"), VIEW('<field attrs="{}"/>'), "file name not UTF-8");
  mkdirSync(Buffer.from(`${dir}/addons/xmlish/d\xff`, "latin1"));
  put(Buffer.from("addons/xmlish/d\xff/x.js", "latin1"), "Xrm.Page.ui;", "folder name not UTF-8");

  // Special files and links.
  if (spawnSync("mkfifo", [path.join(dir, "addons/xmlish/static/src/pipe.js")]).status === 0) planted.push("pipe.js: a named pipe");
  mkdirSync(path.join(dir, "addons/xmlish/loop"), { recursive: true });
  symlinkSync(path.join(dir, "addons"), path.join(dir, "addons/xmlish/loop/back"));
  symlinkSync("/", path.join(dir, "addons/xmlish/escape"));
  planted.push("links: a loop and one out of the tree");
  put(".gitignore", `${"*a".repeat(30)}*b\n@(a|aa)+(@(a|aa))\n`, "ignore patterns that backtrack elsewhere");
  put(`${"n".repeat(200)}/${"m".repeat(200)}.js`, "x();", "a long name");

  // Dynamics: a solution export, loose web resources beside it, hostile archives.
  put("dynamics/Hostile/Other/Solution.xml", SOLUTION, "unpacked solution");
  put("dynamics/Hostile/WebResources/a.js", "Xrm.Page.getAttribute('x').getValue();\n", "web resource");
  put("dynamics/loose/form.js", "Xrm.Page.ui.close();\n", "loose web resource beside the export");
  put(
    "dynamics/Hostile/WebResources/deep.html",
    `<body>${"<div>".repeat(full ? 200_000 : 5_000)}<script>Xrm.Page.ui.close();</script></body>`,
    "deep HTML nesting",
  );
  const customizations = `<ImportExportXml><WebResources><WebResource><Name>new_/a.js</Name><FileName>/WebResources/new_a</FileName><WebResourceType>3</WebResourceType></WebResource><<\u3000/></WebResources></ImportExportXml>`;
  const goodMembers = [
    { name: "solution.xml", data: Buffer.from(SOLUTION.replace("<SolutionManifest>", "<\u2000 <SolutionManifest>")) },
    { name: "customizations.xml", data: Buffer.from(customizations) },
    { name: "WebResources/new_a", data: Buffer.from("Xrm.Page.ui.close();\n") },
  ];
  put("dynamics/Sol_1_0.zip", zipOf(goodMembers), "a solution zip whose XML trips tokenizers");
  const bomb = zeroBomb(full ? 128 : 4);
  put(
    "dynamics/Bomb_1_0.zip",
    zipOf([
      ...goodMembers,
      { name: "WebResources/honest", data: Buffer.alloc(0), compressed: bomb, size: 0xffffffff, crc: 0 },
      { name: "WebResources/liar.js", data: Buffer.alloc(0), compressed: bomb, size: 1000, crc: 0 },
    ]),
    `a ${(bomb.length / 1024 / 1024).toFixed(1)} MB zip bomb, honest and lying about its size`,
  );
  const whole = zipOf(goodMembers);
  put("dynamics/Cut_1_0.zip", whole.subarray(0, Math.floor(whole.length * 0.6)), "cut off");
  const damaged = Buffer.from(
    zipOf([
      ...goodMembers,
      { name: "WebResources/x.js", data: Buffer.from("Xrm.Page;"), method: 0, crc: 1 },
      { name: "WebResources/e.js", data: Buffer.from("Xrm.Page;"), flags: 1 },
    ]),
  );
  put("dynamics/Damaged_1_0.zip", damaged, "wrong CRC, encrypted member");
  put(
    "dynamics/Climb_1_0.zip",
    zipOf([...goodMembers, { name: "/../evil.js", data: Buffer.from("x") }, { name: "//abs/x.js", data: Buffer.from("y") }]),
    "names that climb out",
  );
  const many = full ? 25_000 : 2_600;
  put(
    "dynamics/Many_1_0.zip",
    zipOf([
      ...goodMembers,
      ...Array.from({ length: many }, (_, i) => ({ name: `WebResources/m${i}.js`, data: Buffer.from(`f${i}();`), method: 0 })),
    ]),
    `${many} members`,
  );
  return planted;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (!target) {
    process.stderr.write("usage: node test/fuzz/hostile-tree.mjs <dir> [--full]\n");
    process.exit(2);
  }
  const planted = makeHostileTree(path.resolve(target), { full: process.argv.includes("--full") });
  process.stdout.write(`${planted.join("\n")}\n`);
}
