import type { JSONContent } from "@tiptap/core";
import { withoutDraftingNotes } from "../../app/editor/callout.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { CommentService } from "../comments/index.ts";
import type { DocumentService } from "../documents/service.ts";
import { parseInput } from "../validation.ts";
import { documentToDocx } from "./docx-export.ts";
import { threadsOnExport } from "./export-threads.ts";
import { confidentialityMarking } from "./export-labels.ts";
import type { FrontMatter } from "./front-matter.ts";
import { writeLibraryDocument } from "./library-file.ts";
import { documentToPrintHtml } from "./print-html.ts";
import { DocumentExportQuerySchema, type ExportFormat } from "./schema.ts";
import { stripUnsafeLinks } from "./safe-href.ts";
import { slugFromTitle } from "./slug.ts";

type DocumentRow = Awaited<ReturnType<DocumentService["get"]>>;

export type DocumentDownload = {
  filename: string;
  contentType: string;
  body: Buffer | string;
  /** What was exported, for the access record. */
  source: { documentId: string; clientOrganizationId: string | null; format: ExportFormat };
};

const EMPTY_DOC: JSONContent = { type: "doc", content: [{ type: "paragraph" }] };
/** A copy, without links stored before hrefs were checked (new content never holds them). */
const contentOf = (doc: DocumentRow) => stripUnsafeLinks(structuredClone((doc.contentJson ?? EMPTY_DOC) as JSONContent));

const CONTENT_TYPES: Record<ExportFormat, string> = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  html: "text/html; charset=utf-8",
  md: "text/markdown; charset=utf-8",
};

/** A toolkit's member as its library file names it: the member's slug, and the deliverable type it suggests. */
export type ToolkitMemberRef = { slug: string; deliverableType: string | null };

/** A document's library file metadata: what the Markdown export writes above its content. */
export function frontMatterOf(doc: DocumentRow, slug: string, members: ToolkitMemberRef[]): FrontMatter {
  const deliverables = members.flatMap((m) => (m.deliverableType ? [{ type: m.deliverableType, template: m.slug }] : []));
  return {
    slug,
    kind: doc.kind.toLowerCase() as FrontMatter["kind"],
    title: doc.title,
    ...(doc.summary ? { summary: doc.summary } : {}),
    status: doc.status.toLowerCase() as NonNullable<FrontMatter["status"]>,
    ...(doc.practiceArea ? { practiceArea: doc.practiceArea } : {}),
    ...(doc.jurisdictions.length ? { jurisdictions: doc.jurisdictions } : {}),
    ...(doc.tags.length ? { tags: doc.tags } : {}),
    ...(doc.ownerRole ? { ownerRole: doc.ownerRole } : {}),
    ...(doc.reviewIntervalMonths ? { reviewIntervalMonths: doc.reviewIntervalMonths } : {}),
    ...(doc.lawStatedAt ? { lawStatedAt: doc.lawStatedAt.toISOString().slice(0, 10) } : {}),
    ...(members.length ? { items: members.map((m) => m.slug) } : {}),
    ...(deliverables.length ? { deliverables } : {}),
  };
}

/** The library file of one document, as the whole-library export (./import.ts exportAll) writes it. */
export function libraryFileOf(doc: DocumentRow, slug: string, members: ToolkitMemberRef[]): string {
  return writeLibraryDocument({ frontMatter: frontMatterOf(doc, slug, members), json: contentOf(doc) });
}

const sentenceCase = (value: string) => value.charAt(0) + value.slice(1).toLowerCase().replace(/_/g, " ");

/**
 * One document as a download, for a viewer who may read it (the documents service answers 404
 * otherwise). The file is named after its slug (or its title in kebab-case): ASCII only, safe
 * in a Content-Disposition header. Content is the derived JSON, which trails live edits by the
 * collab server's derivation debounce.
 */
export async function exportDocument(
  documents: DocumentService,
  viewer: Viewer,
  id: unknown,
  raw: unknown,
  /** The comment threads this viewer may read, for the Word file's comments (absent: none). */
  comments?: Pick<CommentService, "threadsForExport">,
): Promise<DocumentDownload> {
  const { format } = parseInput(DocumentExportQuerySchema, raw);
  const doc = await documents.get(viewer, id);
  const slug = doc.slug ?? slugFromTitle(doc.title);
  const source = { documentId: doc.id, clientOrganizationId: doc.clientOrganizationId, format };
  const file = (body: Buffer | string) => ({ filename: `${slug}.${format}`, contentType: CONTENT_TYPES[format], body, source });
  const marking = confidentialityMarking({ confidentiality: doc.confidentiality, clientName: doc.client?.name });
  // Word and print are what gets sent: drafting notes stay behind, but for a template's own copy,
  // whose reader is the next drafter. The Markdown is the library file and keeps everything.
  const full = contentOf(doc);
  const sent = doc.kind === "TEMPLATE" ? full : withoutDraftingNotes(full);
  if (format === "docx") {
    const threads = comments ? threadsOnExport(full, sent, await comments.threadsForExport(viewer, doc.id)) : [];
    return file(await documentToDocx({ title: doc.title, json: sent, marking, threads }));
  }
  if (format === "html") {
    const details = [sentenceCase(doc.kind), sentenceCase(doc.status), `as of ${doc.updatedAt.toISOString().slice(0, 10)}`];
    return file(documentToPrintHtml({ title: doc.title, details, json: sent, marking }));
  }
  const members =
    doc.kind === "TOOLKIT"
      ? (await documents.listToolkitItems(viewer, doc.id)).map((i) => ({ slug: i.document.slug ?? slugFromTitle(i.document.title), deliverableType: i.deliverableType }))
      : [];
  // The marking heads the Markdown as a quote: front matter is the library's import format, and a client's material is not a library file.
  return file(marking ? `> **${marking}**\n\n${libraryFileOf(doc, slug, members)}` : libraryFileOf(doc, slug, members));
}
