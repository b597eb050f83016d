/// <reference lib="dom" />
// The browser side builds every element through h(): values become text nodes or properties,
// never markup, so customer text cannot turn into HTML here.

type Child = Node | string | number | false | null | undefined;
type Props = Record<string, string | number | boolean | undefined>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === false) continue;
    if (name === "class") el.className = String(value);
    else if (name === "href") setLink(el as unknown as HTMLAnchorElement, String(value));
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, children);
  return el;
}

export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "string" || typeof child === "number" ? document.createTextNode(String(child)) : child);
  }
}

/** Only http(s) addresses become links: a `javascript:` reference stays text. */
export function isWebAddress(url: string): boolean {
  return /^https?:\/\/[^\s"'<>`]+$/i.test(url);
}

function setLink(a: HTMLAnchorElement, url: string): void {
  if (!isWebAddress(url)) return;
  a.href = url;
  a.rel = "noopener noreferrer";
  a.target = "_blank";
}

/** Rule text with `code` spans, as text and <code> nodes. */
export function withCode(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const parts = text.split("`");
  if (parts.length % 2 === 0) {
    fragment.append(text);
    return fragment;
  }
  parts.forEach((part, i) => fragment.append(i % 2 === 1 ? h("code", null, part) : part));
  return fragment;
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
