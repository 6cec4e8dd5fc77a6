/** The bars that stay stuck to the top of the screen: the app header, and the editor's toolbar. */
const STICKY_BARS = ".app-header, .editor-toolbar-wrap";

/**
 * Scrolls the window so `target`'s top sits just below the sticky bars, instead of under them
 * as `scrollIntoView` would put a clause taller than the screen.
 */
export function scrollBelowStickyBars(target: Element) {
  const covered = [...document.querySelectorAll<HTMLElement>(STICKY_BARS)].reduce((sum, bar) => sum + bar.offsetHeight, 0);
  const top = target.getBoundingClientRect().top + window.scrollY - covered - 12;
  const smooth = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  window.scrollTo({ top: Math.max(0, top), behavior: smooth ? "smooth" : "auto" });
}
