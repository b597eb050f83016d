import { createHash } from "node:crypto";
import { buildHash, coreBuildHash } from "@uplift/core";
import { TOOL_VERSION } from "./version.js";

let build: string | undefined;

/** The version and the built code of the engine and core: part of every cache key. */
export function toolBuild(): string {
  return (build ??= createHash("sha256")
    .update(`${TOOL_VERSION}\0${coreBuildHash()}\0${buildHash(import.meta.url)}`)
    .digest("hex"));
}
