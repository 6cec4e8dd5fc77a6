import { useLocation } from "@remix-run/react";
import { useEffect } from "react";
import { scrollBelowStickyBars } from "~/components/documents/scroll-below-sticky-bars";
import { findSection } from "~/components/documents/section-anchors";

const HIGHLIGHT_MS = 2000;
const WAIT_FOR_EDITOR_MS = 8000;

/**
 * On a document page opened from a search hit (`#clause-…` or `#heading-slug`): once the editor
 * has rendered, scroll the clause or heading to just below the sticky bars and highlight it
 * briefly. It follows the location's hash, so a second link into the same document (a client-side
 * navigation, which fires no `hashchange`) scrolls too.
 */
export function ScrollToAnchor() {
  const { hash, key } = useLocation();
  useEffect(() => {
    const anchor = decodeURIComponent(hash.slice(1));
    if (!anchor) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const attempt = () => {
      if (cancelled) return;
      const target = findSection(document, anchor);
      if (!target) {
        if (Date.now() - started < WAIT_FOR_EDITOR_MS) timer = setTimeout(attempt, 100);
        return;
      }
      scrollBelowStickyBars(target);
      target.classList.add("search-target");
      target.setAttribute("data-search-target", "");
      timer = setTimeout(() => {
        target.classList.remove("search-target");
        target.removeAttribute("data-search-target");
      }, HIGHLIGHT_MS);
    };
    attempt();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // `key`: following the same link again scrolls again.
  }, [hash, key]);
  return null;
}
