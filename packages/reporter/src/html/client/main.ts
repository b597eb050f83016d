/// <reference lib="dom" />
// The report's browser script: the findings list, the checklist's ticks and exports, and the small
// conveniences (filter links, show-all buttons, print). Everything it shows comes from the JSON
// embedded in the page and is written as text.
import { setUpChecklist } from "./checklist.js";
import { ReportData, readPayload } from "./data.js";
import { Finder } from "./finder.js";

function start(): void {
  document.documentElement.classList.add("js");
  const data = new ReportData(readPayload());
  const finderRoot = document.getElementById("finder");
  const finder = finderRoot ? new Finder(finderRoot, data) : undefined;
  setUpChecklist(data.payload);

  document.addEventListener("click", (e) => {
    const target = e.target as HTMLElement;
    const link = target.closest<HTMLElement>(".filter-link");
    if (link && finder) {
      e.preventDefault();
      finder.only(link.dataset.filter ?? "", link.dataset.value ?? "");
      return;
    }
    const action = target.closest<HTMLElement>("[data-action]");
    if (action?.dataset.action === "print") window.print();
    if (action?.dataset.action === "expand") {
      const expanded = action.previousElementSibling?.classList.toggle("expanded") ?? false;
      action.dataset.label ??= action.textContent ?? "";
      action.textContent = expanded ? "Show fewer" : action.dataset.label;
    }
  });
  document.addEventListener("keydown", (e) => {
    const typing = e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement || e.target instanceof HTMLTextAreaElement;
    if (e.key === "/" && !typing) {
      e.preventDefault();
      finderRoot?.querySelector<HTMLInputElement>("input[name=q]")?.focus();
    }
  });
}

start();
