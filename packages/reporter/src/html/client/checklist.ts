import type { ReportPayload } from "../payload-types.js";
import { groupDigits } from "./dom.js";

/** Where ticks are kept: per report, so two reports opened from disk keep theirs apart. */
export function storageKey(reportId: string): string {
  return `uplift:checklist:${reportId}`;
}

function load(key: string): Set<string> {
  try {
    const saved: unknown = JSON.parse(window.localStorage.getItem(key) ?? "[]");
    return new Set(Array.isArray(saved) ? saved.filter((x): x is string => typeof x === "string") : []);
  } catch {
    return new Set();
  }
}

/** TestRail's CSV with each item's status from the ticks: the same rows as `uplift … --format checklist-csv`. */
export function csvWithStatus(header: string, rows: readonly string[], ids: readonly string[], done: ReadonlySet<string>): string {
  const lines = rows.map((row, n) => `${row},${done.has(ids[n] ?? "") ? "Passed" : "Untested"}`);
  return `${[header, ...lines].join("\r\n")}\r\n`;
}

/** The Markdown export with the items ticked so far: the n-th `- [ ] ` line is the n-th item. */
export function tickMarkdown(markdown: string, ids: readonly string[], done: ReadonlySet<string>): string {
  let n = 0;
  return markdown
    .split("\n")
    .map((line) => {
      if (!line.startsWith("- [ ] ")) return line;
      const id = ids[n++];
      return id !== undefined && done.has(id) ? `- [x] ${line.slice(6)}` : line;
    })
    .join("\n");
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Ticks that survive a reload, the progress bar and the exports. */
export function setUpChecklist(payload: ReportPayload): void {
  const key = storageKey(payload.reportId);
  const done = load(key);
  const known = new Set(payload.checklist.ids);
  const boxes = [...document.querySelectorAll<HTMLInputElement>("input.check-box")];
  const bar = document.querySelector<HTMLElement>("[data-progress-bar]");
  const text = document.querySelector<HTMLElement>("[data-progress-text]");
  const progress = document.querySelector<HTMLElement>("[role=progressbar]");
  let storageWorks = true;

  const show = (): void => {
    const count = [...done].filter((id) => known.has(id)).length;
    const total = known.size;
    for (const box of boxes) {
      const id = box.dataset.itemId ?? "";
      box.checked = done.has(id);
      box.closest(".check-item")?.classList.toggle("done", box.checked);
    }
    if (bar) bar.style.width = `${total === 0 ? 0 : (100 * count) / total}%`;
    if (progress) progress.setAttribute("aria-valuenow", String(count));
    if (text)
      text.textContent = `${groupDigits(count)} of ${groupDigits(total)} done${storageWorks ? "" : " (this browser does not keep them)"}`;
  };
  const save = (): void => {
    try {
      window.localStorage.setItem(key, JSON.stringify([...done].sort()));
    } catch {
      storageWorks = false;
    }
  };

  for (const box of boxes) {
    box.addEventListener("change", () => {
      const id = box.dataset.itemId ?? "";
      if (box.checked) done.add(id);
      else done.delete(id);
      save();
      show();
    });
  }
  document.addEventListener("click", (e) => {
    const action = (e.target as HTMLElement).closest<HTMLElement>("[data-action]")?.dataset.action;
    const { ids, exports } = payload.checklist;
    const { testRail, azure, xray, markdown, fileStem } = exports;
    if (action === "export-csv")
      download(`${fileStem}.csv`, "text/csv;charset=utf-8", csvWithStatus(testRail.header, testRail.rows, ids, done));
    if (action === "export-azure") download(`${fileStem}-azure-test-plans.csv`, "text/csv;charset=utf-8", azure);
    if (action === "export-xray") download(`${fileStem}-xray.csv`, "text/csv;charset=utf-8", xray);
    if (action === "export-markdown") download(`${fileStem}.md`, "text/markdown;charset=utf-8", tickMarkdown(markdown, ids, done));
    if (action === "clear-checks" && done.size > 0 && window.confirm("Clear every tick of this checklist?")) {
      done.clear();
      save();
      show();
    }
  });
  window.addEventListener("storage", (e) => {
    if (e.key !== key) return;
    for (const id of [...done]) done.delete(id);
    for (const id of load(key)) done.add(id);
    show();
  });
  show();
}
