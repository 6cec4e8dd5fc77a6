import type { JSONContent } from "@tiptap/core";
import { documentSchema } from "../../app/editor/schema.ts";
import { jsonWithoutSuggestions } from "../../app/editor/suggestions.ts";
import { documentJsonToMarkdown, readMarkdown, type MarkdownNoteKind, type MarkdownNotes } from "../../app/editor/markdown.ts";
import { parseLibraryFile, writeLibraryFile, type FrontMatter } from "./front-matter.ts";
import { plural } from "./plural.ts";

/**
 * A library file as the documents domain sees it: front matter plus ProseMirror JSON. Reading
 * and writing go through the editor's own Markdown form (app/editor/markdown.ts), so a file in
 * playbooks/ and the same document exported from the app are the same bytes.
 */
export type LibraryDocument = { frontMatter: FrontMatter; json: JSONContent };

/** A library file read, with what its Markdown held that a document cannot (see app/editor/markdown-import.ts). */
export function readLibraryDocument(source: string, file: string): LibraryDocument & { warnings: string[] } {
  const { frontMatter, body } = parseLibraryFile(source, file);
  const { json, notes } = readMarkdown(body);
  return { frontMatter, json, warnings: markdownWarnings(notes) };
}

const MARKDOWN_WARNINGS: Record<MarkdownNoteKind, (n: number) => string> = {
  image: (n) => `${plural(n, "image")} left out (documents hold text only)`,
  htmlComment: (n) => `${plural(n, "HTML comment")} left out`,
  htmlTag: (n) => `${plural(n, "HTML tag")} left out (the text inside is kept)`,
  deepHeading: (n) => `${plural(n, "heading")} of level 5 or 6 made level 4 (documents have four heading levels)`,
  footnote: (n) => `${plural(n, "footnote mark")} kept as plain text (documents have no footnotes)`,
};

/** The import summary's warnings for one Markdown file, in the same words as a Word file's. */
export function markdownWarnings(notes: MarkdownNotes): string[] {
  return Object.entries(notes).flatMap(([kind, count]) => (count ? [MARKDOWN_WARNINGS[kind as MarkdownNoteKind](count)] : []));
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
 * Trailing spaces go, so a hard break (written as two of them) is written as a backslash at
 * the end of its line, which Markdown reads as the same break and editors do not strip.
 */
export function libraryMarkdown(json: JSONContent): string {
  const out: string[] = [];
  let inFence = false;
  // A draft's open suggestions are left out, as when it is published (ADR 032).
  const lines = documentJsonToMarkdown(jsonWithoutSuggestions(documentSchema, json)).split("\n");
  for (const [index, line] of lines.entries()) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && line.trim() === "" && (out.length === 0 || out[out.length - 1]!.trim() === "")) continue;
    const hardBreak = !inFence && / {2}$/.test(line) && line.trim() !== "" && (lines[index + 1] ?? "").trim() !== "";
    out.push(inFence ? line : `${unescapeAmpersands(line.trimEnd())}${hardBreak ? "\\" : ""}`);
  }
  while (out.length && out[out.length - 1]!.trim() === "") out.pop();
  return out.join("\n");
}
