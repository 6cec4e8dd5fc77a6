import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { SearchEngine } from "./engine.ts";
import type { IndexStamp } from "./index-stamp.ts";
import { INDEXABLE_SELECT, toSearchRecords } from "./records.ts";

/**
 * Keeps the search index in step with the database. Events ("document X changed") go into a
 * small queue that coalesces repeats per document: ten derivations of one document in a burst
 * become one read and one replaceDocument. The queue drains after SEARCH_INDEX_DELAY_MS, so
 * the index trails the database by well under a second.
 */

/** How long an event waits for repeats before it is indexed. */
export const SEARCH_INDEX_DELAY_MS = 100;
/** Documents read and upserted per batch during a rebuild. */
export const SEARCH_REBUILD_BATCH = 100;

export type RebuildProgress = { done: number; total: number };

export type SearchIndexer = {
  /** Reads the document and replaces its records; deletes them when it is gone. */
  indexDocument(documentId: string): Promise<void>;
  removeDocument(documentId: string): Promise<void>;
  /** Clears the index and indexes every document in batches. Returns how many were indexed. */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<{ documents: number; records: number }>;
  /** Queues a document for indexing (coalesced). */
  enqueue(documentId: string): void;
  /** Resolves once the queue is empty and nothing is being indexed. */
  idle(): Promise<void>;
  /**
   * Rebuilds in the background when the engine asks for it, the index is empty but documents
   * exist, or the index was built from another database (a restore: see index-stamp.ts).
   */
  start(): Promise<void>;
  /** Drains the queue, then stops taking events. */
  close(): Promise<void>;
};

export function createSearchIndexer({
  db,
  engine,
  logger,
  delayMs = SEARCH_INDEX_DELAY_MS,
  stamp,
}: {
  db: Db;
  /** `needsRebuild`: the engine's stored index is missing, corrupt or of an older schema. */
  engine: SearchEngine & { needsRebuild?: () => boolean };
  logger: Logger;
  delayMs?: number;
  /** Where the index records which database it was built from (none for an in-memory database). */
  stamp?: IndexStamp;
}): SearchIndexer {
  const pending = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;
  let rebuilding: Promise<unknown> | undefined;
  let closed = false;
  /** Documents changed while a rebuild runs: its batch may have read them before the change. */
  let touchedDuringRebuild: Set<string> | undefined;

  async function indexDocument(documentId: string) {
    const doc = await db.document.findUnique({ where: { id: documentId }, select: INDEXABLE_SELECT });
    // Gone, or in the trash (ADR 021): not findable until it is restored.
    if (!doc || doc.deletedAt) {
      await engine.deleteDocument(documentId);
      return;
    }
    await engine.replaceDocument(documentId, toSearchRecords(doc));
  }

  async function drain() {
    while (pending.size) {
      const batch = [...pending];
      pending.clear();
      for (const id of batch) {
        try {
          await indexDocument(id);
        } catch (error) {
          logger.error("search: indexing a document failed", { documentId: id, error: String(error) });
        }
      }
    }
  }

  function schedule() {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      if (draining) {
        // One drain at a time; it picks up whatever arrived meanwhile.
        void draining.then(() => (pending.size ? schedule() : undefined));
        return;
      }
      draining = drain().finally(() => {
        draining = undefined;
      });
    }, delayMs);
  }

  async function rebuild(onProgress?: (p: RebuildProgress) => void) {
    touchedDuringRebuild = new Set();
    try {
      return await rebuildAll(onProgress);
    } finally {
      // Indexed again from the row as it is now (or deleted when gone), after the batches.
      const touched = touchedDuringRebuild;
      touchedDuringRebuild = undefined;
      for (const id of touched) indexer.enqueue(id);
    }
  }

  async function rebuildAll(onProgress?: (p: RebuildProgress) => void) {
    const total = await db.document.count({ where: { deletedAt: null } });
    await engine.clear();
    let done = 0;
    let records = 0;
    let cursor: string | undefined;
    onProgress?.({ done, total });
    for (;;) {
      const rows = await db.document.findMany({
        where: { deletedAt: null },
        select: INDEXABLE_SELECT,
        orderBy: { id: "asc" },
        take: SEARCH_REBUILD_BATCH,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (!rows.length) break;
      const batch = rows.flatMap(toSearchRecords);
      await engine.upsert(batch);
      records += batch.length;
      done += rows.length;
      cursor = rows[rows.length - 1]!.id;
      onProgress?.({ done, total: Math.max(total, done) });
    }
    return { documents: done, records };
  }

  const indexer: SearchIndexer = {
    indexDocument,
    async removeDocument(documentId) {
      pending.delete(documentId);
      touchedDuringRebuild?.add(documentId);
      await engine.deleteDocument(documentId);
    },
    rebuild,
    enqueue(documentId) {
      if (closed) return;
      touchedDuringRebuild?.add(documentId);
      pending.add(documentId);
      schedule();
    },
    async idle() {
      for (;;) {
        if (rebuilding) await rebuilding.catch(() => undefined);
        if (!timer && !draining && !pending.size) return;
        if (draining) await draining;
        else await new Promise((r) => setTimeout(r, delayMs));
      }
    },
    async start() {
      const [indexed, documents, identity, recorded] = await Promise.all([engine.count(), db.document.count(), stamp?.current(), stamp?.read()]);
      const stale = engine.needsRebuild?.() ?? false;
      const otherDatabase = stamp !== undefined && recorded !== identity;
      if (!stale && !otherDatabase && (indexed > 0 || documents === 0)) return;
      const why = stale ? "out of date" : otherDatabase && indexed > 0 ? "from another database (restored?)" : "empty";
      logger.info(`search: the index is ${why}, rebuilding it in the background`, { documents });
      const started = Date.now();
      rebuilding = rebuild()
        .then(async (r) => {
          // Only a finished rebuild vouches for the index: a failed one is tried again next start.
          if (stamp && identity) await stamp.write(identity);
          logger.info("search: rebuild finished", { ...r, ms: Date.now() - started });
        })
        .catch((error: unknown) => logger.error("search: rebuild failed", { error: String(error) }))
        .finally(() => {
          rebuilding = undefined;
        });
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (draining) await draining;
      await drain();
    },
  };
  return indexer;
}
