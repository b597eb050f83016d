export { renderJson } from "./json.js";
export { formatEffort, renderStylish, type StylishOptions } from "./stylish.js";
