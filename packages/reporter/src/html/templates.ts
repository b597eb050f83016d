import type Handlebars from "handlebars";
import { handlebars } from "./escape.js";
import { TEMPLATES } from "./generated/assets.js";
import { helpers } from "./helpers.js";

/** The page template; every other template is a partial, named after its file. */
export const LAYOUT = "layout";

let compiled: Handlebars.TemplateDelegate | undefined;

/**
 * The page template, compiled once from the text embedded at build time, in its own Handlebars
 * environment so that the report's helpers and partials never leak into another user's.
 */
export function layoutTemplate(): Handlebars.TemplateDelegate {
  if (compiled) return compiled;
  const env = handlebars().create();
  for (const [name, fn] of Object.entries(helpers)) env.registerHelper(name, fn);
  for (const [name, text] of Object.entries(TEMPLATES)) if (name !== LAYOUT) env.registerPartial(name, env.compile(text));
  const layout = TEMPLATES[LAYOUT];
  if (layout === undefined) throw new Error("the report layout template is missing from the build");
  compiled = env.compile(layout);
  return compiled;
}
