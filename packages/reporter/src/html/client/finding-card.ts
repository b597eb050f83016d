import { SEVERITY_LABELS, type ShownFinding } from "./data.js";
import { h, isWebAddress, withCode } from "./dom.js";

function hopLabel(hop: string): string {
  return hop.split("-").join(" → ");
}

function links(urls: readonly string[]): Array<Node | string> {
  return urls.flatMap((url, i) => [i > 0 ? ", " : "", isWebAddress(url) ? h("a", { href: url }, url) : h("span", null, url)]);
}

function snippet(f: ShownFinding): HTMLElement {
  const more = f.endLine > f.line ? h("span", { class: "snippet-more" }, `… to line ${f.endLine}`) : null;
  return h(
    "div",
    { class: "snippet", role: "group", "aria-label": `Code at line ${f.line}` },
    h("span", { class: "snippet-line", "aria-hidden": "true" }, f.line),
    h("code", { class: "snippet-code" }, f.snippet || " "),
    more,
  );
}

function ruleDocs(f: ShownFinding): HTMLElement {
  const rule = f.rule;
  return h(
    "details",
    { class: "rule-docs" },
    h("summary", null, "About the rule ", h("code", null, rule.id)),
    h("p", null, h("strong", null, withCode(rule.title))),
    rule.docs ? h("p", null, withCode(rule.docs)) : null,
    rule.doubt ? h("p", { class: "doubt" }, h("strong", null, "Doubt: "), withCode(rule.doubt)) : null,
    rule.replacement ? h("p", null, h("strong", null, "Do instead: "), withCode(rule.replacement)) : null,
    rule.tests.length > 0 ? h("div", null, h("strong", null, "Retest:"), h("ul", null, ...rule.tests.map((t) => h("li", null, t)))) : null,
    h(
      "p",
      { class: "muted small" },
      `Effort per occurrence: ${rule.effort || "not estimated"} · ${rule.count} ${rule.count === 1 ? "finding" : "findings"} in this report`,
    ),
    rule.references.length > 0 ? h("p", { class: "small" }, "References: ", ...links(rule.references)) : null,
  );
}

export function findingCard(f: ShownFinding): HTMLLIElement {
  const where = `${f.file}:${f.line}:${f.column}`;
  const impact = [
    f.artefacts.length > 0 ? `Reaches ${f.artefacts.map((a) => `${a.type} ${a.name}${a.record ? ` (${a.record})` : ""}`).join(", ")}` : "",
    f.processes.length > 0 ? `Processes: ${f.processes.join(", ")}` : "",
  ].filter(Boolean);
  return h(
    "li",
    { class: `finding finding-${f.severity}` },
    h(
      "div",
      { class: "finding-head" },
      h("span", { class: `sev sev-${f.severity}` }, SEVERITY_LABELS[f.severity]),
      h("span", { class: "finding-title" }, withCode(f.title)),
      h(
        "span",
        { class: "finding-meta" },
        f.hop ? h("span", null, hopLabel(f.hop)) : null,
        h("span", { title: "Estimated effort" }, f.effort),
        h("span", { class: f.fixable ? "fix fix-auto" : "fix" }, f.fixable ? "Auto-fix available" : "Manual fix"),
      ),
    ),
    h(
      "div",
      { class: "finding-loc" },
      h("code", null, where),
      f.enclosing ? h("span", { class: "muted" }, " in ", h("code", null, f.enclosing)) : null,
      f.project && f.project !== "." ? h("span", { class: "muted" }, ` · ${f.project}`) : null,
    ),
    snippet(f),
    h("p", { class: "finding-message" }, withCode(f.message)),
    f.replacement ? h("p", { class: "finding-replacement" }, h("strong", null, "Do instead: "), withCode(f.replacement)) : null,
    impact.length > 0 ? h("p", { class: "finding-impact small" }, impact.join(" · ")) : null,
    f.relatedTo
      ? h(
          "p",
          { class: "finding-related small" },
          "Related: ",
          h("code", null, f.relatedTo),
          " hits the same place; the effort is counted there.",
        )
      : null,
    f.shared ? h("p", { class: "finding-shared small" }, f.shared) : null,
    f.references.length > 0 ? h("p", { class: "finding-refs small" }, "References: ", ...links(f.references)) : null,
    ruleDocs(f),
  );
}
