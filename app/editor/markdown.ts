/**
 * Markdown ⇄ ProseMirror JSON for documents, in Node or the browser.
 * Custom nodes use the forms documented in ./markdown-container.ts and ./template-variable.ts.
 */
import type { JSONContent } from "@tiptap/core";
import { MarkdownManager } from "@tiptap/markdown";
import { documentExtensions } from "./extensions";

let manager: MarkdownManager | undefined;

function getManager(): MarkdownManager {
  manager ??= new MarkdownManager({ extensions: documentExtensions() });
  return manager;
}

/** Parse Markdown into a `doc` JSON that fits `documentSchema`. */
export function markdownToDocumentJson(markdown: string): JSONContent {
  const json = getManager().parse(markdown);
  if (!json.content || json.content.length === 0) return { type: "doc", content: [{ type: "paragraph" }] };
  return json;
}

/** Serialise a `doc` JSON to Markdown. */
export function documentJsonToMarkdown(json: JSONContent): string {
  return getManager().serialize(json);
}
