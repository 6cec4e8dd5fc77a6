import type { JSONContent } from "@tiptap/core";
import { documentJsonToMarkdown, markdownToDocumentJson } from "../../app/editor/markdown.ts";
import { parseLibraryFile, writeLibraryFile, type FrontMatter } from "./front-matter.ts";

/**
 * A library file as the documents domain sees it: front matter plus ProseMirror JSON. Reading
 * and writing go through the editor's own Markdown form (app/editor/markdown.ts), so a file in
 * playbooks/ and the same document exported from the app are the same bytes.
 */
export type LibraryDocument = { frontMatter: FrontMatter; json: JSONContent };

export function readLibraryDocument(source: string, file: string): LibraryDocument {
  const { frontMatter, body } = parseLibraryFile(source, file);
  return { frontMatter, json: markdownToDocumentJson(body) };
}

export function writeLibraryDocument({ frontMatter, json }: LibraryDocument): string {
  return writeLibraryFile({ frontMatter, body: libraryMarkdown(json) });
}

/**
 * `&amp;` back to `&` wherever a bare `&` cannot start an entity (not followed by `name;` or
 * `#123;`): the serializer escapes every ampersand, and "M&amp;A" or "England &amp; Wales" in a
 * playbook is noise to a lawyer. Markdown reads the bare `&` back as the same text.
 */
function unescapeAmpersands(line: string): string {
  return line.replace(/&amp;(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)/g, "&");
}

/**
 * The editor's Markdown with runs of blank lines collapsed to one (outside fenced code): the
 * serializer puts two blank lines around tables, which Markdown reads as one, and git diffs
 * of hand-edited files should not depend on that. Trailing newlines go too (the file adds one).
 */
export function libraryMarkdown(json: JSONContent): string {
  const out: string[] = [];
  let inFence = false;
  for (const line of documentJsonToMarkdown(json).split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === "" && (out.length === 0 || out[out.length - 1]!.trim() === "")) continue;
    out.push(inFence ? line : unescapeAmpersands(line.trimEnd()));
  }
  while (out.length && out[out.length - 1]!.trim() === "") out.pop();
  return out.join("\n");
}
