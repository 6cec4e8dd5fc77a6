import type * as Y from "yjs";
import type { Derived } from "../documents/derive.ts";
import type { DocumentStateStore } from "../documents/state-store.ts";
import type { Logger } from "../logger.ts";
import type { CollabLimits } from "./limits.ts";

/**
 * A room's link to the database. `appendMany` is the only path from a client's update to the
 * room's Y.Doc: it resolves once the update is committed to the log, and only then does the
 * room apply and relay it. Nothing waits for a debounce to become durable: the debounced work
 * (derivation half a second after the last change, compaction after N updates) only reshapes what is
 * already stored.
 */
export type PersistenceStore = Pick<DocumentStateStore, "appendMany" | "compact" | "saveDerived">;

export type RoomPersistenceDeps = {
  documentId: string;
  doc: Y.Doc;
  store: PersistenceStore;
  derive: (doc: Y.Doc) => Derived;
  /** Rows already in the log and bytes already stored when the room loaded. */
  logLength: number;
  storedBytes: number;
  limits: Pick<CollabLimits, "deriveDebounceMs" | "deriveMaxWaitMs" | "compactAfterUpdates" | "maxDocumentBytes">;
  logger: Logger;
  onDerived: (documentId: string) => void;
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
    dirty = false;
    firstDirtyAt = null;
    // Read synchronously: the derived content is one consistent snapshot of the Y.Doc.
    const derived = deps.derive(deps.doc);
    if (await store.saveDerived(documentId, derived)) deps.onDerived(documentId);
  }

  async function compactNow() {
    compacting = true;
    const before = storedBytes;
    try {
      if (logLength === 0) return;
      const result = await store.compact(documentId);
      // Updates appended while it ran were not merged (or were: then this overestimates a little).
      const appendedMeanwhile = storedBytes - before;
      logLength = Math.max(0, logLength - result.merged);
      storedBytes = result.bytes + appendedMeanwhile;
    } finally {
      compacting = false;
    }
  }

  function scheduleDerive() {
    if (disposed) return;
    if (timer) clearTimeout(timer);
    const waited = firstDirtyAt === null ? 0 : now() - firstDirtyAt;
    const delay = Math.max(0, Math.min(limits.deriveDebounceMs, limits.deriveMaxWaitMs - waited));
    timer = setTimeout(() => {
      timer = undefined;
      void run("derivation", deriveNow);
    }, delay);
    timer.unref();
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
      logLength += updates.length;
      for (const { update } of updates) storedBytes += update.length;
      if (logLength >= limits.compactAfterUpdates && !compacting && !disposed) {
        compacting = true; // claimed now, so one burst schedules one compaction
        void run("compaction", compactNow);
      }
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
    },

    stats() {
      return { logLength, storedBytes, dirty };
    },
  };
}

export type RoomPersistence = ReturnType<typeof createRoomPersistence>;
