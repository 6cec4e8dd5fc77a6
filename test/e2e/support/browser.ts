/**
 * Debian's Chromium: Playwright's own browser download cannot reach its host from here.
 * Override with CHROMIUM_PATH on a machine that keeps it elsewhere.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];
