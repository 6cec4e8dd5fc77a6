import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "../../app/editor/schema.ts";
import type { SuggestionAttrs, SuggestionKind } from "../../app/editor/suggestion-marks.ts";

export type SuggestionSeen = { kind: SuggestionKind; text: string; authorName: string; id: string };

/** The suggestions in a document as a reader sees them: each one's kind, whole text and author, in document order. */
export function suggestionsIn(json: JSONContent): SuggestionSeen[] {
  const byKey = new Map<string, SuggestionSeen>();
  const visit = (node: JSONContent) => {
    for (const mark of node.marks ?? []) {
      if (mark.type !== "insertion" && mark.type !== "deletion") continue;
      const attrs = mark.attrs as SuggestionAttrs;
      const key = `${mark.type}:${attrs.id}`;
      const seen = byKey.get(key) ?? { kind: mark.type, text: "", authorName: attrs.authorName, id: attrs.id };
      seen.text += node.text ?? "";
      byKey.set(key, seen);
    }
    node.content?.forEach(visit);
  };
  visit(json);
  return [...byKey.values()];
}

/** The document's text with every suggestion rejected (`"rejected"`) or accepted (`"accepted"`), blocks a line each. */
export function textWith(json: JSONContent, outcome: "accepted" | "rejected"): string {
  const dropped: SuggestionKind = outcome === "accepted" ? "deletion" : "insertion";
  const inline = (node: JSONContent): string =>
    node.type === "text" ? (node.marks?.some((m) => m.type === dropped) ? "" : node.text ?? "") : (node.content ?? []).map(inline).join("");
  const blocks = (node: JSONContent): string[] =>
    node.content?.some((child) => child.type === "text") ? [inline(node)] : (node.content ?? []).flatMap(blocks);
  return blocks(json).join("\n");
}

/** The ProseMirror positions of the first occurrence of `text` inside one textblock of the document (text only: no line breaks or blanks before it). */
export function rangeOfText(json: JSONContent, text: string): { from: number; to: number } {
  const doc = documentSchema.nodeFromJSON(json);
  let found: { from: number; to: number } | undefined;
  doc.descendants((node, pos) => {
    if (found || !node.isTextblock) return !found;
    const at = node.textContent.indexOf(text);
    if (at >= 0) found = { from: pos + 1 + at, to: pos + 1 + at + text.length };
    return false;
  });
  if (!found) throw new Error(`"${text}" is not in the document`);
  return found;
}
