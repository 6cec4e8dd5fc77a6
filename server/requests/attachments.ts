import { createHash } from "node:crypto";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { LIBRARY_DOCX_MAX_BYTES } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, invalid, notFound } from "../errors.ts";
import { mandateResource } from "../mandates/policy.ts";
import { parseInput } from "../validation.ts";
import { IdSchema, REQUEST_ATTACHMENTS_MAX } from "./schema.ts";

/** A file as uploaded: its name and bytes. */
export type Upload = { name: string; bytes: Uint8Array };

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const PDF = "application/pdf";

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const PERCENT_PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"

/**
 * What a file is by its bytes, not its name: a PDF starts "%PDF-"; a Word file is a zip whose
 * entries (names stored in plain text in the zip) include word/document.xml. Anything else — an
 * executable renamed .pdf, a spreadsheet renamed .docx — is null.
 */
export function sniffAttachment(bytes: Uint8Array): { kind: "pdf" | "docx"; contentType: string } | null {
  if (startsWith(bytes, PERCENT_PDF)) return { kind: "pdf", contentType: PDF };
  if (startsWith(bytes, ZIP) && Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes("word/document.xml")) return { kind: "docx", contentType: DOCX };
  return null;
}

/** Checks every file (count, size, kind by magic bytes, name matching the kind): a 400/413 naming the file, before anything is written. */
export function checkAttachments(uploads: Upload[]) {
  if (uploads.length > REQUEST_ATTACHMENTS_MAX) throw invalid([{ path: "attachments", message: `Attach at most ${REQUEST_ATTACHMENTS_MAX} files.` }]);
  return uploads.map((u, i) => {
    if (u.bytes.byteLength > LIBRARY_DOCX_MAX_BYTES) {
      throw new AppError(413, "payload_too_large", `“${u.name}” is over ${LIBRARY_DOCX_MAX_BYTES / 1024 / 1024} MB.`, { limitBytes: LIBRARY_DOCX_MAX_BYTES });
    }
    const kind = sniffAttachment(u.bytes);
    const extension = /\.(pdf|docx)$/i.exec(u.name)?.[1]?.toLowerCase();
    if (!kind || extension !== kind.kind) {
      throw invalid([{ path: `attachments.${i}`, message: `“${u.name}” is not a Word (.docx) or PDF file: only those can be attached.` }]);
    }
    return { name: u.name, contentType: kind.contentType, bytes: u.bytes, sizeBytes: u.bytes.byteLength, sha256: createHash("sha256").update(u.bytes).digest("hex") };
  });
}
export type CheckedAttachment = ReturnType<typeof checkAttachments>[number];

export const ATTACHMENT_SUMMARY = { id: true, name: true, contentType: true, sizeBytes: true, sha256: true, createdAt: true } as const satisfies Prisma.RequestAttachmentSelect;

/**
 * A request's attachment, for download: client material of the mandate's client, so whoever may
 * read the mandate reads it — the client's members and the provider's staff with a need to know
 * (ADR 013) — and nobody else; 404 otherwise, as for a made-up id.
 */
export async function readAttachment(db: Db, viewer: Viewer, rawId: unknown) {
  const id = parseInput(IdSchema, rawId);
  const row = await db.requestAttachment.findUnique({
    where: { id },
    include: { mandate: { select: { id: true, providerOrganizationId: true, clientOrganizationId: true } } },
  });
  if (!row || !can(viewer, "read", mandateResource(row.mandate))) throw notFound("attachment");
  return row;
}
