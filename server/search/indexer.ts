import { SEARCH_OUTBOX_BATCH, SEARCH_OUTBOX_CLAIM_MS, SEARCH_REBUILD_LEASE_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import type { SearchEngine } from "./engine.ts";
import type { IndexStamp } from "./index-stamp.ts";
import { createSearchOutbox, type OutboxClaim } from "./outbox.ts";
import { tryTakeRebuildLease } from "./rebuild-lease.ts";
import { INDEXABLE_SELECT, toSearchRecords } from "./records.ts";

/**
 * Keeps the search index in step with the database (ADR 024). "Document X changed" is a row in
 * the SearchOutbox table (outbox.ts), so a crash loses no pending re-index; rows repeat-coalesce
 * per document. The outbox drains SEARCH_INDEX_DELAY_MS after a request, a batch at a time: one
 * read and one engine write per batch. A row is deleted once the engine holds the change durably
 * (MiniSearch: saved to its file). At start the indexer reconciles the index against the database
 * (changed or missing documents re-indexed, vanished ones removed) and drains what is left.
 */

/** How long an event waits for repeats before it is indexed. */
export const SEARCH_INDEX_DELAY_MS = 100;
/** Documents read and upserted per batch during a rebuild. */
export const SEARCH_REBUILD_BATCH = 100;

const REBUILD_LEASE = "search-rebuild";

export type RebuildProgress = { done: number; total: number };

export type SearchIndexer = {
  /** Reads the document and replaces its records; deletes them when it is gone. */
  indexDocument(documentId: string): Promise<void>;
  removeDocument(documentId: string): Promise<void>;
  /** Rebuilds the index from every document in batches (Meilisearch: into a new index, then swapped in). */
  rebuild(onProgress?: (progress: RebuildProgress) => void): Promise<{ documents: number; records: number }>;
  /** Queues a document for indexing (a durable outbox row; coalesced). */
  enqueue(documentId: string): void;
  /** Resolves once the outbox is drained and nothing is being indexed. */
  idle(): Promise<void>;
  /**
   * Rebuilds in the background when the engine asks for it, the index is empty but documents
   * exist, or the index was built from another database (a restore: see index-stamp.ts);
   * otherwise reconciles the index against the database and drains the outbox.
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
  const outbox = createSearchOutbox(db);
  /** Requests whose outbox row could not be written: indexed from memory, so nothing is dropped. */
  const unrecorded = new Set<string>();
  /** Outbox writes in flight: idle() waits for them. */
  const recording = new Set<Promise<void>>();
  /** Acks waiting for the engine to make a batch durable. */
  const acking = new Set<Promise<void>>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let draining: Promise<void> | undefined;
  let again = false;
  let background: Promise<unknown> | undefined;
  let closed = false;
  /** Documents changed while a rebuild runs: its batch may have read them before the change. */
  let touchedDuringRebuild: Set<string> | undefined;

  /** One batch: one read, one engine write. */
  async function indexBatch(documentIds: string[]) {
    const rows = await db.document.findMany({ where: { id: { in: documentIds } }, select: INDEXABLE_SELECT });
    // Gone, or in the trash (ADR 021): not findable until it is restored.
    const live = rows.filter((doc) => !doc.deletedAt);
    const liveIds = new Set(live.map((doc) => doc.id));
    await engine.write({
      replace: live.map((doc) => ({ documentId: doc.id, records: toSearchRecords(doc) })),
      remove: documentIds.filter((id) => !liveIds.has(id)),
    });
  }

  function ackWhenDurable(claims: OutboxClaim[]) {
    if (claims.length === 0) return;
    const ack: Promise<void> = engine
      .durable()
      .then(() => outbox.ack(claims))
      .catch((error: unknown) => logger.warn("search: could not clear indexed outbox rows (they are indexed again later)", { error: String(error) }))
      .finally(() => acking.delete(ack));
    acking.add(ack);
  }

  async function drain() {
    for (;;) {
      const claims = await outbox.claim(SEARCH_OUTBOX_BATCH, SEARCH_OUTBOX_CLAIM_MS);
      const ids = new Set([...claims.map((c) => c.documentId), ...unrecorded]);
      unrecorded.clear();
      if (ids.size === 0) return;
      try {
        await indexBatch([...ids]);
      } catch (error) {
        // The claims expire and the rows are indexed again then (or at the next start); requests
        // held only in memory wait for the next drain.
        logger.error("search: indexing a batch failed", { documents: ids.size, error: String(error) });
        const claimed = new Set(claims.map((c) => c.documentId));
        for (const id of ids) if (!claimed.has(id)) unrecorded.add(id);
        return;
      }
      ackWhenDurable(claims);
    }
  }

  function runDrain() {
    if (draining) {
      // One drain at a time; it goes round again for whatever arrived meanwhile.
      again = true;
      return;
    }
    draining = drain()
      .catch((error: unknown) => logger.error("search: draining the outbox failed", { error: String(error) }))
      .finally(() => {
        draining = undefined;
        if (again && !closed) {
          again = false;
          runDrain();
        }
      });
  }

  function schedule() {
    if (timer || closed) return;
    timer = setTimeout(() => {
      timer = undefined;
      runDrain();
    }, delayMs);
  }

  function request(documentIds: string[]) {
    const write: Promise<void> = outbox
      .request(documentIds)
      .catch((error: unknown) => {
        logger.warn("search: could not record a re-index request; indexing it from memory", { error: String(error) });
        for (const id of documentIds) unrecorded.add(id);
      })
      .finally(() => {
        recording.delete(write);
        schedule();
      });
    recording.add(write);
    return write;
  }

  async function rebuildUnlocked(onProgress?: (p: RebuildProgress) => void) {
    touchedDuringRebuild = new Set();
    try {
      return await rebuildAll(onProgress);
    } finally {
      // Indexed again from the row as it is now (or deleted when gone), after the batches.
      const touched = touchedDuringRebuild;
      touchedDuringRebuild = undefined;
      if (touched.size > 0 && !closed) void request([...touched]);
    }
  }

  /** A shared index is rebuilt by one process at a time: `work` runs under the lease, or not at all (null). */
  async function underRebuildLease<T>(work: () => Promise<T>): Promise<T | null> {
    if (!engine.shared) return work();
    const lease = await tryTakeRebuildLease(db, REBUILD_LEASE, SEARCH_REBUILD_LEASE_MS);
    if (!lease) return null;
    try {
      return await work();
    } finally {
      await lease.release();
    }
  }

  async function rebuild(onProgress?: (p: RebuildProgress) => void) {
    const result = await underRebuildLease(() => rebuildUnlocked(onProgress));
    if (!result) throw new Error("another process is rebuilding the shared search index; try again once it has finished");
    return result;
  }

  async function rebuildAll(onProgress?: (p: RebuildProgress) => void) {
    const total = await db.document.count({ where: { deletedAt: null } });
    let done = 0;
    let records = 0;
    onProgress?.({ done, total });
    await engine.rebuild(async (upsert) => {
      let cursor: string | undefined;
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
        await upsert(batch);
        records += batch.length;
        done += rows.length;
        cursor = rows[rows.length - 1]!.id;
        onProgress?.({ done, total: Math.max(total, done) });
      }
    });
    return { documents: done, records };
  }

  /** Documents changed since they were indexed, missing, or gone from the database: re-requested. */
  async function reconcile() {
    const [indexed, rows] = await Promise.all([
      engine.indexedVersions(),
      db.document.findMany({ where: { deletedAt: null }, select: { id: true, updatedAt: true } }),
    ]);
    const stale = rows.filter((row) => indexed.get(row.id) !== row.updatedAt.getTime()).map((row) => row.id);
    const live = new Set(rows.map((row) => row.id));
    const gone = [...indexed.keys()].filter((id) => !live.has(id));
    if (stale.length + gone.length > 0) {
      logger.info("search: the index is behind the database, re-indexing the difference", { changed: stale.length, gone: gone.length });
    }
    await request([...stale, ...gone]);
  }

  const indexer: SearchIndexer = {
    async indexDocument(documentId) {
      await indexBatch([documentId]);
    },
    async removeDocument(documentId) {
      touchedDuringRebuild?.add(documentId);
      await engine.deleteDocument(documentId);
    },
    rebuild,
    enqueue(documentId) {
      if (closed) return;
      touchedDuringRebuild?.add(documentId);
      void request([documentId]);
    },
    async idle() {
      for (;;) {
        if (background) await background.catch(() => undefined);
        if (recording.size) await Promise.all(recording);
        else if (draining) await draining;
        else if (timer) await new Promise((r) => setTimeout(r, delayMs));
        else return;
      }
    },
    async start() {
      const [indexed, documents, identity, recorded] = await Promise.all([engine.count(), db.document.count(), stamp?.current(), stamp?.read()]);
      const stale = engine.needsRebuild?.() ?? false;
      const otherDatabase = stamp !== undefined && recorded !== identity;
      // A single-process index: whoever claimed outbox rows before this start is gone.
      if (!engine.shared) await outbox.releaseAll();
      // An empty index of an empty database is this database's: vouched for, so the next start reconciles rather than rebuilds.
      const emptyOfEmpty = !stale && indexed === 0 && documents === 0;
      if (emptyOfEmpty && otherDatabase && identity) await stamp?.write(identity);
      if (emptyOfEmpty || (!stale && !otherDatabase && indexed > 0)) {
        background = reconcile()
          .catch((error: unknown) => logger.error("search: reconciling the index failed", { error: String(error) }))
          .finally(() => {
            background = undefined;
          });
        return;
      }
      const why = stale ? "out of date" : otherDatabase && indexed > 0 ? "from another database (restored?)" : "empty";
      logger.info(`search: the index is ${why}, rebuilding it in the background`, { documents });
      const started = Date.now();
      // Asked again under the lease: another process may have rebuilt the shared index meanwhile.
      const stillNeeded = async () => {
        if (!engine.shared) return true;
        await engine.init();
        return (engine.needsRebuild?.() ?? false) || (stamp !== undefined && (await stamp.read()) !== identity);
      };
      background = underRebuildLease(async () => ((await stillNeeded()) ? rebuildUnlocked() : null))
        .then(async (r) => {
          // Only a finished rebuild vouches for the index: a failed one is tried again next start.
          if (r && stamp && identity) await stamp.write(identity);
          if (r) logger.info("search: rebuild finished", { ...r, ms: Date.now() - started });
          else logger.info("search: another process rebuilt or is rebuilding the shared index");
          // Requests left from before the start are answered by the rebuild only if it read them after.
          schedule();
        })
        .catch((error: unknown) => logger.error("search: rebuild failed", { error: String(error) }))
        .finally(() => {
          background = undefined;
        });
    },
    async close() {
      if (background) await background;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await Promise.all(recording);
      if (draining) await draining;
      closed = true;
      await drain().catch((error: unknown) => logger.error("search: draining the outbox failed", { error: String(error) }));
      try {
        // Saved now (MiniSearch), so the indexed rows leave the outbox before the database closes.
        await engine.durable({ now: true });
        await Promise.all(acking);
      } catch (error) {
        logger.error("search: the index could not be saved; the next start indexes its outbox again", { error: String(error) });
      }
    },
  };
  return indexer;
}
