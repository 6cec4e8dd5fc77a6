import * as Y from "yjs";
import type { Node as ProseMirrorNode } from "@tiptap/pm/model";
import { absolutePositionToRelativePosition, initProseMirrorDoc, relativePositionToAbsolutePosition } from "@tiptap/y-tiptap";
import { documentSchema } from "../../app/editor/schema.ts";
import { COMMENT_QUOTE_MAX_LENGTH } from "../config.ts";
import { DOCUMENT_FRAGMENT } from "../documents/state-store.ts";
import { invalid } from "../errors.ts";

/**
 * Comment anchors (ADR 031): the start and end of a commented range as Yjs relative positions in
 * the document's XmlFragment, stored base64. They follow the text as anyone types; when the text
 * between them is deleted they meet, and the thread is "on deleted text".
 *
 * The server reads them against a copy of the stored document (never a live room's Y.Doc:
 * y-tiptap's schema-based reader may drop nodes that do not fit the schema, which would be an
 * unlogged change to a live room).
 */
export type DocumentText = {
  ydoc: Y.Doc;
  fragment: Y.XmlFragment;
  /** The ProseMirror document the positions count in. */
  doc: ProseMirrorNode;
  mapping: Map<Y.AbstractType<unknown>, ProseMirrorNode>;
};

export type Anchor = { start: string; end: string };

/** Where a thread's anchor falls in the text now. */
export type AnchorPlace =
  | { state: "anchored"; from: number; to: number; quote: string }
  /** Its text was deleted. */
  | { state: "deleted" }
  /** It names text the stored document does not hold yet (the update is on its way), or it has none. */
  | { state: "pending" };

/** Reads a stored Y.Doc (a copy: it is the caller's to destroy) as ProseMirror text. */
export function documentTextOf(ydoc: Y.Doc): DocumentText {
  const fragment = ydoc.getXmlFragment(DOCUMENT_FRAGMENT);
  const { doc, mapping } = initProseMirrorDoc(fragment, documentSchema);
  return { ydoc, fragment, doc, mapping: mapping as DocumentText["mapping"] };
}

const toBase64 = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");

/** A relative position from its base64 text, or a 400 naming the anchor. */
export function decodeAnchorPosition(text: string, which: "start" | "end"): Y.RelativePosition {
  try {
    return Y.decodeRelativePosition(new Uint8Array(Buffer.from(text, "base64")));
  } catch {
    throw invalid([{ path: `anchor.${which}`, message: "That is not a Yjs relative position." }]);
  }
}

/** The text between two ProseMirror positions, as a quote (blocks on their own lines, bounded). */
export function quoteBetween(text: DocumentText, from: number, to: number): string {
  return text.doc.textBetween(from, to, "\n", " ").slice(0, COMMENT_QUOTE_MAX_LENGTH);
}

/** The anchor of a ProseMirror range (Word import, readers of the published version). */
export function anchorOfRange(text: DocumentText, from: number, to: number): Anchor {
  const size = text.doc.content.size;
  if (!(Number.isInteger(from) && Number.isInteger(to) && 0 <= from && from < to && to <= size)) {
    throw invalid([{ path: "range", message: `Give a range inside the document (0–${size}, from before to).` }]);
  }
  const encode = (pos: number) => toBase64(Y.encodeRelativePosition(absolutePositionToRelativePosition(pos, text.fragment, text.mapping)));
  return { start: encode(from), end: encode(to) };
}

/** Where an anchor's range is now. */
export function placeOf(text: DocumentText, anchor: Anchor | null): AnchorPlace {
  if (!anchor) return { state: "pending" };
  const start = Y.decodeRelativePosition(new Uint8Array(Buffer.from(anchor.start, "base64")));
  const end = Y.decodeRelativePosition(new Uint8Array(Buffer.from(anchor.end, "base64")));
  // An item this copy has not seen yet: the commenter's update has not been stored so far.
  if (!Y.createAbsolutePositionFromRelativePosition(start, text.ydoc) || !Y.createAbsolutePositionFromRelativePosition(end, text.ydoc)) {
    return { state: "pending" };
  }
  const from = relativePositionToAbsolutePosition(text.ydoc, text.fragment, start, text.mapping);
  const to = relativePositionToAbsolutePosition(text.ydoc, text.fragment, end, text.mapping);
  if (from === null || to === null || from >= to) return { state: "deleted" };
  const quote = quoteBetween(text, from, to);
  // Only structure left between them (the words went, the paragraph marks stayed).
  if (!quote.trim()) return { state: "deleted" };
  return { state: "anchored", from, to, quote };
}

/**
 * The first place `quote` occurs within one textblock, for a commenter who has no anchor (a
 * reader of the published version): the draft usually holds the same words.
 */
export function findQuote(text: DocumentText, quote: string): { from: number; to: number } | null {
  const needle = quote.trim();
  if (!needle) return null;
  let found: { from: number; to: number } | null = null;
  text.doc.descendants((node, pos) => {
    if (found) return false;
    if (!node.isTextblock) return true;
    // Each character's position: text characters one by one, an inline leaf as one space.
    let flat = "";
    const at: number[] = [];
    node.forEach((child, offset) => {
      const start = pos + 1 + offset;
      if (child.isText) {
        for (let i = 0; i < child.text!.length; i++) {
          flat += child.text![i];
          at.push(start + i);
        }
      } else {
        flat += " ";
        at.push(start);
      }
    });
    const index = flat.indexOf(needle);
    if (index >= 0) found = { from: at[index]!, to: at[index + needle.length - 1]! + 1 };
    return false;
  });
  return found;
}
