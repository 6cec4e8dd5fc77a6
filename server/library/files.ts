import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { LIBRARY_DOCX_MAX_BYTES } from "../config.ts";
import { DOCX_TOO_LARGE } from "./docx-import.ts";
import type { ImportSkip } from "./import.ts";
import type { DocxKind, LibrarySource } from "./library-source.ts";

/** The starter library shipped with the app: playbooks/ at the root, from server/library/ and from the bundle in dist/server/ alike. */
export const STARTER_LIBRARY_DIR = path.resolve(import.meta.dirname, "../../playbooks");

export const NOT_A_LIBRARY_FILE = "not a library file (.md or .docx)";

/** What a file is to the library, by its name's extension: Markdown, Word, or neither. */
export function libraryFileType(name: string): "markdown" | "docx" | undefined {
  const lower = name.toLowerCase();
  return lower.endsWith(".md") ? "markdown" : lower.endsWith(".docx") ? "docx" : undefined;
}

/**
 * Library files under the given paths (folders are read recursively, in name order): Markdown
 * as text, Word files as bytes (imported as `docxKind`, default precedent). Any other file is
 * reported, never silently passed over; so is a Word file over the size limit, before it is read.
 */
export async function collectLibraryFiles(
  paths: string[],
  { docxKind }: { docxKind?: DocxKind } = {},
): Promise<{ sources: LibrarySource[]; skipped: ImportSkip[] }> {
  const sources: LibrarySource[] = [];
  const skipped: ImportSkip[] = [];
  async function visit(file: string) {
    const info = await stat(file);
    if (info.isDirectory()) {
      const entries = (await readdir(file)).filter((name) => !name.startsWith(".")).sort();
      for (const name of entries) await visit(path.join(file, name));
    } else if (libraryFileType(file) === "markdown") {
      sources.push({ file, content: await readFile(file, "utf8") });
    } else if (libraryFileType(file) === "docx") {
      if (info.size > LIBRARY_DOCX_MAX_BYTES) skipped.push({ file, reason: DOCX_TOO_LARGE });
      else sources.push({ file, docx: await readFile(file), ...(docxKind ? { kind: docxKind } : {}) });
    } else {
      skipped.push({ file, reason: NOT_A_LIBRARY_FILE });
    }
  }
  for (const p of paths) {
    try {
      await visit(p);
    } catch (error) {
      skipped.push({ file: p, reason: (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file or folder" : String(error) });
    }
  }
  return { sources, skipped };
}
