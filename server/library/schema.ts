import { z } from "zod";

/** The forms a document can be downloaded in: Word, a print-ready page, and the library's Markdown file. */
export const EXPORT_FORMATS = ["docx", "html", "md"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const DocumentExportQuerySchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, { error: `format is one of ${EXPORT_FORMATS.join(", ")}.` }),
});
