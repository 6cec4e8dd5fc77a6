import { LIBRARY_DOCX_MAX_BYTES } from "../config.ts";
import { DOCX_TOO_LARGE } from "./docx-import.ts";
import { libraryFileType, NOT_A_LIBRARY_FILE } from "./files.ts";
import type { ImportSkip } from "./import.ts";
import type { DocxKind, LibrarySource } from "./library-source.ts";

/** A file as a browser uploaded it: its name (as the user's machine had it) and its bytes. */
export type LibraryUpload = { name: string; bytes: Uint8Array };

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * The name a summary shows and a Word file's slug comes from: the last part of whatever path
 * the browser sent (a folder upload sends "folder/file.docx", old browsers "C:\…\file.docx").
 */
export const uploadName = (name: string) => name.split(/[\\/]/).pop()!.slice(-200) || "unnamed";

/** Uploaded files as library sources, by their names as in a folder import (./files.ts); the rest skipped with a reason. */
export function sourcesFromUploads(uploads: LibraryUpload[], { docxKind }: { docxKind?: DocxKind } = {}): { sources: LibrarySource[]; skipped: ImportSkip[] } {
  const sources: LibrarySource[] = [];
  const skipped: ImportSkip[] = [];
  for (const upload of uploads) {
    const file = uploadName(upload.name);
    const type = libraryFileType(file);
    if (type === "docx") {
      if (upload.bytes.byteLength > LIBRARY_DOCX_MAX_BYTES) skipped.push({ file, reason: DOCX_TOO_LARGE });
      else sources.push({ file, docx: upload.bytes, ...(docxKind ? { kind: docxKind } : {}) });
    } else if (type === "markdown") {
      try {
        sources.push({ file, content: utf8.decode(upload.bytes) });
      } catch {
        skipped.push({ file, reason: "not UTF-8 text: save the Markdown file as UTF-8" });
      }
    } else {
      skipped.push({ file, reason: NOT_A_LIBRARY_FILE });
    }
  }
  return { sources, skipped };
}
