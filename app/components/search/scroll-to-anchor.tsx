import { useEffect } from "react";
import { slugifyHeading } from "~/editor/anchors";

const HIGHLIGHT_MS = 2000;
const WAIT_FOR_EDITOR_MS = 8000;

/** The element a search hit's anchor points at: a clause position, or a heading by its derived slug. */
function findTarget(root: ParentNode, anchor: string): HTMLElement | null {
  if (anchor.startsWith("clause-")) {
    const byId = root.querySelector<HTMLElement>(`[data-clause-id="${CSS.escape(anchor.slice("clause-".length))}"]`);
    if (byId) return byId;
  }
  const editor = root.querySelector(".ProseMirror");
  if (!editor) return null;
  // Same numbering as the server: clause anchors are taken first, then headings in order.
  const used = new Set<string>();
  for (const clause of editor.querySelectorAll<HTMLElement>("[data-clause-id]")) used.add(`clause-${clause.dataset.clauseId || "unnamed"}`);
  for (const heading of editor.querySelectorAll<HTMLElement>("h1, h2, h3, h4, h5, h6")) {
    const base = slugifyHeading(heading.textContent?.trim() ?? "");
    let slug = base;
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`;
    used.add(slug);
    if (slug === anchor) return heading;
  }
  return null;
}

/**
 * On a document page opened from a search hit (`#clause-…` or `#heading-slug`): once the editor
 * has rendered, scroll the clause or heading into view and highlight it briefly.
 */
export function ScrollToAnchor() {
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const go = () => {
      const anchor = decodeURIComponent(window.location.hash.slice(1));
      if (!anchor) return;
      const started = Date.now();
      const attempt = () => {
        if (cancelled) return;
        const target = findTarget(document, anchor);
        if (!target) {
          if (Date.now() - started < WAIT_FOR_EDITOR_MS) timer = setTimeout(attempt, 100);
          return;
        }
        target.scrollIntoView({ block: "center", behavior: "smooth" });
        target.classList.add("search-target");
        target.setAttribute("data-search-target", "");
        timer = setTimeout(() => {
          target.classList.remove("search-target");
          target.removeAttribute("data-search-target");
        }, HIGHLIGHT_MS);
      };
      attempt();
    };
    go();
    window.addEventListener("hashchange", go);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
      window.removeEventListener("hashchange", go);
    };
  }, []);
  return null;
}
