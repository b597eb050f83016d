import type { Language } from "./source-file.js";
import { tokenizeXml } from "./adapters/xml-tokenizer.js";

const WEB_RESOURCE_LANGUAGES: Record<string, Language> = { "1": "html", "3": "javascript", "4": "xml" };

/**
 * A Dynamics solution export names its web resource files without extensions
 * (`/WebResources/new_scriptsaccountjs…`); its customizations.xml says what each one is. Returns
 * the language of each such member, by its path inside the archive.
 */
export interface WebResourceFile {
  language: Language;
  /** The web resource's name (`new_/scripts/account.js`), which is what the organisation calls it. */
  name?: string;
}

export function webResourceLanguages(customizationsXml: string): Map<string, WebResourceFile> {
  const out = new Map<string, WebResourceFile>();
  let current: { fileName?: string; type?: string; name?: string } | undefined;
  let field: string | undefined;
  let text = "";
  tokenizeXml(customizationsXml, {
    openTag(name, _attrs, _s, _e, selfClosing) {
      if (name === "WebResource") current = {};
      else if (current && !selfClosing && (name === "FileName" || name === "WebResourceType" || name === "Name")) {
        field = name;
        text = "";
      }
    },
    closeTag(name) {
      if (current && name === field) {
        if (field === "FileName") current.fileName = text.trim();
        else if (field === "Name") current.name = text.trim();
        else current.type = text.trim();
        field = undefined;
      } else if (name === "WebResource" && current) {
        const language = current.type ? WEB_RESOURCE_LANGUAGES[current.type] : undefined;
        if (current.fileName && language) {
          const entry: WebResourceFile = { language };
          if (current.name) entry.name = current.name;
          out.set(current.fileName.replace(/^[\\/]+/, "").replace(/\\/g, "/"), entry);
        }
        current = undefined;
      }
    },
    text(value) {
      if (field) text += value;
    },
    comment() {},
    problem() {},
  });
  return out;
}
