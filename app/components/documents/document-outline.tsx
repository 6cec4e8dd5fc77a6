import { Link, useLocation } from "@remix-run/react";
import { useEffect, useState, type RefObject } from "react";
import { pageSections, type PageSection } from "./section-anchors";

const REFRESH_MS = 250;

type OutlineEntry = Pick<PageSection, "anchor" | "kind" | "text"> & { depth: number };

/** Headings nest by level; a clause position sits one step below the heading before it. */
function outlineOf(sections: PageSection[]): OutlineEntry[] {
  const top = Math.min(...sections.filter((s) => s.kind === "heading").map((s) => s.level), 6);
  let headingDepth = 0;
  return sections.map(({ anchor, kind, text, level }) => {
    if (kind === "heading") headingDepth = level - top;
    return { anchor, kind, text, depth: kind === "heading" ? headingDepth : headingDepth + 1 };
  });
}

/**
 * The document's headings and clause positions, read from what the page renders (the live editor
 * or a published version alike), so it follows every edit, a co-editor's included. Each entry is
 * a link to the section's anchor: the page scrolls there below the toolbar (ScrollToAnchor), and
 * the address is a deep link to it.
 */
export function DocumentOutline({ contentRef }: { contentRef: RefObject<HTMLElement | null> }) {
  const [entries, setEntries] = useState<OutlineEntry[]>([]);
  const { pathname, search, hash } = useLocation();
  useEffect(() => {
    const root = contentRef.current;
    if (!root) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const refresh = () => {
      clearTimeout(timer);
      timer = setTimeout(() => setEntries(outlineOf(pageSections(root))), REFRESH_MS);
    };
    refresh();
    const observer = new MutationObserver(refresh);
    observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ["aria-label", "data-clause-id"] });
    // A clause's name is an input's value, which no mutation reports.
    root.addEventListener("input", refresh);
    return () => {
      clearTimeout(timer);
      observer.disconnect();
      root.removeEventListener("input", refresh);
    };
  }, [contentRef]);

  if (entries.length === 0) {
    return <p className="hint">No headings or clause positions yet: they are listed here as the document gains them.</p>;
  }
  const current = decodeURIComponent(hash.slice(1));
  return (
    <nav aria-label="Outline">
      <ol className="document-outline">
        {entries.map((entry, index) => (
          <li key={`${index}-${entry.anchor}`} className={`outline-${entry.kind}`} style={{ paddingInlineStart: `${entry.depth * 0.85}rem` }}>
            <Link
              to={{ pathname, search, hash: entry.anchor }}
              preventScrollReset
              aria-current={entry.anchor === current ? "location" : undefined}
              title={entry.kind === "clause" ? `Clause position: ${entry.text}` : entry.text}
            >
              {entry.text}
            </Link>
          </li>
        ))}
      </ol>
    </nav>
  );
}
