import type * as Y from "yjs";
import type { Derived } from "../documents/derive.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import type { Logger } from "../logger.ts";
import type { DerivationOwnership } from "../cluster/derivation-lease.ts";
import type { CollabLimits } from "./limits.ts";

/**
 * A room's link to the database. `appendMany` is the only path from a client's update to the
 * room's Y.Doc: it resolves once the update is committed to the log, and only then does the
 * room apply and relay it. Nothing waits for a debounce to become durable: the debounced work
 * (derivation half a second after the last change, compaction after N updates) only reshapes what is
 * already stored. A room that loads with derived content older than its stored state (a
 * crash between an update and its derivation) derives at once, not at the next edit.
 */
export type PersistenceStore = Pick<DocumentStateStore, "appendMany" | "compact" | "saveDerived" | "loadState">;

/** About a derivation just written: `published` = a version is in force (search indexes that, not the draft). */
export type DerivedInfo = { published: boolean };

export type RoomPersistenceDeps = {
  documentId: string;
  doc: Y.Doc;
  store: PersistenceStore;
  derive: (doc: Y.Doc) => Derived;
  /** Rows already in the log and bytes already stored when the room loaded. */
  logLength: number;
  storedBytes: number;
  /** The derived content may be older than the stored state (a crash, ADR 023): derive at once. */
  derivedStale?: boolean;
  limits: Pick<CollabLimits, "deriveDebounceMs" | "deriveMaxWaitMs" | "compactAfterUpdates" | "maxDocumentBytes">;
  logger: Logger;
  onDerived: (documentId: string, info: DerivedInfo) => void;
  /**
   * Cluster mode (ADR 026): only the lease holder derives and compacts, and it derives from the
   * stored state (every process's updates), not from this room's Y.Doc. Absent: this process
   * alone, from its Y.Doc.
   */
  ownership?: DerivationOwnership | null;
  now?: () => number;
};

export function createRoomPersistence(deps: RoomPersistenceDeps) {
  const { documentId, store, limits, logger } = deps;
  const now = deps.now ?? Date.now;
  let logLength = deps.logLength;
  let storedBytes = deps.storedBytes;
  let dirty = false;
  let firstDirtyAt: number | null = null;
  let timer: NodeJS.Timeout | undefined;
  let compacting = false;
  let disposed = false;
  /** Derivations and compactions run one at a time, in order. */
  let background: Promise<void> = Promise.resolve();

  const run = (what: string, task: () => Promise<void>) => {
    background = background.then(task).catch((error: unknown) => {
      logger.error(`collab: ${what} failed`, { documentId, error: String((error as Error)?.stack ?? error) });
    });
    return background;
  };

  async function deriveNow() {
    if (!dirty) return;
    if (deps.ownership) return deriveAsOwner(deps.ownership);
    dirty = false;
    firstDirtyAt = null;
    // Read synchronously: the derived content is one consistent snapshot of the Y.Doc.
    const derived = deps.derive(deps.doc);
    const saved = await store.saveDerived(documentId, derived);
    if (saved) deps.onDerived(documentId, saved);
  }

  async function deriveAsOwner(ownership: DerivationOwnership) {
    const claim = await ownership.claim(documentId);
    // Still dirty: asked again when the holder's lease runs out (a holder that died stops renewing it).
    if (!claim.owned) return scheduleDerive(claim.retryInMs);
    dirty = false;
    firstDirtyAt = null;
    const stored = await store.loadState(documentId);
    try {
      const saved = await store.saveDerived(documentId, deps.derive(stored.doc));
      if (saved) deps.onDerived(documentId, saved);
    } finally {
      stored.doc.destroy();
    }
  }

  async function compactNow() {
    compacting = true;
    const before = storedBytes;
    try {
      if (logLength === 0) return;
      if (deps.ownership && !(await deps.ownership.claim(documentId)).owned) return;
      const result = await store.compact(documentId);
      // Updates appended while it ran were not merged (or were: then this overestimates a little).
      const appendedMeanwhile = storedBytes - before;
      logLength = Math.max(0, logLength - result.merged);
      storedBytes = result.bytes + appendedMeanwhile;
    } finally {
      compacting = false;
    }
  }

  function scheduleDerive(retryInMs?: number) {
    if (disposed) return;
    if (timer) clearTimeout(timer);
    const waited = firstDirtyAt === null ? 0 : now() - firstDirtyAt;
    const delay = retryInMs ?? Math.max(0, Math.min(limits.deriveDebounceMs, limits.deriveMaxWaitMs - waited));
    timer = setTimeout(() => {
      timer = undefined;
      void run("derivation", deriveNow);
    }, delay);
    timer.unref();
  }

  function counted(bytes: number) {
    logLength += 1;
    storedBytes += bytes;
    if (logLength >= limits.compactAfterUpdates && !compacting && !disposed) {
      compacting = true; // claimed now, so one burst schedules one compaction
      void run("compaction", compactNow);
    }
  }

  // In cluster mode deriveNow goes through the lease: only its holder derives.
  if (deps.derivedStale) {
    dirty = true;
    void run("derivation", deriveNow);
  }

  return {
    /** Whether `bytes` more still fit under the document size limit. */
    fits(bytes: number): boolean {
      return storedBytes + bytes <= limits.maxDocumentBytes;
    },

    /** Durable once this resolves (all of them, in one statement): only then may the caller apply or relay them. */
    async appendMany(updates: Array<{ update: Uint8Array; userId: string | null }>): Promise<void> {
      if (updates.length === 0) return;
      await store.appendMany(documentId, updates);
      for (const { update } of updates) counted(update.length);
    },

    /** Another process stored an update of this document (cluster mode): it counts toward size and compaction. */
    storedElsewhere(bytes: number): void {
      counted(bytes);
    },

    /** The Y.Doc changed: derive after the debounce (or the max wait, while changes keep coming). */
    changed(): void {
      dirty = true;
      if (firstDirtyAt === null) firstDirtyAt = now();
      scheduleDerive();
    },

    /** Derives now if anything changed, merges the log, and waits for both. */
    async flush(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = undefined;
      await run("derivation", deriveNow);
      await run("compaction", compactNow);
    },

    /** Stops the timers; what was stored stays stored (call `flush` first to derive and compact). */
    dispose(): void {
      disposed = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      deps.ownership?.release(documentId).catch((error: unknown) => logger.warn("collab: releasing the derivation lease failed", { documentId, error: String(error) }));
    },

    stats() {
      return { logLength, storedBytes, dirty };
    },
  };
}

export type RoomPersistence = ReturnType<typeof createRoomPersistence>;
