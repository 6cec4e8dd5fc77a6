import type { Viewer } from "../auth/viewer.ts";
import type { DocumentDiff } from "./diff.ts";
import type { ClauseSourceUpdate } from "./clause-sources.ts";
import { documentAbilities, documentResource } from "./policy.ts";

/**
 * What leaves the server about a document. Fields are listed, never spread: a new column stays
 * private until someone decides to show it. Who a document is shared with is shown only to the
 * provider's own members.
 */

/** A document's page in the app, from the app's origin: what links to it from outside a page (summaries, the CLI). */
export const documentLink = (id: string) => `/documents/${encodeURIComponent(id)}`;

type Person = { id: string; name: string } | null;

type DocumentRow = {
  id: string;
  organizationId: string;
  kind: "PLAYBOOK" | "TOOLKIT" | "TEMPLATE" | "PRECEDENT";
  title: string;
  summary: string;
  practiceArea: string | null;
  jurisdictions: string[];
  tags: string[];
  ownerId: string | null;
  status: "DRAFT" | "IN_REVIEW" | "PUBLISHED" | "ARCHIVED";
  visibility: "INTERNAL" | "SHARED";
  createdAt: Date;
  updatedAt: Date;
  owner: Person;
  shares: { organizationId: string; organization?: { name: string } }[];
  publishedVersionId?: string | null;
  clientOrganizationId: string | null;
  confidentiality: "HOUSE" | "CLIENT_CONFIDENTIAL" | "PRIVILEGED";
  mandateId: string | null;
  client?: { id: string; name: string } | null;
  promotedFromId?: string | null;
  viewersMaySuggest: boolean;
  clientMaySuggest: boolean;
};

type DocumentDetailRow = DocumentRow & {
  contentJson: unknown;
  contentText: string;
  sections: unknown;
  derivedAt: Date | null;
  lawStatedAt: Date | null;
  lastReviewedAt: Date | null;
  quarantinedUpdates?: { count: number; lastAt: Date } | null;
};

const person = (p: Person) => (p ? { id: p.id, name: p.name } : null);

export function presentDocumentSummary(doc: DocumentRow, viewer: Viewer) {
  const abilities = documentAbilities(viewer, documentResource(doc));
  return {
    id: doc.id,
    kind: doc.kind,
    title: doc.title,
    summary: doc.summary,
    practiceArea: doc.practiceArea,
    jurisdictions: [...doc.jurisdictions],
    tags: [...doc.tags],
    status: doc.status,
    visibility: doc.visibility,
    /** HOUSE knowledge, or a client's material (ADR 013); PRIVILEGED is labelled as such wherever it is shown. */
    confidentiality: doc.confidentiality,
    client: doc.clientOrganizationId ? { id: doc.clientOrganizationId, name: doc.client?.name ?? "" } : null,
    mandateId: doc.mandateId,
    /** A house precedent promoted from client material: said, never linked or named (the source stays with its client). */
    promotedFromClientMaterial: !!doc.promotedFromId,
    owner: person(doc.owner),
    sharedWith: abilities.seeShares
      ? doc.shares.map((s) => ({ id: s.organizationId, name: s.organization?.name ?? "" }))
      : undefined,
    createdAt: doc.createdAt.toISOString(),
    updatedAt: doc.updatedAt.toISOString(),
  };
}
export type PresentedDocumentSummary = ReturnType<typeof presentDocumentSummary>;

export function presentDocument(doc: DocumentDetailRow, viewer: Viewer) {
  const abilities = documentAbilities(viewer, documentResource(doc));
  return {
    ...presentDocumentSummary(doc, viewer),
    /** "Law stated as at" and the last real review (ADR 018): null = never reviewed. Every reader sees them. */
    lawStatedAt: doc.lawStatedAt?.toISOString() ?? null,
    lastReviewedAt: doc.lastReviewedAt?.toISOString() ?? null,
    content: {
      json: doc.contentJson ?? null,
      text: doc.contentText,
      sections: doc.sections ?? [],
      derivedAt: doc.derivedAt?.toISOString() ?? null,
    },
    /** Whether an admin lets viewers suggest on the draft (ADR 032): the provider's business, like its shares. */
    viewersMaySuggest: abilities.seeShares ? doc.viewersMaySuggest : undefined,
    /** Whether its editors let its client suggest on the draft (ADR 032): the same; the client learns it from `abilities.suggest`. */
    clientMaySuggest: abilities.seeShares ? doc.clientMaySuggest : undefined,
    /** Update rows that could not be read and were set aside (ADR 023): admins only, null when none. */
    quarantinedUpdates:
      abilities.administer && doc.quarantinedUpdates
        ? { count: doc.quarantinedUpdates.count, lastAt: doc.quarantinedUpdates.lastAt.toISOString() }
        : null,
    abilities: {
      update: abilities.update,
      delete: abilities.delete,
      seeShares: abilities.seeShares,
      administer: abilities.administer,
      readDraft: abilities.readDraft,
      suggest: abilities.suggest,
    },
  };
}
export type PresentedDocument = ReturnType<typeof presentDocument>;

export function presentVersion(v: {
  id: string;
  number: number;
  name: string;
  reason: "MANUAL" | "PUBLISH" | "RESTORE" | "REVIEW";
  createdAt: Date;
  createdBy: Person;
  effectiveAt: Date | null;
  publishOverrideReason: string | null;
  contentHash?: string | null;
}) {
  return {
    id: v.id,
    number: v.number,
    name: v.name,
    reason: v.reason,
    createdAt: v.createdAt.toISOString(),
    createdBy: person(v.createdBy),
    /** Publications only: the day it is in force from, and why it was published without every approval. */
    effectiveAt: v.effectiveAt?.toISOString() ?? null,
    publishOverrideReason: v.publishOverrideReason,
    /** SHA-256 of the content (ADR 018): a publication carries its reviewed snapshot's. Null for versions older than that. */
    contentHash: v.contentHash ?? null,
  };
}
export type PresentedVersion = ReturnType<typeof presentVersion>;

type DiffSide = { kind: "current" } | { kind: "version"; id: string; number: number; name: string };

export function presentDiff(diff: DocumentDiff & { from: DiffSide; to: DiffSide }) {
  return {
    from: diff.from,
    to: diff.to,
    identical: diff.identical,
    stats: { ...diff.stats },
    hunks: diff.hunks.map((h) => ({ skippedBefore: h.skippedBefore, blocks: h.blocks.map((b) => ({ ...b })) })),
    skippedAfter: diff.skippedAfter,
  };
}
export type PresentedDiff = ReturnType<typeof presentDiff>;

/** A library clause whose source has published a different text (ADR 033): what the notice shows and Update inserts. */
export function presentClauseSourceUpdate(update: ClauseSourceUpdate) {
  return {
    sourceDocumentId: update.sourceDocumentId,
    sourceVersionId: update.sourceVersionId,
    sourceClause: update.sourceClause,
    documentTitle: update.documentTitle,
    version: { id: update.version.id, number: update.version.number },
    diff: presentDiff(update.diff),
    clause: update.clause,
  };
}
export type PresentedClauseSourceUpdate = ReturnType<typeof presentClauseSourceUpdate>;

export function presentToolkitItem(item: { position: number; deliverableType: string | null; document: DocumentRow }, viewer: Viewer) {
  return { position: item.position, deliverableType: item.deliverableType, document: presentDocumentSummary(item.document, viewer) };
}
export type PresentedToolkitItem = ReturnType<typeof presentToolkitItem>;

export function presentFacets(f: {
  practiceAreas: string[];
  jurisdictions: string[];
  tags: string[];
  owners: { id: string; name: string }[];
}) {
  return { practiceAreas: [...f.practiceAreas], jurisdictions: [...f.jurisdictions], tags: [...f.tags], owners: f.owners.map(person) };
}
