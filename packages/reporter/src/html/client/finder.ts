import { FIELD, type PayloadFinding } from "../payload-types.js";
import { SEVERITY_NAMES, type ReportData } from "./data.js";
import { clear, groupDigits, h } from "./dom.js";
import { findingCard } from "./finding-card.js";

const PAGE_SIZE = 50;

interface Filters {
  q: string;
  severities: Set<number>;
  hop: number | undefined;
  /** A process index, -1 for "not linked to a process", or undefined for all. */
  process: number | undefined;
  rule: number | undefined;
  file: number | undefined;
  project: number | undefined;
  fix: "" | "auto" | "manual";
  sort: "file" | "severity" | "effort";
}

/** The searchable, filterable list of findings: a page at a time, built from the embedded data. */
export class Finder {
  private shown: PayloadFinding[] = [];
  private page = 0;
  private readonly form: HTMLFormElement;
  private readonly list: HTMLElement;
  private readonly status: HTMLElement;
  private readonly pager: HTMLElement;
  private searchTimer: number | undefined;

  constructor(
    private readonly root: HTMLElement,
    private readonly data: ReportData,
  ) {
    this.form = root.querySelector("form") as HTMLFormElement;
    this.list = root.querySelector("[data-list]") as HTMLElement;
    this.status = root.querySelector("[data-status]") as HTMLElement;
    this.pager = root.querySelector("[data-pager]") as HTMLElement;
    this.form.addEventListener("submit", (e) => e.preventDefault());
    this.form.addEventListener("change", () => this.update());
    this.form.addEventListener("input", (e) => {
      if ((e.target as HTMLInputElement).name !== "q") return;
      window.clearTimeout(this.searchTimer);
      this.searchTimer = window.setTimeout(() => this.update(), 120);
    });
    this.form.addEventListener("reset", () => window.setTimeout(() => this.update(), 0));
    this.pager.addEventListener("click", (e) => {
      const page = (e.target as HTMLElement).closest<HTMLElement>("[data-page]")?.dataset.page;
      if (page === undefined) return;
      this.page = Number(page);
      this.render();
      this.root.scrollIntoView({ block: "start" });
    });
    this.update();
    root.dataset.ready = "true";
  }

  /** Shows only what one filter selects (from a link elsewhere on the page). */
  only(name: string, value: string): void {
    this.form.reset();
    const field = this.form.elements.namedItem(name);
    if (field instanceof HTMLSelectElement) field.value = value;
    this.update();
    this.root.scrollIntoView({ block: "start" });
  }

  private field(name: string): string {
    const el = this.form.elements.namedItem(name);
    return el instanceof HTMLSelectElement || el instanceof HTMLInputElement ? el.value : "";
  }

  private read(): Filters {
    const index = (value: string): number | undefined => (value === "" ? undefined : (this.data.stringIndex.get(value) ?? -2));
    const { rules, processes } = this.data.payload;
    const rule = this.field("rule");
    const process = this.field("process");
    const severities = new Set<number>();
    for (const box of this.form.querySelectorAll<HTMLInputElement>("input[name=severity]"))
      if (box.checked) severities.add(SEVERITY_NAMES.indexOf(box.value as never));
    return {
      q: this.field("q").trim().toLowerCase(),
      severities,
      hop: index(this.field("hop")),
      process: process === "" ? undefined : process === "-" ? -1 : processes.findIndex((p) => p.id === process),
      rule: rule === "" ? undefined : rules.findIndex((r) => r.id === rule),
      file: index(this.field("file")),
      project: index(this.field("project")),
      fix: this.field("fix") as Filters["fix"],
      sort: (this.field("sort") || "file") as Filters["sort"],
    };
  }

  private matches(f: PayloadFinding, filters: Filters, lower: string[] | undefined): boolean {
    if (!filters.severities.has(f[FIELD.severity])) return false;
    if (filters.hop !== undefined && f[FIELD.hop] !== filters.hop) return false;
    if (filters.rule !== undefined && f[FIELD.rule] !== filters.rule) return false;
    if (filters.file !== undefined && f[FIELD.file] !== filters.file) return false;
    if (filters.project !== undefined && f[FIELD.project] !== filters.project) return false;
    if (filters.fix === "auto" && f[FIELD.fixable] !== 1) return false;
    if (filters.fix === "manual" && f[FIELD.fixable] === 1) return false;
    if (filters.process !== undefined) {
      const processes = this.data.processesOf(f);
      if (filters.process === -1 ? processes.length > 0 : !processes.includes(filters.process)) return false;
    }
    if (lower) {
      const q = filters.q;
      const rule = this.data.payload.rules[f[FIELD.rule]];
      const has = (i: number): boolean => i >= 0 && (lower[i]?.includes(q) ?? false);
      if (
        !has(f[FIELD.message]) &&
        !has(f[FIELD.file]) &&
        !has(f[FIELD.snippet]) &&
        !has(f[FIELD.title]) &&
        !has(f[FIELD.enclosing]) &&
        !has(f[FIELD.replacement]) &&
        !(rule?.id.toLowerCase().includes(q) ?? false)
      )
        return false;
    }
    return true;
  }

  private update(): void {
    const filters = this.read();
    const lower = filters.q ? this.data.lowered() : undefined;
    const all = this.data.payload.findings;
    const shown = all.filter((f) => this.matches(f, filters, lower));
    if (filters.sort === "severity") shown.sort((a, b) => a[FIELD.severity] - b[FIELD.severity]);
    if (filters.sort === "effort") shown.sort((a, b) => b[FIELD.effortMaxMinutes] - a[FIELD.effortMaxMinutes]);
    this.shown = shown;
    this.page = 0;
    this.render();
  }

  private render(): void {
    const total = this.shown.length;
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    this.page = Math.min(this.page, pages - 1);
    const start = this.page * PAGE_SIZE;
    const slice = this.shown.slice(start, start + PAGE_SIZE);
    const all = this.data.payload.findings.length;
    this.status.textContent =
      total === 0
        ? `No finding matches (of ${groupDigits(all)}).`
        : `Showing ${groupDigits(start + 1)}–${groupDigits(start + slice.length)} of ${groupDigits(total)} ${total === all ? "" : `matching (${groupDigits(all)} in all)`}`.trim();
    clear(this.list);
    const items = document.createDocumentFragment();
    for (const f of slice) items.append(findingCard(this.data.decode(f)));
    this.list.append(items);
    this.renderPager(pages);
  }

  private renderPager(pages: number): void {
    clear(this.pager);
    if (pages <= 1) return;
    const button = (label: string, page: number, current = false, disabled = false): HTMLButtonElement =>
      h(
        "button",
        {
          type: "button",
          class: current ? "page current" : "page",
          "data-page": page,
          "aria-current": current ? "page" : undefined,
          disabled,
        },
        label,
      );
    const near = new Set([0, pages - 1, this.page - 2, this.page - 1, this.page, this.page + 1, this.page + 2]);
    this.pager.append(button("‹ Previous", this.page - 1, false, this.page === 0));
    let last = -1;
    for (const p of [...near].filter((p) => p >= 0 && p < pages).sort((a, b) => a - b)) {
      if (p > last + 1) this.pager.append(h("span", { class: "gap" }, "…"));
      this.pager.append(button(String(p + 1), p, p === this.page));
      last = p;
    }
    this.pager.append(button("Next ›", this.page + 1, false, this.page === pages - 1));
  }
}
