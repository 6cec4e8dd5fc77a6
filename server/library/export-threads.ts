import type { JSONContent } from "@tiptap/core";
import { Transform } from "@tiptap/pm/transform";
import { isDraftingNote } from "../../app/editor/callout.ts";
import { documentSchema } from "../../app/editor/schema.ts";
import type { ExportedThread } from "../comments/index.ts";
import type { DocxThread } from "./docx-comments.ts";

/** The text a comment quotes, as server/comments/anchors.ts quoteBetween reads it. */
const textOf = (doc: ReturnType<typeof documentSchema.nodeFromJSON>, from: number, to: number) => doc.textBetween(from, to, "\n", " ");

/**
 * The viewer's threads placed on the content a Word export writes. Their positions are the
 * stored draft's, while the export reads the derived JSON (which trails live edits by the
 * derivation debounce): a thread whose words are not where its positions say is left out rather
 * than put on other words. Drafting notes left out of the export take their threads with them
 * and shift the rest, so positions are mapped through their removal and checked again.
 */
export function threadsOnExport(full: JSONContent, sent: JSONContent, threads: ExportedThread[]): DocxThread[] {
  if (!threads.length) return [];
  const doc = documentSchema.nodeFromJSON(full);
  const sentDoc = documentSchema.nodeFromJSON(sent);
  const removal = new Transform(doc);
  if (sent !== full) {
    const notes: { from: number; to: number }[] = [];
    doc.descendants((node, pos) => {
      if (!isDraftingNote(node.toJSON() as JSONContent)) return true;
      notes.push({ from: pos, to: pos + node.nodeSize });
      return false;
    });
    for (const note of notes.reverse()) removal.delete(note.from, note.to);
  }
  return threads.flatMap(({ quote, ...thread }) => {
    if (thread.to > doc.content.size || textOf(doc, thread.from, thread.to).slice(0, quote.length) !== quote) return [];
    const from = removal.mapping.mapResult(thread.from, 1);
    const to = removal.mapping.mapResult(thread.to, -1);
    if (from.deleted || to.deleted || from.pos >= to.pos || to.pos > sentDoc.content.size) return [];
    if (textOf(sentDoc, from.pos, to.pos).slice(0, quote.length) !== quote) return [];
    return [{ ...thread, from: from.pos, to: to.pos }];
  });
}
