import { Mark, mergeAttributes } from "@tiptap/core";

/**
 * A suggestion (tracked change): text someone proposes to insert or delete, kept in the
 * document until someone accountable accepts or rejects it. The same marks carry Word's
 * `w:ins` / `w:del` both ways, so their attributes are Word's: who and when.
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

export const SUGGESTION_MARK_NAMES = ["insertion", "deletion"] as const;
export type SuggestionKind = (typeof SUGGESTION_MARK_NAMES)[number];

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

function suggestionMark(name: SuggestionKind, tag: "ins" | "del") {
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
