import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "../../app/editor/schema.ts";

/**
 * Comment ranges written into a document's JSON as zero-width inline nodes at their two ends,
 * so a writer walking the JSON block by block (the Word export) meets each end where it falls
 * in the text. The nodes exist only on the way out: they are not in the schema.
 */

export const COMMENT_ANCHOR = "commentAnchor";
export type CommentAnchorAttrs = { edge: "start" | "end"; ids: number[] };

/** A range of ProseMirror positions in the document and the comment ids anchored on it. */
export type AnchoredRange = { from: number; to: number; ids: number[] };

type Edge = { offset: number; edge: CommentAnchorAttrs["edge"]; ids: number[] };

/**
 * `json` with an anchor node at each end of each range. An end between blocks moves into the
 * text beside it (a start to the next textblock, an end to the previous one): Word anchors a
 * comment in a paragraph. Throws for a range that is not within the document.
 */
export function withCommentAnchors(json: JSONContent, ranges: AnchoredRange[]): JSONContent {
  const doc = documentSchema.nodeFromJSON(json);
  const size = doc.content.size;
  const textblocks: { start: number; end: number }[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    textblocks.push({ start: pos + 1, end: pos + 1 + node.content.size });
    return false;
  });
  if (!textblocks.length) return json;

  const edges = new Map<number, Edge[]>();
  const place = (block: number, offset: number, edge: Edge["edge"], ids: number[]) =>
    edges.set(block, [...(edges.get(block) ?? []), { offset, edge, ids }]);
  for (const { from, to, ids } of ranges) {
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > size || from > to) {
      throw new RangeError(`a comment range must be positions in the document (from ${from} to ${to}; the document runs from 0 to ${size})`);
    }
    const first = textblocks.findIndex((b) => b.end >= from);
    const startBlock = first < 0 ? textblocks.length - 1 : first;
    const last = textblocks.findLastIndex((b) => b.start <= to);
    let endBlock = last < 0 ? 0 : last;
    const clamp = (block: number, pos: number) => Math.min(Math.max(pos, textblocks[block]!.start), textblocks[block]!.end) - textblocks[block]!.start;
    const startOffset = clamp(startBlock, from);
    let endOffset = clamp(endBlock, to);
    if (endBlock < startBlock || (endBlock === startBlock && endOffset < startOffset)) [endBlock, endOffset] = [startBlock, startOffset];
    place(startBlock, startOffset, "start", ids);
    place(endBlock, endOffset, "end", ids);
  }

  let block = 0;
  const visit = (node: JSONContent): JSONContent => {
    if (!node.type || !documentSchema.nodes[node.type]?.isTextblock) return node.content ? { ...node, content: node.content.map(visit) } : node;
    const here = edges.get(block++);
    return here ? { ...node, content: splitAt(node.content ?? [], here) } : node;
  };
  return { ...json, content: (json.content ?? []).map(visit) };
}

/** Inline content with the anchor nodes inserted at their offsets, text split where one falls inside it; starts before ends at one offset. */
function splitAt(content: JSONContent[], edges: Edge[]): JSONContent[] {
  const sorted = [...edges].sort((a, b) => a.offset - b.offset || (a.edge === b.edge ? 0 : a.edge === "start" ? -1 : 1));
  const out: JSONContent[] = [];
  let next = 0;
  const flush = (upTo: number) => {
    for (; next < sorted.length && sorted[next]!.offset <= upTo; next++) {
      const { edge, ids } = sorted[next]!;
      out.push({ type: COMMENT_ANCHOR, attrs: { edge, ids } satisfies CommentAnchorAttrs });
    }
  };
  let pos = 0;
  for (const node of content) {
    flush(pos);
    if (node.type !== "text" || !node.text) {
      out.push(node);
      pos += 1;
      continue;
    }
    let text = node.text;
    for (; next < sorted.length && sorted[next]!.offset < pos + text.length; flush(pos)) {
      const cut = sorted[next]!.offset - pos;
      out.push({ ...node, text: text.slice(0, cut) });
      text = text.slice(cut);
      pos += cut;
    }
    out.push({ ...node, text });
    pos += text.length;
  }
  flush(Number.POSITIVE_INFINITY);
  return out;
}
