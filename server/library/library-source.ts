import path from "node:path";
import type { WordThread } from "./docx-comments.ts";
import { readDocx } from "./docx-import.ts";
import type { FrontMatter } from "./front-matter.ts";
import { readLibraryDocument, type LibraryDocument } from "./library-file.ts";
import { slugFromTitle } from "./slug.ts";

/**
 * A file handed to the library import: Markdown with front matter (text), or a Word file
 * (bytes), which carries no front matter — its slug comes from the file name, its title from
 * the file, and its kind from the caller (default precedent).
 */
export type MarkdownSource = { file: string; content: string };
export type DocxSource = { file: string; docx: Uint8Array; kind?: DocxKind };
export type LibrarySource = MarkdownSource | DocxSource;

/** What a Word file may become: a toolkit lists other documents, which a Word file cannot say. */
export const DOCX_KINDS = ["precedent", "template", "playbook"] as const;
export type DocxKind = (typeof DOCX_KINDS)[number];
export const isDocxKind = (value: unknown): value is DocxKind => DOCX_KINDS.some((kind) => kind === value);

export const isDocxSource = (source: LibrarySource): source is DocxSource => "docx" in source;

/** "mutual_nda-v3.docx" → "mutual nda v3": the fallback title of a Word file with neither a title property nor a heading. */
const titleFromFileName = (base: string) => base.replace(/[-_]+/g, " ").trim() || base;

/** A source as front matter and document JSON, with a Word file's comment threads and what could not be carried over. */
export async function readLibrarySource(source: LibrarySource): Promise<LibraryDocument & { threads: WordThread[]; warnings: string[] }> {
  if (!isDocxSource(source)) return { ...readLibraryDocument(source.content, source.file), threads: [] };
  const base = path.basename(source.file).replace(/\.docx$/i, "");
  const { title, json, threads, warnings } = await readDocx(source.docx);
  const frontMatter: FrontMatter = { slug: slugFromTitle(base), kind: source.kind ?? "precedent", title: title ?? titleFromFileName(base) };
  return { frontMatter, json, threads, warnings };
}
