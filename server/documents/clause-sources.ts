import { z } from "zod";
import { clauseSourceOf, type ClauseSourceAttrs } from "../../app/editor/clause-position.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { conflict, notFound } from "../errors.ts";
import { parseInput, textField } from "../validation.ts";
import type { DocumentAccess } from "./access.ts";
import { checkDocumentJson, type ProseMirrorJSON } from "./derive.ts";
import { blocksFromJson, diffDocuments, type DocumentDiff } from "./diff.ts";
import { findLibraryClause, libraryClauseJson, type LibraryClause } from "./library-clause.ts";
import { IdSchema } from "./schema.ts";

/**
 * Clauses from the library (ADR 033): a clause copied from the version in force of a document
 * the viewer may read, and, for the clauses a document copied, whether their source has since
 * published a different text. Both read only what `can(viewer, "read", source)` allows: a
 * source the viewer may not read is never named, compared or shown.
 */

/** Library clauses one check compares at most (a document with more is checked for its first ones). */
export const CLAUSE_SOURCES_MAX = 200;
const ANCHOR_MAX_LENGTH = 300;

const AnchorSchema = textField({ error: "Give the clause's anchor." })
  .trim()
  .transform((v) => v.replace(/^#/, ""))
  .pipe(z.string().min(1, "Give the clause's anchor.").max(ANCHOR_MAX_LENGTH, "That anchor is too long."));

export const LibraryClauseRequestSchema = z.object({ documentId: IdSchema, anchor: AnchorSchema });

const SourceSchema = z.object({ sourceDocumentId: IdSchema, sourceVersionId: IdSchema, sourceClause: AnchorSchema });
export const ClauseSourcesRequestSchema = z.object({
  sources: z.array(SourceSchema).max(CLAUSE_SOURCES_MAX, `Check at most ${CLAUSE_SOURCES_MAX} clauses at once.`),
});

type VersionSide = { kind: "version"; id: string; number: number; name: string };

export type ClauseSourceUpdate = ClauseSourceAttrs & {
  documentTitle: string;
  /** The version in force now, whose clause `clause` is. */
  version: { id: string; number: number };
  /** The clause as it was in the version it was copied from, to as it is now. */
  diff: DocumentDiff & { from: VersionSide; to: VersionSide };
  /** The clause position to put in its place: the new text, naming the new version as its source. */
  clause: ProseMirrorJSON;
};

/** A clause alone, as a document: what two versions' clauses are compared and redlined as. */
const clauseDoc = (clause: LibraryClause): ProseMirrorJSON => ({
  type: "doc",
  content: [
    {
      type: "clausePosition",
      attrs: { clauseId: "", name: clause.name, escalateTo: clause.escalateTo, perspective: clause.perspective, required: clause.required },
      content: clause.parts,
    },
  ],
});

function readClause(contentJson: unknown, anchor: string): LibraryClause | null {
  try {
    return findLibraryClause(checkDocumentJson(contentJson), anchor);
  } catch {
    // A version whose JSON does not check has no clause anyone should copy.
    return null;
  }
}

export function createClauseSources({ db, access }: { db: Db; access: DocumentAccess }) {
  return {
    /**
     * The clause at `anchor` in the version in force of a document the viewer may read (404
     * otherwise), as the clause position to insert. A document never published has no text to
     * copy yet (409): a draft may still change, and its readers may not all see it.
     */
    async getLibraryClause(viewer: Viewer, raw: unknown) {
      const { documentId, anchor } = parseInput(LibraryClauseRequestSchema, raw);
      const { doc } = await access.requireDocument(viewer, documentId, "read");
      if (!doc.publishedVersionId) {
        throw conflict("not_published", "This document has no published version yet: only published clauses can be inserted.");
      }
      const version = await db.documentVersion.findUnique({ where: { id: doc.publishedVersionId }, select: { id: true, number: true, contentJson: true } });
      const clause = version ? readClause(version.contentJson, anchor) : null;
      if (!version || !clause) throw notFound("clause");
      return {
        document: { id: doc.id, title: doc.title, clientOrganizationId: doc.clientOrganizationId },
        version: { id: version.id, number: version.number },
        clause: libraryClauseJson(clause, { sourceDocumentId: doc.id, sourceVersionId: version.id, sourceClause: anchor }),
      };
    },

    /**
     * Of these clauses' sources, those whose version in force is newer than the one copied and
     * whose clause reads differently there. Sources the viewer may not read, clauses their source
     * no longer has, and versions no longer on record are left out: nothing to show, nothing learnt.
     */
    async sourceUpdates(viewer: Viewer, raw: unknown): Promise<ClauseSourceUpdate[]> {
      const { sources } = parseInput(ClauseSourcesRequestSchema, raw);
      const refs = sources.map(clauseSourceOf).filter((s): s is ClauseSourceAttrs => s !== null);
      if (refs.length === 0) return [];
      const resources = await access.resourcesOf(refs.map((r) => r.sourceDocumentId));
      const readable = [...resources].filter(([, resource]) => can(viewer, "read", resource)).map(([id]) => id);
      if (readable.length === 0) return [];
      const docs = await db.document.findMany({ where: { id: { in: readable } }, select: { id: true, title: true, publishedVersionId: true } });
      const byId = new Map(docs.map((d) => [d.id, d]));
      const stale = refs.filter((r) => {
        const inForce = byId.get(r.sourceDocumentId)?.publishedVersionId;
        return !!inForce && inForce !== r.sourceVersionId;
      });
      if (stale.length === 0) return [];
      const versionIds = new Set(stale.flatMap((r) => [r.sourceVersionId, byId.get(r.sourceDocumentId)!.publishedVersionId!]));
      const versions = await db.documentVersion.findMany({
        where: { id: { in: [...versionIds] }, documentId: { in: stale.map((r) => r.sourceDocumentId) } },
        select: { id: true, documentId: true, number: true, name: true, contentJson: true },
      });
      const versionById = new Map(versions.map((v) => [v.id, v]));
      const updates: ClauseSourceUpdate[] = [];
      const seen = new Set<string>();
      for (const ref of stale) {
        const key = `${ref.sourceDocumentId} ${ref.sourceVersionId} ${ref.sourceClause}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const source = byId.get(ref.sourceDocumentId)!;
        const copied = versionById.get(ref.sourceVersionId);
        const current = versionById.get(source.publishedVersionId!);
        if (!copied || !current || copied.documentId !== source.id || current.number <= copied.number) continue;
        const before = readClause(copied.contentJson, ref.sourceClause);
        const after = readClause(current.contentJson, ref.sourceClause);
        if (!before || !after) continue;
        if (JSON.stringify(clauseDoc(before)) === JSON.stringify(clauseDoc(after))) continue;
        updates.push({
          ...ref,
          documentTitle: source.title,
          version: { id: current.id, number: current.number },
          diff: {
            from: { kind: "version", id: copied.id, number: copied.number, name: copied.name },
            to: { kind: "version", id: current.id, number: current.number, name: current.name },
            // Every paragraph of a clause is worth reading beside what changed.
            ...diffDocuments(blocksFromJson(clauseDoc(before)), blocksFromJson(clauseDoc(after)), { context: Infinity }),
          },
          clause: libraryClauseJson(after, { sourceDocumentId: source.id, sourceVersionId: current.id, sourceClause: ref.sourceClause }),
        });
      }
      return updates;
    },
  };
}

export type ClauseSources = ReturnType<typeof createClauseSources>;
