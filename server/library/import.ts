import type { JSONContent } from "@tiptap/core";
import type { Viewer } from "../auth/viewer.ts";
import { LIBRARY_DOCX_MAX_BYTES, LIBRARY_UPLOAD_MAX_BYTES, LIBRARY_UPLOAD_MAX_FILES } from "../config.ts";
import type { DocumentService } from "../documents/service.ts";
import type { DocumentKind, DocumentStatus } from "../documents/schema.ts";
import { documentLink } from "../documents/presenter.ts";
import { AppError, forbidden, unzippedTooLarge } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { DocxError, DocxUnzippedTooLargeError } from "./docx-import.ts";
import { FrontMatterError, type FrontMatter } from "./front-matter.ts";
import type { AccessRecorder } from "../access-record/record.ts";
import type { CommentService } from "../comments/index.ts";
import { exportDocument, libraryFileOf } from "./document-export.ts";
import type { WordThread } from "./docx-comments.ts";
import { readLibrarySource, type LibrarySource, type MarkdownSource } from "./library-source.ts";
import { plural } from "./plural.ts";
import { LibraryUploadSchema } from "./schema.ts";
import { slugFromTitle } from "./slug.ts";
import { sourcesFromUploads, type LibraryUpload } from "./uploads.ts";

/**
 * Library files in and out of the documents domain, as a given user and only through the
 * documents service (its policies, audit events, search notifications and Yjs content path).
 *
 * Import matches each file to a document by its front matter `slug` (Document.slug, unique per
 * organisation); a document made in the app and never exported has no slug and is matched by
 * kind + title instead (see documents.findLibraryMatch). Toolkit items are resolved after every
 * file's document exists, so a toolkit may come before its members. Word files (./docx-import.ts)
 * come in beside Markdown, and what they hold that a document cannot is listed in `warnings`.
 */

export type ImportSkip = { file: string; reason: string };
/** Something a file held that the imported document does not (an image, a comment…); the file was still imported. */
export type ImportWarning = { file: string; message: string };
/** A file that created or changed a document, with where to open it (the app's page, from the app's origin). */
export type ImportedFile = { file: string; documentId: string; title: string; link: string };
export type ImportSummary = { imported: ImportedFile[]; updated: ImportedFile[]; skipped: ImportSkip[]; warnings: ImportWarning[] };
export type ImportProgress = { done: number; total: number; file: string };

type Parsed = { file: string; frontMatter: FrontMatter; json: JSONContent; threads: WordThread[]; warnings: string[] };
type DocumentRow = NonNullable<Awaited<ReturnType<DocumentService["findLibraryMatch"]>>>;

const toKind = (kind: FrontMatter["kind"]) => kind.toUpperCase() as DocumentKind;
const toStatus = (status: NonNullable<FrontMatter["status"]>) => status.toUpperCase() as DocumentStatus;

/** The reason a service refusal gives, with the field when it names one. */
function reasonOf(error: unknown): string {
  if (error instanceof FrontMatterError) return error.message.slice(error.file.length + 2);
  if (error instanceof DocxError) return error.message;
  if (error instanceof AppError) {
    const issues = (error.details?.issues ?? []) as { path: string; message: string }[];
    return issues.length ? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; ") : error.message;
  }
  throw error;
}

/** The metadata a file sets, as the documents service takes it. `status` only when the file says. */
function metadataOf(fm: FrontMatter) {
  return {
    title: fm.title,
    summary: fm.summary ?? "",
    practiceArea: fm.practiceArea ?? null,
    jurisdictions: fm.jurisdictions ?? [],
    tags: fm.tags ?? [],
    ownerRole: fm.ownerRole ?? null,
    reviewIntervalMonths: fm.reviewIntervalMonths ?? null,
    ...(fm.status ? { status: toStatus(fm.status) } : {}),
    // Only when the file says: a file without it leaves the date a publication set (ADR 018).
    ...(fm.lawStatedAt ? { lawStatedAt: fm.lawStatedAt } : {}),
  };
}

/** Only the fields that differ, so an unchanged file writes nothing (no audit event, no version). */
function changedMetadata(doc: DocumentRow, fm: FrontMatter) {
  const next: Record<string, unknown> = { ...metadataOf(fm), slug: fm.slug };
  const current: Record<string, unknown> = { ...doc, lawStatedAt: doc.lawStatedAt?.toISOString().slice(0, 10) ?? null };
  return Object.fromEntries(Object.entries(next).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key])));
}

export function createLibraryService({
  documents,
  accessRecord,
  comments,
}: {
  documents: DocumentService;
  /** Whole-library exports of client material go on the access record (server/access-record). */
  accessRecord?: Pick<AccessRecorder, "recordExport">;
  /** Comment threads: a Word export writes the viewer's as Word comments, a Word import adds the file's. */
  comments?: Pick<CommentService, "threadsForExport" | "createThreadAtRange">;
}) {
  async function importOne(viewer: Viewer, { file, frontMatter: fm, json }: Parsed): Promise<{ id: string; outcome: "imported" | "updated" | "unchanged" }> {
    const existing = await documents.findLibraryMatch(viewer, { slug: fm.slug, kind: toKind(fm.kind), title: fm.title });
    if (!existing) {
      const created = await documents.create(viewer, { kind: toKind(fm.kind), ...metadataOf(fm), slug: fm.slug, json });
      return { id: created.id, outcome: "imported" };
    }
    if (existing.kind !== toKind(fm.kind)) {
      throw new AppError(409, "kind_mismatch", `The library's "${fm.slug}" is a ${existing.kind.toLowerCase()}, not a ${fm.kind}.`);
    }
    if (existing.status === "ARCHIVED") throw new AppError(409, "archived", `"${fm.slug}" is archived in the library: restore it there first.`);
    const changes = changedMetadata(existing, fm);
    if (Object.keys(changes).length) await documents.update(viewer, existing.id, changes);
    const content = await documents.replaceContent(viewer, existing.id, { json }, { versionName: `Before import of ${file}` });
    return { id: existing.id, outcome: Object.keys(changes).length || content.changed ? "updated" : "unchanged" };
  }

  /**
   * A Word file's comment threads on the document it became, their authors' names kept as text.
   * Only on a new document: over an existing one they would repeat the last import's. Says what it did.
   */
  async function addThreads(viewer: Viewer, outcome: { id: string; outcome: string }, threads: WordThread[]): Promise<string> {
    const total = plural(threads.length, "comment thread");
    if (!comments || outcome.outcome !== "imported") return `${total} left out (${comments ? "the document was already in the library" : "comments are not stored here"})`;
    let added = 0;
    for (const thread of threads) {
      const input = {
        from: thread.from,
        to: thread.to,
        resolved: thread.resolved,
        comments: thread.comments.map((c) => ({ body: c.body, authorName: c.authorName, createdAt: c.createdAt ? new Date(c.createdAt) : undefined })),
      };
      try {
        await comments.createThreadAtRange(viewer, outcome.id, input);
        added++;
      } catch {
        // Counted below: a thread that cannot be placed (an empty comment, a range the text lost) is named, not fatal.
      }
    }
    return added === threads.length ? `${total} added as comments` : `${plural(added, "comment thread")} of ${threads.length} added as comments; the rest could not be placed`;
  }

  const service = {
    /** One document as a .docx, a print-ready HTML page or its library Markdown file (./document-export.ts). */
    exportDocument: (viewer: Viewer, id: unknown, query: unknown) => exportDocument(documents, viewer, id, query, comments),

    /** What the import page tells users before they choose files, and checks as they do. */
    uploadLimits: { maxFiles: LIBRARY_UPLOAD_MAX_FILES, maxFileBytes: LIBRARY_DOCX_MAX_BYTES, maxTotalBytes: LIBRARY_UPLOAD_MAX_BYTES },

    /** Importing creates documents: only those who may create them may import (403 otherwise). */
    requireCanImport(viewer: Viewer) {
      if (!documents.canCreate(viewer)) throw forbidden("Only the provider's editors and admins can import documents.");
    },

    /**
     * Files uploaded from the library's import page, imported as by `importFiles`. Only those who
     * may create documents may import (403 before anything is read); unsupported files are
     * skipped with their reason beside the import's own.
     */
    async importUploads(viewer: Viewer, uploads: LibraryUpload[], fields: Record<string, unknown>): Promise<ImportSummary> {
      service.requireCanImport(viewer);
      const { kind } = parseInput(LibraryUploadSchema, { ...fields, files: uploads.length });
      const { sources, skipped } = sourcesFromUploads(uploads, { docxKind: kind });
      const summary = await service.importFiles(viewer, sources);
      return { ...summary, skipped: [...skipped, ...summary.skipped] };
    },

    /**
     * Imports library files as `viewer`: creates or updates one document per file, then sets
     * each toolkit's items. A file that cannot be imported is skipped with its reason; the rest
     * go ahead. Unchanged files are skipped as "unchanged".
     */
    async importFiles(viewer: Viewer, sources: LibrarySource[], onProgress?: (p: ImportProgress) => void): Promise<ImportSummary> {
      const summary: ImportSummary = { imported: [], updated: [], skipped: [], warnings: [] };
      const seen = new Map<string, string>();
      const ids = new Map<string, { id: string; parsed: Parsed; outcome: "imported" | "updated" | "unchanged" }>();
      for (const [index, source] of sources.entries()) {
        const { file } = source;
        try {
          const { frontMatter, json, threads, warnings } = await readLibrarySource(source);
          const first = seen.get(frontMatter.slug);
          if (first) {
            summary.skipped.push({ file, reason: `slug "${frontMatter.slug}" is also used by ${first}` });
          } else {
            seen.set(frontMatter.slug, file);
            const entry = { file, frontMatter, json, threads, warnings };
            const outcome = await importOne(viewer, entry);
            if (threads.length) entry.warnings.push(await addThreads(viewer, outcome, threads));
            ids.set(frontMatter.slug, { ...outcome, parsed: entry });
          }
        } catch (error) {
          // A zip bomb is not a file to skip: the whole request is refused (413).
          if (error instanceof DocxUnzippedTooLargeError) throw unzippedTooLarge(file, error.limitBytes);
          summary.skipped.push({ file, reason: reasonOf(error) });
        }
        onProgress?.({ done: index + 1, total: sources.length, file });
      }

      for (const entry of ids.values()) {
        const { items, deliverables: named = [], kind } = entry.parsed.frontMatter;
        if (kind !== "toolkit") continue;
        const memberIds: string[] = [];
        const deliverables: { documentId: string; type: string }[] = [];
        for (const slug of items ?? []) {
          const here = ids.get(slug);
          const member = here ? { id: here.id, kind: toKind(here.parsed.frontMatter.kind) } : await documents.findLibraryMatch(viewer, { slug });
          if (!member) {
            summary.skipped.push({ file: entry.parsed.file, reason: `items: no document with slug "${slug}" in the library (left out of the toolkit)` });
            continue;
          }
          memberIds.push(member.id);
          const type = named.find((d) => d.template === slug)?.type;
          if (type && member.kind !== "TEMPLATE") {
            summary.skipped.push({ file: entry.parsed.file, reason: `deliverables: "${slug}" is a ${member.kind.toLowerCase()}, not a template (it suggests no deliverable)` });
          } else if (type) deliverables.push({ documentId: member.id, type });
        }
        try {
          const typeOf = (id: string) => deliverables.find((d) => d.documentId === id)?.type ?? null;
          const before = (await documents.listToolkitItems(viewer, entry.id)).map((i) => [i.documentId, i.deliverableType]);
          if (JSON.stringify(before) !== JSON.stringify(memberIds.map((id) => [id, typeOf(id)]))) {
            await documents.setToolkitItems(viewer, entry.id, { documentIds: memberIds, deliverables });
            if (entry.outcome === "unchanged") entry.outcome = "updated";
          }
        } catch (error) {
          summary.skipped.push({ file: entry.parsed.file, reason: `items: ${reasonOf(error)}` });
        }
      }

      for (const entry of ids.values()) {
        if (entry.outcome === "unchanged") {
          summary.skipped.push({ file: entry.parsed.file, reason: "unchanged" });
          continue;
        }
        const { file, frontMatter } = entry.parsed;
        (entry.outcome === "imported" ? summary.imported : summary.updated).push({ file, documentId: entry.id, title: frontMatter.title, link: documentLink(entry.id) });
        summary.warnings.push(...entry.parsed.warnings.map((message) => ({ file: entry.parsed.file, message })));
      }
      return summary;
    },

    /**
     * Every document the viewer can read (archived ones aside) as library files, named
     * `<slug>.md`. A document without a slug is named after its title (made unique with -2,
     * -3…); importing the export finds it again by kind and title. Content is the derived JSON,
     * which trails live edits by the collab server's derivation debounce.
     */
    async exportAll(viewer: Viewer): Promise<MarkdownSource[]> {
      const rows: Awaited<ReturnType<DocumentService["list"]>>["items"] = [];
      for (let page = 1; ; page++) {
        const result = await documents.list(viewer, { page, pageSize: 100, sort: "title" });
        rows.push(...result.items);
        if (page >= result.pageCount) break;
      }
      const taken = new Set(rows.flatMap((r) => (r.slug ? [r.slug] : [])));
      const slugs = new Map<string, string>();
      for (const row of rows) {
        if (row.slug) {
          slugs.set(row.id, row.slug);
          continue;
        }
        const base = slugFromTitle(row.title);
        let slug = base;
        for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, 75)}-${n}`;
        taken.add(slug);
        slugs.set(row.id, slug);
      }

      const files: MarkdownSource[] = [];
      for (const row of rows) {
        const doc = await documents.get(viewer, row.id);
        const members =
          doc.kind === "TOOLKIT"
            ? (await documents.listToolkitItems(viewer, doc.id)).flatMap((i) => (slugs.has(i.documentId) ? [{ slug: slugs.get(i.documentId)!, deliverableType: i.deliverableType }] : []))
            : [];
        const slug = slugs.get(doc.id)!;
        files.push({ file: `${slug}.md`, content: libraryFileOf(doc, slug, members) });
        await accessRecord?.recordExport(viewer, { documentId: doc.id, clientOrganizationId: doc.clientOrganizationId, channel: "export:library" });
      }
      return files;
    },
  };
  return service;
}

export type LibraryService = ReturnType<typeof createLibraryService>;
