import { checkDocumentJson, deriveSections, type Section } from "../documents/derive.ts";
import type { ClauseRole, SearchRecord } from "./engine.ts";

/**
 * A document row as the indexer reads it: metadata, shares and the derived content
 * (plain text and sections, server/documents/derive.ts). Nothing else is indexed.
 */
export type IndexableDocument = {
  id: string;
  organizationId: string;
  kind: SearchRecord["kind"];
  title: string;
  summary: string;
  practiceArea: string | null;
  jurisdictions: string[];
  tags: string[];
  ownerId: string | null;
  status: SearchRecord["status"];
  visibility: SearchRecord["visibility"];
  contentText: string;
  /** Prisma Json: checked here, never trusted. */
  sections: unknown;
  /**
   * The version in force now (ADR 017: the pointer is versionInForce's cached answer, moved by
   * the in-force sweep when a scheduled publication takes effect): what is indexed when there is one.
   */
  publishedVersion: { contentText: string; contentJson: unknown } | null;
  updatedAt: Date;
  shares: { organizationId: string }[];
  /** Client material of this client organisation; null: house knowledge (ADR 013). */
  clientOrganizationId: string | null;
  confidentiality: SearchRecord["confidentiality"];
  /** A toolkit's documents, in order (empty for other kinds). */
  toolkitItems: { document: ToolkitMember }[];
};

type ToolkitMember = {
  title: string;
  publishedVersionId: string | null;
  status: SearchRecord["status"];
  visibility: SearchRecord["visibility"];
  shares: { organizationId: string }[];
  clientOrganizationId: string | null;
};

/** The Prisma select the indexer uses; it matches IndexableDocument. */
export const INDEXABLE_SELECT = {
  id: true,
  organizationId: true,
  kind: true,
  title: true,
  summary: true,
  practiceArea: true,
  jurisdictions: true,
  tags: true,
  ownerId: true,
  status: true,
  visibility: true,
  contentText: true,
  sections: true,
  publishedVersion: { select: { contentText: true, contentJson: true } },
  updatedAt: true,
  shares: { select: { organizationId: true } },
  clientOrganizationId: true,
  confidentiality: true,
  deletedAt: true,
  toolkitItems: {
    // A member in the trash is no longer part of what the toolkit offers.
    where: { document: { deletedAt: null } },
    orderBy: { position: "asc" },
    select: {
      document: {
        select: { title: true, publishedVersionId: true, status: true, visibility: true, shares: { select: { organizationId: true } }, clientOrganizationId: true },
      },
    },
  },
} as const;

export const documentRecordId = (documentId: string) => `doc_${safeId(documentId)}`;
export const sectionRecordId = (documentId: string, anchor: string) => `sec_${safeId(documentId)}_${safeId(anchor)}`;

/**
 * Engine-safe characters only (Meilisearch allows `a-zA-Z0-9-_`): anything else, `_` included,
 * becomes `_<hex code point>_`, so two different anchors never share an id.
 */
export function safeId(value: string): string {
  let out = "";
  for (const ch of value) out += /[A-Za-z0-9-]/.test(ch) ? ch : `_${ch.codePointAt(0)!.toString(16)}_`;
  return out;
}

function readSections(raw: unknown): Section[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (s): s is Section =>
      !!s && typeof s === "object" && typeof s.anchor === "string" && typeof s.title === "string" && typeof s.text === "string" &&
      (s.kind === "heading" || s.kind === "clause"),
  );
}

function clausePositions(section: Section): SearchRecord["clausePositions"] {
  const clause = section.clause;
  if (!clause) return [];
  const out: { role: ClauseRole; index: number; text: string }[] = [];
  const push = (role: ClauseRole, index: number, text: unknown) => {
    if (typeof text === "string" && text.trim()) out.push({ role, index, text });
  };
  push("preferred", 0, clause.preferred);
  (Array.isArray(clause.fallbacks) ? clause.fallbacks : []).forEach((text, i) => push("fallback", i + 1, text));
  push("greyzone", 0, clause.greyzone);
  push("redline", 0, clause.redline);
  push("rationale", 0, clause.rationale);
  push("pushback", 0, clause.pushback);
  push("spotting", 0, clause.spotting);
  return out;
}

/**
 * The titles a toolkit's record lists, so "NDA" also finds the toolkit that bundles the NDA
 * playbook. Only members every reader of the toolkit may see: a client who can open the toolkit
 * must not learn, through its record, the title of a member that is not shared with them; and
 * staff who read a house toolkit must not learn the title of a client's material (need-to-know,
 * ADR 013), so a member of another client (any client, for a house toolkit) is left out.
 */
function visibleMemberTitles(doc: IndexableDocument): string[] {
  if (doc.kind !== "TOOLKIT") return [];
  const toolkitShares = doc.visibility === "SHARED" ? doc.shares.map((s) => s.organizationId) : [];
  return doc.toolkitItems
    .map((item) => item.document)
    .filter((member) => {
      if (member.status === "ARCHIVED") return false;
      if (member.clientOrganizationId !== null && member.clientOrganizationId !== doc.clientOrganizationId) return false;
      if (toolkitShares.length === 0) return true;
      const memberShares = member.visibility === "SHARED" ? new Set(member.shares.map((s) => s.organizationId)) : new Set<string>();
      return member.status !== "DRAFT" && member.publishedVersionId !== null && toolkitShares.every((o) => memberShares.has(o));
    })
    .map((member) => member.title);
}

/**
 * What search indexes: the version in force when one is published, else the draft. Readers who
 * may not see drafts (clients, the provider's viewers) read only the published version (ADR 012),
 * so its words are the only ones they may find; and a lawyer searching precedents wants the text
 * they may rely on. A draft's edits become searchable when it is published.
 */
function indexedContent(doc: IndexableDocument): { text: string; sections: Section[] } {
  if (!doc.publishedVersion) return { text: doc.contentText, sections: readSections(doc.sections) };
  let sections: Section[] = [];
  try {
    sections = deriveSections(checkDocumentJson(doc.publishedVersion.contentJson));
  } catch {
    // A version whose JSON does not check is indexed by its text alone.
  }
  return { text: doc.publishedVersion.contentText, sections };
}

/**
 * One `documents` record for the whole document (title, summary + text, every heading) and one
 * `clauses` record per section: each heading's section and each clause position, with the
 * anchor that deep-links to it and the heading path it sits under.
 */
export function toSearchRecords(doc: IndexableDocument): SearchRecord[] {
  const { text, sections } = indexedContent(doc);
  const base = {
    documentId: doc.id,
    documentTitle: doc.title,
    kind: doc.kind,
    practiceArea: doc.practiceArea,
    jurisdictions: doc.jurisdictions,
    tags: doc.tags,
    status: doc.status,
    ownerId: doc.ownerId,
    organizationId: doc.organizationId,
    visibility: doc.visibility,
    // An INTERNAL document is visible to no client, whatever share rows remain (documents/policy.ts).
    sharedWithOrganizationIds: doc.visibility === "SHARED" ? doc.shares.map((s) => s.organizationId) : [],
    clientOrganizationId: doc.clientOrganizationId,
    confidentiality: doc.confidentiality,
    hasPublishedVersion: doc.publishedVersion !== null,
    updatedAt: doc.updatedAt.getTime(),
  };
  const records: SearchRecord[] = [
    {
      ...base,
      id: documentRecordId(doc.id),
      scope: "documents",
      anchor: null,
      title: doc.title,
      // A toolkit's members read like its table of contents; clause names say what a document is
      // about as its headings do (issue 18: "limitation of liability" finds the review whose
      // clause is so named).
      headings: [
        ...new Set([
          ...sections.flatMap((s) => (s.kind === "heading" && s.title ? [s.title] : s.kind === "clause" ? [s.clause?.name || s.title].filter(Boolean) : [])),
          ...visibleMemberTitles(doc),
        ]),
      ],
      body: [doc.summary, text].filter((t) => t.trim()).join("\n"),
      clauseName: null,
      clausePositions: [],
    },
  ];
  // The heading path: the titles of the open headings, outermost first.
  const path: { level: number; title: string }[] = [];
  for (const section of sections) {
    if (section.kind === "heading") {
      const level = typeof section.level === "number" ? section.level : 1;
      while (path.length && path[path.length - 1]!.level >= level) path.pop();
      path.push({ level, title: section.title });
    }
    records.push({
      ...base,
      id: sectionRecordId(doc.id, section.anchor),
      scope: "clauses",
      anchor: section.anchor,
      title: section.title,
      headings: path.map((p) => p.title),
      body: section.text,
      clauseName: section.kind === "clause" ? section.clause?.name || section.title : null,
      clausePositions: clausePositions(section),
    });
  }
  return records;
}
