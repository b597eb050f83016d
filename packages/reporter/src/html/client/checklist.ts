import { azureTestPlansCsv, checklistDocument, testRailCsv, xrayCsv } from "../../checklist-formats.js";
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
  const { sections, title, generatedAt, fileStem } = payload.checklist;
  const known = new Set(sections.flatMap((s) => s.items.map((i) => i.id)));
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
    if (action === "export-csv") download(`${fileStem}.csv`, "text/csv;charset=utf-8", testRailCsv(sections, done));
    if (action === "export-azure") download(`${fileStem}-azure-test-plans.csv`, "text/csv;charset=utf-8", azureTestPlansCsv(sections));
    if (action === "export-xray") download(`${fileStem}-xray.csv`, "text/csv;charset=utf-8", xrayCsv(sections));
    if (action === "export-markdown")
      download(`${fileStem}.md`, "text/markdown;charset=utf-8", checklistDocument(title, generatedAt, sections, done));
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
