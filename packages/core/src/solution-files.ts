import type { Language } from "./source-file.js";
import { tokenizeXml } from "./adapters/xml-tokenizer.js";

const WEB_RESOURCE_LANGUAGES: Record<string, Language> = { "1": "html", "3": "javascript", "4": "xml" };

/**
 * A Dynamics solution export names its web resource files without extensions
 * (`/WebResources/new_scriptsaccountjs…`); its customizations.xml says what each one is. Returns
 * the language of each such member, by its path inside the archive.
 */
export function webResourceLanguages(customizationsXml: string): Map<string, Language> {
  const out = new Map<string, Language>();
  let current: { fileName?: string; type?: string } | undefined;
  let field: string | undefined;
  let text = "";
  tokenizeXml(customizationsXml, {
    openTag(name, _attrs, _s, _e, selfClosing) {
      if (name === "WebResource") current = {};
      else if (current && !selfClosing && (name === "FileName" || name === "WebResourceType")) {
        field = name;
        text = "";
      }
    },
    closeTag(name) {
      if (current && name === field) {
        if (field === "FileName") current.fileName = text.trim();
        else current.type = text.trim();
        field = undefined;
      } else if (name === "WebResource" && current) {
        const language = current.type ? WEB_RESOURCE_LANGUAGES[current.type] : undefined;
        if (current.fileName && language) out.set(current.fileName.replace(/^[\\/]+/, "").replace(/\\/g, "/"), language);
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
