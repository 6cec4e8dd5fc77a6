/**
 * Markdown ⇄ ProseMirror JSON for documents, in Node or the browser.
 * Custom nodes use the forms documented in ./markdown-container.ts and ./template-variable.ts;
 * what the schema cannot hold is read as ./markdown-import.ts says, and counted.
 */
import type { JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import { documentExtensions } from "./extensions";
import { collectMarkdownNotes, markdownImportRules, type MarkdownNotes } from "./markdown-import";

export type { MarkdownNotes, MarkdownNoteKind } from "./markdown-import";

let manager: MarkdownManager | undefined;

function getManager(): MarkdownManager {
  manager ??= new MarkdownManager({ extensions: [...documentExtensions(), ...markdownImportRules()] });
  return manager;
}

/** Parse Markdown into a `doc` JSON that fits `documentSchema`, with what was left out or changed on the way. */
export function readMarkdown(markdown: string): { json: JSONContent; notes: MarkdownNotes } {
  const { result: json, notes } = collectMarkdownNotes(() => getManager().parse(markdown));
  if (!json.content || json.content.length === 0) return { json: { type: "doc", content: [{ type: "paragraph" }] }, notes };
  return { json, notes };
}

/** Parse Markdown into a `doc` JSON that fits `documentSchema`. */
export function markdownToDocumentJson(markdown: string): JSONContent {
  return readMarkdown(markdown).json;
}

/** Serialise a `doc` JSON to Markdown. */
export function documentJsonToMarkdown(json: JSONContent): string {
  return getManager().serialize(json);
}
