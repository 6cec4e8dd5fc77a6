import { z } from "zod";
import { LIBRARY_UPLOAD_MAX_FILES } from "../config.ts";
import { blankToUndefined } from "../validation.ts";
import { DOCX_KINDS } from "./library-source.ts";

/** The forms a document can be downloaded in: Word, a print-ready page, and the library's Markdown file. */
export const EXPORT_FORMATS = ["docx", "html", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DocumentExportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `format is one of ${EXPORT_FORMATS.join(", ")}.` }),
});

/** The fields of an upload besides its files: what Word files become (default precedent), and how many files came. */
export const LibraryUploadSchema = z.strictObject({
  kind: z.preprocess(blankToUndefined, z.enum(DOCX_KINDS, { error: `kind is one of ${DOCX_KINDS.join(", ")}.` }).optional()),
  files: z
    .number()
    .int()
    .min(1, "Choose at least one .md or .docx file.")
    .max(LIBRARY_UPLOAD_MAX_FILES, `Upload at most ${LIBRARY_UPLOAD_MAX_FILES} files at a time.`),
});
