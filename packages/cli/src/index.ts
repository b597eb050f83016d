export { main } from "./main.js";
export { exitCodeFor } from "./commands/scan.js";
