/**
 * The one interface both search engines implement: Meilisearch (`MEILI_HOST` set) and MiniSearch
 * in process (the embedded default). One contract test suite runs against both
 * (server/search/engine.contract.ts), so callers never learn which one answers.
 *
 * Two granularities live in one index, told apart by `scope`: a whole document, and a section
 * (a heading's section or a clause position) with the anchor that deep-links to it.
 */
import type { ReadableScope } from "../auth/scope.ts";
import type { ClausePartRole } from "../../app/editor/clause-position.ts";

export type SearchScope = "documents" | "clauses";

/** A clause part's role (ADR 035): the search record keeps each part's text under it. */
export type ClauseRole = ClausePartRole;

/** What the indexer writes: one per document and one per section. Ids are stable (upsert replaces). */
export type SearchRecord = {
  /** `doc_<documentId>` or `sec_<documentId>_<anchor>` (engine-safe characters only). */
  id: string;
  scope: SearchScope;
  documentId: string;
  /** Sections: the anchor inside the document (`#clause-…`, `#heading-slug`). */
  anchor: string | null;
  title: string;
  /** The document's title on a section record; equal to `title` on a document record. */
  documentTitle: string;
  /** Headings of the document (document records) or the section's own heading path. */
  headings: string[];
  body: string;
  clauseName: string | null;
  /** Clause records: the positions' texts, each addressable. */
  clausePositions: { role: ClauseRole; index: number; text: string }[];
  kind: "PLAYBOOK" | "TOOLKIT" | "TEMPLATE" | "PRECEDENT";
  practiceArea: string | null;
  jurisdictions: string[];
  tags: string[];
  status: "DRAFT" | "IN_REVIEW" | "PUBLISHED" | "ARCHIVED";
  ownerId: string | null;
  /** The provider organisation that owns it. */
  organizationId: string;
  visibility: "INTERNAL" | "SHARED";
  /** Client organisations a SHARED document is visible to. */
  sharedWithOrganizationIds: string[];
  /** Client material of this client organisation; null: house knowledge (ADR 013). */
  clientOrganizationId: string | null;
  /** The document's marking; hits carry it so PRIVILEGED material is labelled as such. */
  confidentiality: "HOUSE" | "CLIENT_CONFIDENTIAL" | "PRIVILEGED";
  /** A published version is live (ADR 012): clients find only documents published once. */
  hasPublishedVersion: boolean;
  /** Epoch milliseconds. */
  updatedAt: number;
};

export const FACET_NAMES = ["kind", "practiceArea", "jurisdictions", "tags", "status"] as const;
export type FacetName = (typeof FACET_NAMES)[number];

/**
 * Who is asking, as a filter applied INSIDE the engine query (never after paging): the viewer's
 * `readableScope` (server/auth/scope.ts), the one description of what they may read, so both
 * engines agree with `can(viewer, "read", document)` (the agreement test in engine.contract.ts).
 * A record is visible when:
 * - staff: its organisation is one they are staff of, and it is house knowledge or client
 *   material of a client in `clientIds` (need-to-know: team or break-glass, never walled);
 *   archived records only when asked for by status;
 * - client members: it is SHARED, IN_REVIEW or PUBLISHED with a published version (ADR 012), and shared with one of
 *   `memberOfClientIds`; client material only when its client is that very organisation.
 * Someone who is both sees both.
 */
export type SearchAudience = Pick<ReadableScope, "staffOrganizationIds" | "clientIds" | "memberOfClientIds">;

export type SearchQuery = {
  q: string;
  scope: SearchScope;
  audience: SearchAudience;
  filters: {
    kind?: SearchRecord["kind"][];
    practiceArea?: string[];
    jurisdiction?: string[];
    tag?: string[];
    status?: SearchRecord["status"][];
  };
  /** 1-based. */
  page: number;
  limit: number;
  facets: FacetName[];
};

export type SearchHit = {
  id: string;
  scope: SearchScope;
  documentId: string;
  anchor: string | null;
  title: string;
  documentTitle: string;
  kind: SearchRecord["kind"];
  status: SearchRecord["status"];
  confidentiality: SearchRecord["confidentiality"];
  clauseName: string | null;
  /** Matched words wrapped in <mark>…</mark>; everything else HTML-escaped. */
  highlights: { title: string; body: string };
  score: number | null;
  /** Query words (or synonym phrases) this hit does not contain: partial matching lets it through. */
  missing: string[];
};

export type SearchResult = {
  hits: SearchHit[];
  total: number;
  page: number;
  limit: number;
  facets: Partial<Record<FacetName, Record<string, number>>>;
  tookMs: number;
};

/** One indexer batch (ADR 024): documents whose records are replaced, and documents removed. */
export type SearchWriteBatch = { replace: { documentId: string; records: SearchRecord[] }[]; remove: string[] };

export interface SearchEngine {
  readonly name: "meilisearch" | "minisearch";
  /** Several processes write this one index (Meilisearch): a rebuild takes the shared lease first. */
  readonly shared: boolean;
  /** Creates the index and applies settings (searchable/filterable fields, ranking, synonyms). */
  init(): Promise<void>;
  upsert(records: SearchRecord[]): Promise<void>;
  /** Removes a document's record and all its sections. */
  deleteDocument(documentId: string): Promise<void>;
  /** Replaces a document's records (document + sections) in one step. */
  replaceDocument(documentId: string, records: SearchRecord[]): Promise<void>;
  search(query: SearchQuery): Promise<SearchResult>;
  /**
   * "Did you mean": the query with each word that reaches nothing the audience may read replaced
   * by the closest word of the index that does (within two edits), or null when no word changes.
   * Only words from records the audience may read are offered.
   */
  suggest(query: Pick<SearchQuery, "q" | "scope" | "audience">): Promise<string | null>;
  /**
   * Writes a whole batch at once (Meilisearch: one add and one delete task, waited for together).
   * As replaceDocument for each `replace`, deleteDocument for each `remove`.
   */
  write(batch: SearchWriteBatch): Promise<void>;
  /**
   * Resolves once everything written so far would survive a crash (MiniSearch: saved to its file,
   * at its next save, or at once with `now`; rejects when that save fails).
   */
  durable(options?: { now?: boolean }): Promise<void>;
  /** documentId → the `updatedAt` its document record was indexed at: start-up reconciles these against the database. */
  indexedVersions(): Promise<Map<string, number>>;
  /**
   * Replaces the whole index with what `fill` upserts. Meilisearch builds a new index and swaps
   * it in, so searches answer from the old one until the new one is complete.
   */
  rebuild(fill: (upsert: (records: SearchRecord[]) => Promise<void>) => Promise<void>): Promise<void>;
  /** Drops everything. */
  clear(): Promise<void>;
  count(): Promise<number>;
  health(): Promise<{ ok: boolean; detail?: string }>;
  /** Persists (MiniSearch to the data folder) and releases resources. */
  close(): Promise<void>;
}
