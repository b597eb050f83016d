import { describe, expect, it } from "vitest";
import { fixFile, type Finding } from "../src/index.js";

const COMPONENT = [
  "<template>",
  '  <a href="/app/item">{{ show_alert }}</a>',
  "</template>",
  "<script>",
  'show_alert("saved");',
  "</script>",
  "<style>.x { content: 'show_alert' }</style>",
  "",
].join("\n");

const file = { path: "Board.vue", language: "vue" as const, text: COMPONENT };

/** A finding whose fix replaces `find` (its first occurrence at or after `from`) with `text`. */
function replacing(find: string, text: string, from = 0): Finding {
  const start = COMPONENT.indexOf(find, from);
  return { fix: { edit: { start, end: start + find.length, text } } } as Finding;
}

describe("fixes in a Vue component", () => {
  it("write inside the script block", () => {
    const out = fixFile(file, [replacing("show_alert", "frappe.show_alert", COMPONENT.indexOf("<script>"))]);
    expect(out.refused).toBeUndefined();
    expect(out.applied).toBe(1);
    expect(out.after).toBe(COMPONENT.replace('show_alert("saved")', 'frappe.show_alert("saved")'));
  });

  it("never write in the template or the styles", () => {
    const out = fixFile(file, [replacing('"/app/', '"/desk/'), replacing("'show_alert'", "'x'")]);
    expect(out.applied).toBe(0);
    expect(out.after).toBe(COMPONENT);
    expect(out.refused).toBe("a fix of a Vue component writes only inside its <script> blocks");
    // Next to a fix in the script, the one in the template is left out.
    const both = fixFile(file, [replacing('"/app/', '"/desk/'), replacing('"saved"', '"done"')]);
    expect(both.applied).toBe(1);
    expect(both.after).toContain('<a href="/app/item">');
    expect(both.after).toContain('show_alert("done");');
  });

  it("refuse a fix that breaks the script or ends its block", () => {
    expect(fixFile(file, [replacing('("saved");', '("saved";')]).refused).toBe("the fixed file would not parse");
    const closing = fixFile(file, [replacing('"saved"', '"</script><script>"')]);
    expect(closing.applied).toBe(0);
    expect(closing.after).toBe(COMPONENT);
  });
});
