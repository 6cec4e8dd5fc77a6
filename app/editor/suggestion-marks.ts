import { Mark, mergeAttributes } from "@tiptap/core";

/**
 * A suggestion (tracked change): text someone proposes to insert or delete, or inline
 * formatting they propose to change, kept in the document until someone accountable accepts
 * or rejects it. The same marks carry Word's `w:ins` / `w:del` / `w:rPrChange` both ways, so
 * their attributes are Word's: who and when.
 */
export type SuggestionAttrs = {
  /** One suggestion: a run of marked text typed or deleted together; accepting it takes the whole run. */
  id: string;
  /** The member who made it; null when it came from a Word file whose author is not a member. */
  authorId: string | null;
  authorName: string;
  /** ISO 8601. */
  createdAt: string;
};

/** A formatting mark as stored (ProseMirror's mark JSON): `{ type: "bold" }`, `{ type: "link", attrs: { href } }`. */
export type FormattingMark = { type: string; attrs?: Record<string, unknown> };

/** A formatting change: the text shows the new formatting; `before` is what it had, restored on reject. */
export type FormatChangeAttrs = SuggestionAttrs & { before: FormattingMark[] };

export const TEXT_CHANGE_MARK_NAMES = ["insertion", "deletion"] as const;
/** Text proposed for insertion or deletion (a node carries at most one of these). */
export type TextChangeKind = (typeof TEXT_CHANGE_MARK_NAMES)[number];
export const SUGGESTION_MARK_NAMES = [...TEXT_CHANGE_MARK_NAMES, "formatChange"] as const;
export type SuggestionKind = (typeof SUGGESTION_MARK_NAMES)[number];

/** Inline formatting (bold, italic, link…): every mark of the schema that is not a suggestion. */
export const isFormattingMarkName = (name: string) => !(SUGGESTION_MARK_NAMES as readonly string[]).includes(name);

/** `key` is the mark attribute, `name` its `data-` attribute in HTML. */
const attribute = (key: keyof SuggestionAttrs, name: string, fallback: string | null) => ({
  default: fallback,
  parseHTML: (element: HTMLElement) => element.getAttribute(`data-${name}`) ?? fallback,
  renderHTML: (attrs: Record<string, unknown>) => (attrs[key] == null ? {} : { [`data-${name}`]: String(attrs[key]) }),
});

const suggestionAttributes = () => ({
  id: attribute("id", "id", ""),
  authorId: attribute("authorId", "author-id", null),
  authorName: attribute("authorName", "author-name", ""),
  createdAt: attribute("createdAt", "created-at", ""),
});

function suggestionMark(name: TextChangeKind, tag: "ins" | "del") {
  return Mark.create({
    name,
    // Typing at the edge of someone's suggestion is not part of it.
    inclusive: false,
    addAttributes: suggestionAttributes,
    parseHTML: () => [{ tag: `${tag}[data-id]` }],
    renderHTML: ({ HTMLAttributes }) => [tag, mergeAttributes(HTMLAttributes, { class: `suggestion suggestion-${name}` }), 0],
  });
}

export const Insertion = suggestionMark("insertion", "ins");
export const Deletion = suggestionMark("deletion", "del");

/** `before` as JSON in `data-before`, so copy and paste keeps what reject restores. */
const beforeAttribute = {
  default: [],
  parseHTML: (element: HTMLElement) => {
    try {
      const parsed: unknown = JSON.parse(element.getAttribute("data-before") ?? "[]");
      return Array.isArray(parsed) ? parsed.filter((m): m is FormattingMark => typeof m?.type === "string" && isFormattingMarkName(m.type)) : [];
    } catch {
      return [];
    }
  },
  renderHTML: (attrs: Record<string, unknown>) => ({ "data-before": JSON.stringify(attrs.before ?? []) }),
};

export const FormatChange = Mark.create({
  name: "formatChange",
  // Typing at its edge is not part of it; it may sit beside an insertion or deletion (suggested text reformatted).
  inclusive: false,
  addAttributes: () => ({ ...suggestionAttributes(), before: beforeAttribute }),
  parseHTML: () => [{ tag: "span.suggestion-formatChange[data-id]" }],
  renderHTML: ({ HTMLAttributes }) => ["span", mergeAttributes(HTMLAttributes, { class: "suggestion suggestion-formatChange" }), 0],
});
