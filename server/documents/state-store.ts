import * as Y from "yjs";
import type { Db } from "../db/database.ts";
import { Prisma } from "../db/generated/client.ts";
import type { Logger } from "../logger.ts";
import { batchLookups } from "../lookup-batch.ts";
import type { Derived } from "./derive.ts";
import { createUpdateLog, insertLogRows, type LogInsert } from "./update-log.ts";

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
 * - compaction merges and deletes exactly the rows it read, in one short transaction that
 *   holds no lock an append waits for, so an update appended meanwhile stays in the log and
 *   typing never waits for a compaction (ADR 023);
 * - an update row that does not decode is moved to QuarantinedUpdate, never silently dropped.
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
  /**
   * The derived columns may be older than the stored state: the log is not empty (a crash before
   * the debounced derivation), or a compaction merged updates after the last derivation (ADR 023).
   */
  derivedStale: boolean;
};

export type CompactResult = { merged: number; bytes: number; quarantined: number };

/** The name of the Y.XmlFragment that holds the Tiptap document. */
export const DOCUMENT_FRAGMENT = "default";

/** Prisma's Bytes is a Uint8Array over a plain ArrayBuffer; Yjs hands out views that may not be. */
const toBytes = (data: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(data);

const DELETE_CHUNK = 10_000;
/** A compaction whose read state changed under it (another process compacted) reads again, this often. */
const COMPACT_ATTEMPTS = 3;

type LogRow = { id: bigint; data: Uint8Array; userId: string | null; createdAt: Date };
const LOG_SELECT = { id: true, data: true, userId: true, createdAt: true } as const;
type StoredRow = { ydocState: Uint8Array | null; derivedAt: Date | null; compactedAt: Date | null };

/** Rows applied between two yields to the event loop, and rows a compaction reads per query. */
const APPLY_SLICE = 200;
const LOG_PAGE = 2000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Applies the log to `doc`, row by row. A row that does not decode is skipped and returned: one
 * bad row must not make a whole document unreadable. Decoding first keeps garbage from being
 * half-applied (`applyUpdate` can throw midway through a row). Yields to the event loop every
 * APPLY_SLICE rows: merging a large log is seconds of CPU that every socket would wait behind.
 */
async function applyLog(doc: Y.Doc, log: LogRow[]) {
  const bad: Array<{ row: LogRow; error: string }> = [];
  let bytes = 0;
  for (let i = 0; i < log.length; i++) {
    if (i > 0 && i % APPLY_SLICE === 0) await yieldToEventLoop();
    const row = log[i]!;
    try {
      Y.decodeUpdate(row.data);
      Y.applyUpdate(doc, row.data);
      bytes += row.data.length;
    } catch (error) {
      bad.push({ row, error: String((error as Error)?.message ?? error) });
    }
  }
  return { bad, bytes };
}

/** Unreadable update rows set aside for a document: how many, and when the last was (for an admin). Null: none. */
export async function readQuarantineReport(db: Db, documentId: string): Promise<{ count: number; lastAt: Date } | null> {
  const { _count, _max } = await db.quarantinedUpdate.aggregate({
    where: { documentId },
    _count: { _all: true },
    _max: { quarantinedAt: true },
  });
  return _count._all > 0 && _max.quarantinedAt ? { count: _count._all, lastAt: _max.quarantinedAt } : null;
}

/** `insertLog`: how a statement of log rows is stored (PGlite's own path, `pgliteLogInsert`); Prisma's raw query otherwise. */
export function createDocumentStateStore({ db, logger, insertLog }: { db: Db; logger?: Logger; insertLog?: LogInsert }) {
  /** Group commit across documents: rows waiting while a statement runs go into the next one. */
  const updateLog = createUpdateLog(insertLog ?? ((rows) => insertLogRows(db, rows)));

  /** Moves undecodable rows aside (QuarantinedUpdate) in one transaction, and says so in the log. */
  async function quarantine(documentId: string, bad: Array<{ row: LogRow; error: string }>) {
    if (bad.length === 0) return;
    await db.$transaction([
      db.quarantinedUpdate.createMany({
        data: bad.map(({ row, error }) => ({
          documentId,
          updateId: row.id,
          data: toBytes(row.data),
          userId: row.userId,
          createdAt: row.createdAt,
          error,
        })),
      }),
      db.documentUpdate.deleteMany({ where: { documentId, id: { in: bad.map(({ row }) => row.id) } } }),
    ]);
    for (const { row, error } of bad) {
      logger?.error("documents: an update row could not be read and was quarantined", {
        documentId,
        updateId: String(row.id),
        bytes: row.data.length,
        error,
      });
    }
  }

  /**
   * What is stored of each document, read for many documents at once (a storm of sockets opens
   * a hundred rooms together): two statements a batch, not two a document. The log first, then
   * the state: a compaction committing in between has moved those rows into the state we then
   * read (applied twice is harmless); the other order could miss them.
   */
  const readStored = batchLookups(
    (documentId: string) => documentId,
    async (documentIds: string[]): Promise<Array<{ log: LogRow[]; row: StoredRow | null }>> => {
      const log = await db.documentUpdate.findMany({
        where: { documentId: { in: documentIds } },
        orderBy: { id: "asc" },
        select: { documentId: true, ...LOG_SELECT },
      });
      const rows = await db.document.findMany({
        where: { id: { in: documentIds } },
        select: { id: true, ydocState: true, derivedAt: true, compactedAt: true },
      });
      const logOf = new Map<string, LogRow[]>(documentIds.map((id) => [id, []]));
      for (const { documentId, ...entry } of log) logOf.get(documentId)?.push(entry);
      const rowOf = new Map(rows.map((row) => [row.id, row]));
      return documentIds.map((id) => ({ log: logOf.get(id) ?? [], row: rowOf.get(id) ?? null }));
    },
  );

  async function loadState(documentId: string): Promise<LoadedState> {
    let row: StoredRow | null;
    let log: LogRow[];
    try {
      ({ log, row } = await readStored(documentId));
    } catch (cause) {
      throw new DocumentStateError("unavailable", documentId, `Could not read the state of document ${documentId}.`, { cause });
    }
    if (!row) throw new DocumentStateError("not_found", documentId, `There is no document ${documentId}.`);

    // Its own id as the guid: Yjs would otherwise draw a random one (a crypto call a document, seen in a storm's profile).
    const doc = new Y.Doc({ guid: documentId });
    let storedBytes = 0;
    try {
      if (row.ydocState && row.ydocState.length > 0) {
        Y.applyUpdate(doc, row.ydocState);
        storedBytes += row.ydocState.length;
      }
    } catch (cause) {
      doc.destroy();
      throw new DocumentStateError("corrupt", documentId, `The stored state of document ${documentId} could not be applied.`, {
        cause,
      });
    }
    const { bad, bytes } = await applyLog(doc, log);
    storedBytes += bytes;
    try {
      await quarantine(documentId, bad);
    } catch (cause) {
      doc.destroy();
      throw new DocumentStateError("unavailable", documentId, `Could not set aside the unreadable updates of document ${documentId}.`, {
        cause,
      });
    }
    const logLength = log.length - bad.length;
    const derivedStale = logLength > 0 || (row.compactedAt !== null && (row.derivedAt === null || row.derivedAt < row.compactedAt));
    return { doc, logLength, storedBytes, derivedStale };
  }

  /**
   * One attempt: reads state and log outside any transaction, merges in memory, then in one
   * short transaction writes the state only if it is still the one read (compare-and-set, so
   * two compactions of one document never both win) and deletes exactly the merged rows.
   * Null: the state changed meanwhile (another compaction won), nothing written.
   */
  async function compactOnce(documentId: string): Promise<CompactResult | null> {
    const row = await db.document.findUnique({ where: { id: documentId }, select: { ydocState: true } });
    if (!row) throw new DocumentStateError("not_found", documentId, `There is no document ${documentId}.`);
    const doc = new Y.Doc({ guid: documentId });
    const log: LogRow[] = [];
    const bad: Awaited<ReturnType<typeof applyLog>>["bad"] = [];
    let state: Uint8Array;
    try {
      try {
        if (row.ydocState && row.ydocState.length > 0) Y.applyUpdate(doc, row.ydocState);
      } catch (cause) {
        throw new DocumentStateError("corrupt", documentId, `The stored state of document ${documentId} could not be merged.`, { cause });
      }
      // In pages, applied as they come: no query or merge step holds the connection or the
      // event loop for long. A row committed meanwhile below the cursor is not read: it stays.
      for (let after: bigint | undefined; ; ) {
        const page = await db.documentUpdate.findMany({
          where: { documentId, ...(after === undefined ? {} : { id: { gt: after } }) },
          orderBy: { id: "asc" },
          select: LOG_SELECT,
          take: LOG_PAGE,
        });
        log.push(...page);
        bad.push(...(await applyLog(doc, page)).bad);
        if (page.length < LOG_PAGE) break;
        after = page[page.length - 1]!.id;
        await yieldToEventLoop();
      }
      if (log.length === 0) return { merged: 0, bytes: row.ydocState?.length ?? 0, quarantined: 0 };
      state = Y.encodeStateAsUpdate(doc);
    } finally {
      doc.destroy();
    }
    await quarantine(documentId, bad);
    const skipped = new Set(bad.map(({ row: r }) => r.id));
    const ids = log.flatMap((entry) => (skipped.has(entry.id) ? [] : [entry.id]));

    // No row lock on Document: an UPDATE of a non-key column takes FOR NO KEY UPDATE, which does
    // not conflict with the FOR KEY SHARE that an insert into DocumentUpdate takes for its foreign
    // key, so typing goes on while this commits. The WHERE on the old state is the serialisation.
    const written = await db.$transaction(async (tx) => {
      const { count } = await tx.document.updateMany({
        where: { id: documentId, ydocState: row.ydocState === null ? null : { equals: toBytes(row.ydocState) } },
        data: { ydocState: toBytes(state), compactedAt: new Date() },
      });
      if (count === 0) return false;
      // Exactly the rows read, by id: on PostgreSQL a row with a lower id may commit after a higher
      // one was read, so "id <= last read" could delete an update nobody merged.
      for (let i = 0; i < ids.length; i += DELETE_CHUNK) {
        const chunk = ids.slice(i, i + DELETE_CHUNK).map(String);
        await tx.$executeRaw`DELETE FROM "DocumentUpdate" WHERE "documentId" = ${documentId} AND id = ANY(${chunk}::bigint[])`;
      }
      return true;
    });
    return written ? { merged: ids.length, bytes: state.length, quarantined: bad.length } : null;
  }

  return {
    loadState,

    /** The document's Y.Doc: compacted state plus every logged update, in id order. Throws on any failure. */
    async load(documentId: string): Promise<Y.Doc> {
      return (await loadState(documentId)).doc;
    },

    /** Appends one update to the log. Durable once this resolves: only then may the caller apply or relay it. */
    async append(documentId: string, update: Uint8Array, userId?: string | null): Promise<{ id: bigint }> {
      const [id] = await updateLog.append([{ documentId, data: update, userId: userId ?? null }]);
      return { id: id! };
    },

    /**
     * Appends several updates of one document in one statement (group commit), joined with
     * other documents' rows waiting at the same time. All or none: durable once this resolves.
     */
    async appendMany(documentId: string, updates: Array<{ update: Uint8Array; userId: string | null }>): Promise<bigint[]> {
      return updateLog.append(updates.map(({ update, userId }) => ({ documentId, data: update, userId })));
    },

    /**
     * Merges the log into `ydocState` and deletes exactly the merged rows, without holding a
     * transaction while it reads or merges (typing never waits for it). Rows appended while it
     * runs are not read, so not deleted: they stay in the log. Undecodable rows are quarantined.
     */
    async compact(documentId: string): Promise<CompactResult> {
      for (let attempt = 1; ; attempt++) {
        const result = await compactOnce(documentId);
        if (result) return result;
        // Someone else merged meanwhile: what is left is theirs or the next compaction's.
        if (attempt >= COMPACT_ATTEMPTS) return { merged: 0, bytes: 0, quarantined: 0 };
      }
    },

    /** Documents whose derived content may be older than their stored state (the start-up pass, ADR 023). */
    async listStaleDerived(): Promise<string[]> {
      const rows = await db.$queryRaw<Array<{ id: string }>>`
        SELECT d.id FROM "Document" d
        WHERE d."deletedAt" IS NULL
          AND (EXISTS (SELECT 1 FROM "DocumentUpdate" u WHERE u."documentId" = d.id)
               OR (d."compactedAt" IS NOT NULL AND (d."derivedAt" IS NULL OR d."derivedAt" < d."compactedAt")))`;
      return rows.map((r) => r.id);
    },

    /**
     * Writes what was derived from the Y.Doc. Null when the document no longer exists; else
     * whether a version is in force (then search indexes that version, not the draft: ADR 023).
     */
    async saveDerived(documentId: string, derived: Derived, at: Date = new Date()): Promise<{ published: boolean } | null> {
      try {
        const row = await db.document.update({
          where: { id: documentId },
          data: {
            contentJson: derived.json as Prisma.InputJsonValue,
            contentText: derived.text,
            sections: derived.sections as unknown as Prisma.InputJsonValue,
            derivedAt: at,
          },
          select: { publishedVersionId: true },
        });
        return { published: row.publishedVersionId !== null };
      } catch (error) {
        if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2025") return null;
        throw error;
      }
    },
  };
}

export type DocumentStateStore = ReturnType<typeof createDocumentStateStore>;
