/** Kept in step with the packages' version; it is part of every result and cache key. */
export const TOOL_VERSION = "0.1.0";
