import { slugifyHeading } from "~/editor/anchors";

/** A heading or clause position as the page shows it, with the anchor search hits and the outline link to. */
export type PageSection = { anchor: string; kind: "heading" | "clause"; element: HTMLElement; text: string; level: number };

const CLAUSE = "[data-clause-position], .clause-card";

/**
 * The headings and clause positions of the document rendered under `root`, in document order.
 * A published version's elements carry the anchors the server derived as ids; in the live editor
 * they are derived here the server's way: clause anchors are taken first, then each heading's
 * slug, numbered on repeats.
 */
export function pageSections(root: ParentNode): PageSection[] {
  const body = root.querySelector<HTMLElement>(".ProseMirror, .published-content");
  if (!body) return [];
  const live = body.classList.contains("ProseMirror");
  const used = new Set<string>();
  if (live) for (const clause of body.querySelectorAll<HTMLElement>("[data-clause-id]")) used.add(clauseAnchor(clause));
  const sections: PageSection[] = [];
  for (const element of body.querySelectorAll<HTMLElement>(`h1, h2, h3, h4, h5, h6, ${CLAUSE}`)) {
    if (element.matches(CLAUSE)) {
      sections.push({ anchor: live ? clauseAnchor(element) : element.id, kind: "clause", element, text: clauseName(element), level: 0 });
      continue;
    }
    const text = element.textContent?.trim() ?? "";
    let anchor = element.id;
    if (live) {
      const base = slugifyHeading(text);
      anchor = base;
      for (let n = 2; used.has(anchor); n++) anchor = `${base}-${n}`;
      used.add(anchor);
    }
    // A published clause's name is its card's own heading, not a section of its own.
    if (anchor) sections.push({ anchor, kind: "heading", element, text, level: Number(element.tagName.slice(1)) });
  }
  return sections;
}

/** The element an anchor (`clause-…` or a heading's slug) points at, if the page shows it yet. */
export function findSection(root: ParentNode, anchor: string): HTMLElement | null {
  if (anchor.startsWith("clause-")) {
    const byId = root.querySelector<HTMLElement>(`[data-clause-id="${CSS.escape(anchor.slice("clause-".length))}"]`);
    if (byId) return byId;
  }
  return pageSections(root).find((s) => s.anchor === anchor)?.element ?? null;
}

const clauseAnchor = (clause: HTMLElement) => `clause-${clause.dataset.clauseId || "unnamed"}`;

function clauseName(card: HTMLElement): string {
  const input = card.querySelector<HTMLInputElement>("input[name='clause-name']");
  const name = input ? input.value : (card.querySelector("h3")?.textContent ?? "");
  return name.trim() || "Untitled clause position";
}
