// How the report is opened in Debian's Chromium, for the browser tests and the screenshot alike.
// UPLIFT_CHROMIUM points elsewhere (and lets one check that the browser suite skips).
export const CHROMIUM = process.env.UPLIFT_CHROMIUM ?? "/usr/bin/chromium";

/** Headless and offline: without the networking flags Chromium keeps calling home on a closed network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
