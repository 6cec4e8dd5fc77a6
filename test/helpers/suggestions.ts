import type { JSONContent } from "@tiptap/core";
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
