import * as Y from "yjs";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import type { Derived } from "./derive.ts";
import { createUpdateLog, insertLogRows } from "./update-log.ts";

/**
 * A document's Yjs state lives in two places: `Document.ydocState` (compacted) and the
 * `DocumentUpdate` log of everything accepted after it. Only this store and server/collab
 * write either (docs/design/library-and-collab.md, "State").
 *
 * The invariants:
 * - an update is in the log before anyone applies or relays it (`append` resolves only
 *   once the row is committed);
 * - a failed load throws: nothing ever builds an empty Y.Doc for a document whose state could
 *   not be read, so nothing can overwrite stored content with it;
 * - compaction merges and deletes exactly the rows it read, in one transaction, so an update
 *   appended meanwhile stays in the log.
 */

export type DocumentStateErrorKind = "not_found" | "corrupt" | "unavailable";

export class DocumentStateError extends Error {
  constructor(
    readonly kind: DocumentStateErrorKind,
    readonly documentId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "DocumentStateError";
  }
}

export type LoadedState = {
  doc: Y.Doc;
  /** Rows in the update log after the compacted state (a hint for when to compact). */
  logLength: number;
  /** Size of the compacted state plus the log, in bytes (a hint for the document size limit). */
  storedBytes: number;
};

export type CompactResult = { merged: number; bytes: number };

/** The name of the Y.XmlFragment that holds the Tiptap document. */
export const DOCUMENT_FRAGMENT = "default";

/** Prisma's Bytes is a Uint8Array over a plain ArrayBuffer; Yjs hands out views that may not be. */
const toBytes = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);

const COMPACT_TIMEOUT_MS = 60_000;
const DELETE_CHUNK = 1000;

export function createDocumentStateStore({ db }: { db: Db }) {
  const log = createUpdateLog((rows) => insertLogRows(db, rows));

  async function loadState(documentId: string): Promise<LoadedState> {
    let row: { ydocState: Uint8Array | null } | null;
    let log: Array<{ id: bigint; data: Uint8Array }>;
    try {
      // The log first, then the state: a compaction committing in between has moved those rows
      // into the state we then read (applied twice is harmless); the other order could miss them.
      log = await db.documentUpdate.findMany({ where: { documentId }, orderBy: { id: "asc" }, select: { id: true, data: true } });
      row = await db.document.findUnique({ where: { id: documentId }, select: { ydocState: true } });
    } catch (cause) {
      throw new DocumentStateError("unavailable", documentId, `Could not read the state of document ${documentId}.`, { cause });
    }
    if (!row) throw new DocumentStateError("not_found", documentId, `There is no document ${documentId}.`);

    const doc = new Y.Doc();
    let storedBytes = 0;
    try {
      if (row.ydocState && row.ydocState.length > 0) {
        Y.applyUpdate(doc, row.ydocState);
        storedBytes += row.ydocState.length;
      }
      for (const entry of log) {
        Y.applyUpdate(doc, entry.data);
        storedBytes += entry.data.length;
      }
    } catch (cause) {
      doc.destroy();
      throw new DocumentStateError("corrupt", documentId, `The stored state of document ${documentId} could not be applied.`, {
        cause,
      });
    }
    return { doc, logLength: log.length, storedBytes };
  }

  return {
    loadState,

    /** The document's Y.Doc: compacted state plus every logged update, in id order. Throws on any failure. */
    async load(documentId: string): Promise<Y.Doc> {
      return (await loadState(documentId)).doc;
    },

    /** Appends one update to the log. Durable once this resolves: only then may the caller apply or relay it. */
    async append(documentId: string, update: Uint8Array, userId?: string | null): Promise<{ id: bigint }> {
      const [id] = await log.append([{ documentId, data: update, userId: userId ?? null }]);
      return { id: id! };
    },

    /**
     * Appends several updates of one document in one statement (group commit), joined with
     * other documents' rows waiting at the same time. All or none: durable once this resolves.
     */
    async appendMany(documentId: string, updates: Array<{ update: Uint8Array; userId: string | null }>): Promise<bigint[]> {
      return log.append(updates.map(({ update, userId }) => ({ documentId, data: update, userId })));
    },

    /**
     * Merges the log into `ydocState` in one transaction and deletes exactly the merged rows.
     * Rows appended while it runs are not read, so not deleted: they stay in the log.
     */
    async compact(documentId: string): Promise<CompactResult> {
      return db.$transaction(
        async (tx) => {
          // Serialises compactions of one document (several processes on PostgreSQL).
          const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id FROM "Document" WHERE id = ${documentId} FOR UPDATE`;
          if (locked.length === 0) throw new DocumentStateError("not_found", documentId, `There is no document ${documentId}.`);
          const row = await tx.document.findUnique({ where: { id: documentId }, select: { ydocState: true } });
          const log = await tx.documentUpdate.findMany({
            where: { documentId },
            orderBy: { id: "asc" },
            select: { id: true, data: true },
          });
          if (log.length === 0) return { merged: 0, bytes: row?.ydocState?.length ?? 0 };

          const doc = new Y.Doc();
          let state: Uint8Array;
          try {
            if (row?.ydocState && row.ydocState.length > 0) Y.applyUpdate(doc, row.ydocState);
            for (const entry of log) Y.applyUpdate(doc, entry.data);
            state = Y.encodeStateAsUpdate(doc);
          } catch (cause) {
            throw new DocumentStateError("corrupt", documentId, `The stored state of document ${documentId} could not be merged.`, {
              cause,
            });
          } finally {
            doc.destroy();
          }
          await tx.document.update({ where: { id: documentId }, data: { ydocState: toBytes(state) } });
          const ids = log.map((entry) => entry.id);
          for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
            await tx.documentUpdate.deleteMany({ where: { documentId, id: { in: ids.slice(i, i + DELETE_CHUNK) } } });
          }
          return { merged: log.length, bytes: state.length };
        },
        { timeout: COMPACT_TIMEOUT_MS, maxWait: COMPACT_TIMEOUT_MS },
      );
    },

    /** Writes what was derived from the Y.Doc. False when the document no longer exists. */
    async saveDerived(documentId: string, derived: Derived, at: Date = new Date()): Promise<boolean> {
      const { count } = await db.document.updateMany({
        where: { id: documentId },
        data: {
          contentJson: derived.json as Prisma.InputJsonValue,
          contentText: derived.text,
          sections: derived.sections as unknown as Prisma.InputJsonValue,
          derivedAt: at,
        },
      });
      return count > 0;
    },
  };
}

export type DocumentStateStore = ReturnType<typeof createDocumentStateStore>;
