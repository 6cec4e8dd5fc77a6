import * as Y from "yjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import type { Logger } from "../logger.ts";
import { decodeAwarenessUpdate, sanitizeAwarenessUpdate } from "./awareness.ts";
import { CloseCodes } from "./close-codes.ts";
import type { Connection } from "./connection.ts";
import type { CollabLimits } from "./limits.ts";
import type { RoomPersistence } from "./persistence.ts";
import { refusedSuggestions } from "./suggest-only.ts";
import { audienceSees, type ThreadVisibility } from "../comments/visibility.ts";
import { MAX_ROWS_PER_STATEMENT } from "../documents/update-log.ts";
import {
  ProtocolError,
  decodeMessage,
  encodeAwareness,
  encodeCommentsChanged,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  inspectUpdate,
  type IncomingMessage,
} from "./protocol.ts";

/**
 * One open document: its Y.Doc, the sockets on it, and their awareness.
 *
 * Updates go through group commit (ADR 007): those that arrive while a statement is in flight
 * wait, then are stored together in one multi-row insert; each is applied and relayed only
 * after that statement committed, in arrival order (`applyStoredUpdates`, the one place). Sync
 * step 1 and awareness are answered at once: the Y.Doc holds only what is stored, so nothing
 * they read can be lost.
 */
export type UpdateOrigin = { userId?: string | null } & Record<string, unknown>;

export type RoomDeps = {
  documentId: string;
  doc: Y.Doc;
  persistence: RoomPersistence;
  limits: Pick<CollabLimits, "maxMessageBytes" | "maxAwarenessStateBytes" | "maxPendingMessageBytes">;
  logger: Logger;
  /** A read-only socket's update was dropped. */
  onDroppedUpdate: (connection: Connection) => void;
  /** Cluster mode (server/cluster): this room's stored updates and its sockets' presence go to the other processes. */
  cluster?: RoomCluster;
};

/** The room's side of the bus: no-ops without REDIS_URL. */
export type RoomCluster = {
  publishUpdate(update: Uint8Array): void;
  publishAwareness(update: Uint8Array): void;
};

/** The origin of what another process sent: stored there already, sanitised there already. */
export const REMOTE = Symbol("remote");

export const READ_ONLY_REASON = "read-only: your changes are not saved";

/** An update waiting for its statement: from a socket, from the server, or already in the log. */
type Write = {
  update: Uint8Array;
  sender?: Connection;
  origin?: UpdateOrigin;
  /** Already in the log (stored while the room was loading): applied in turn, not stored again. */
  stored?: boolean;
  settle?: { resolve: () => void; reject: (error: unknown) => void };
};

function mergedOrNull(updates: Uint8Array[]): Uint8Array | null {
  try {
    return Y.mergeUpdates(updates);
  } catch {
    return null;
  }
}

export function createRoom(deps: RoomDeps) {
  const { documentId, doc, persistence, limits, logger } = deps;
  const connections = new Set<Connection>();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  /** Which socket set each awareness client id: no socket may change another's presence. */
  const owners = new Map<number, Connection>();
  /** Awareness client ids of sockets on other processes: no local socket may change them. */
  const remoteClientIds = new Set<number>();
  /** Bytes each socket has waiting for a statement; a socket that floods it is closed. */
  const backlog = new Map<Connection, number>();
  /** Arrived, not yet in a statement, in arrival order. */
  let writes: Write[] = [];
  /** The write loop while it runs; null when nothing waits. */
  let writing: Promise<void> | null = null;
  let destroyed = false;

  doc.on("update", (update: Uint8Array, origin: unknown) => {
    const message = encodeSyncUpdate(update);
    for (const connection of connections) if (connection !== origin) connection.send(message);
    persistence.changed();
  });

  awareness.on("update", ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => {
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    for (const id of removed) remoteClientIds.delete(id);
    const source = connections.has(origin as Connection) ? (origin as Connection) : undefined;
    if (source) {
      for (const id of [...added, ...updated]) {
        owners.set(id, source);
        source.awarenessClientIds.add(id);
      }
    }
    const message = encodeAwareness(awareness, changed);
    for (const connection of connections) connection.send(message);
  });

  function refuse(connection: Connection, error: unknown) {
    if (error instanceof ProtocolError) {
      logger.info("collab: message refused", { documentId, userId: connection.userId, reason: error.message });
      connection.close(error.kind === "too-large" ? CloseCodes.TooLarge : CloseCodes.BadMessage);
      return;
    }
    throw error;
  }

  /** The bytes of a write leave its socket's backlog (a socket already removed is never put back). */
  function unqueue(write: Write) {
    if (!write.sender) return;
    const left = (backlog.get(write.sender) ?? 0) - write.update.length;
    if (left > 0) backlog.set(write.sender, left);
    else backlog.delete(write.sender);
  }

  const originOf = (write: Write): unknown => write.sender ?? write.origin ?? "stored";

  /** Consecutive writes of one origin, in order. */
  function runsOf(writes: Write[]): Write[][] {
    const runs: Write[][] = [];
    for (const write of writes) {
      const last = runs.at(-1);
      if (last && originOf(last[0]!) === originOf(write)) last.push(write);
      else runs.push([write]);
    }
    return runs;
  }

  /**
   * The one place stored updates reach the Y.Doc, and through its "update" event every other
   * socket. A run of one origin's updates is one transaction: one relayed message and one
   * debounce reset per run, not per keystroke (per-update relay was the largest cost under sustained typing).
   */
  function applyStoredUpdates(stored: Write[]) {
    for (const run of runsOf(stored)) {
      const published: Uint8Array[] = [];
      doc.transact(() => {
        for (const write of run) {
          // Newly stored here: the other processes' rooms get it (one already in the log was published by whoever stored it).
          if (applyStoredUpdate(write) && !write.stored) published.push(write.update);
        }
      }, originOf(run[0]!));
      if (deps.cluster && published.length) deps.cluster.publishUpdate(published.length === 1 ? published[0]! : Y.mergeUpdates(published));
    }
  }

  function applyStoredUpdate(write: Write): boolean {
    try {
      Y.applyUpdate(doc, write.update, originOf(write));
      write.settle?.resolve();
      return true;
    } catch (error) {
      logger.error("collab: a stored update could not be applied", { documentId, error: String((error as Error)?.stack ?? error) });
      write.sender?.close(CloseCodes.BadMessage);
      write.settle?.reject(error);
      return false;
    }
  }

  /**
   * The rows a batch is stored as: a run of one origin's updates is merged into one row (its
   * keystrokes, by one person), so the log grows by a row per sender per statement, not per
   * keystroke. On file-backed PGlite a row cost about 50–90 µs, most of the server's time under
   * sustained typing (ADR 007, "Group commit"). Updates that do not merge are stored as they came,
   * and fail when applied, as before.
   */
  function logRowsOf(toStore: Write[]): Array<{ update: Uint8Array; userId: string | null }> {
    return runsOf(toStore).flatMap((run) => {
      const userId = run[0]!.sender?.userId ?? run[0]!.origin?.userId ?? null;
      const merged = run.length > 1 ? mergedOrNull(run.map((w) => w.update)) : run[0]!.update;
      return merged ? [{ update: merged, userId }] : run.map((w) => ({ update: w.update, userId }));
    });
  }

  /**
   * Takes out of the batch what a suggest-only socket sent that is not only suggestions in its
   * own name: never stored, never relayed; the socket is closed, as its copy of the document has
   * diverged from everyone's.
   */
  function refuseNonSuggestions(toStore: Write[], toApply: Write[]) {
    const refused = refusedSuggestions(doc, toApply);
    if (refused.size === 0) return;
    for (const [write, reason] of refused) {
      if (!write.sender?.closed) logger.info("collab: a suggest-only change was refused", { documentId, userId: write.sender?.userId, reason });
      write.sender?.close(CloseCodes.NotASuggestion);
      write.settle?.reject(new Error(`Not a suggestion: ${reason}.`));
    }
    const kept = (write: Write) => !refused.has(write);
    toStore.splice(0, toStore.length, ...toStore.filter(kept));
    toApply.splice(0, toApply.length, ...toApply.filter(kept));
  }

  /** Stores one batch in one statement, then applies each of its updates in arrival order. */
  async function commit(batch: Write[]) {
    const toStore: Write[] = [];
    const toApply: Write[] = [];
    let bytes = 0;
    for (const write of batch) {
      unqueue(write);
      // A socket that closed before its update reached a statement resends it on reconnect.
      if (write.sender?.closed || destroyed) {
        write.settle?.reject(new Error("The room closed before the update was stored."));
        continue;
      }
      if (!write.stored) {
        if (!persistence.fits(bytes + write.update.length)) {
          write.sender?.close(CloseCodes.TooLarge);
          write.settle?.reject(new ProtocolError("too-large", "The document would exceed its size limit."));
          continue;
        }
        bytes += write.update.length;
        toStore.push(write);
      }
      toApply.push(write);
    }
    // A suggest-only socket's change is checked before it is stored (ADR 032); editors' batches skip this.
    if (toStore.some((write) => write.sender?.suggestOnly)) refuseNonSuggestions(toStore, toApply);
    try {
      await persistence.appendMany(logRowsOf(toStore));
    } catch (error) {
      logger.error("collab: could not store updates", { documentId, updates: toStore.length, error: String(error) });
      // Not stored, so not applied: each sender still has its update and sends it again when it reconnects.
      for (const write of toStore) {
        write.sender?.close(CloseCodes.StoreFailed);
        write.settle?.reject(error);
      }
      applyStoredUpdates(toApply.filter((write) => write.stored));
      return;
    }
    // Stored: applied even if a sender has gone meanwhile, so everyone else gets it.
    applyStoredUpdates(toApply);
  }

  async function drain() {
    while (writes.length > 0) {
      const batch = writes.length <= MAX_ROWS_PER_STATEMENT ? writes : writes.slice(0, MAX_ROWS_PER_STATEMENT);
      writes = writes.length <= MAX_ROWS_PER_STATEMENT ? [] : writes.slice(MAX_ROWS_PER_STATEMENT);
      await commit(batch);
    }
    writing = null;
  }

  function submit(write: Write) {
    writes.push(write);
    writing ??= drain();
  }

  function handleUpdate(connection: Connection, update: Uint8Array) {
    if (connection.readOnly) {
      connection.droppedUpdates += 1;
      deps.onDroppedUpdate(connection);
      // y-protocols' answer to a refused write; sent once, the client logs it as a warning.
      if (connection.droppedUpdates === 1) connection.send(encodePermissionDenied(READ_ONLY_REASON));
      return;
    }
    const waiting = (backlog.get(connection) ?? 0) + update.length;
    if (waiting > limits.maxPendingMessageBytes) return connection.close(CloseCodes.TooLarge);
    backlog.set(connection, waiting);
    submit({ update, sender: connection });
  }

  function handle(connection: Connection, message: IncomingMessage) {
    switch (message.type) {
      case "sync-step1":
        return connection.send(encodeSyncStep2(doc, message.stateVector));
      case "sync-step2":
      case "sync-update":
        return handleUpdate(connection, message.update);
      case "awareness": {
        const sanitized = sanitizeAwarenessUpdate(message.update, {
          identity: { userId: connection.userId, name: connection.userName },
          maxStateBytes: limits.maxAwarenessStateBytes,
          mayControl: (clientId) => !remoteClientIds.has(clientId) && (owners.get(clientId) ?? connection) === connection,
        });
        if (sanitized) {
          applyAwarenessUpdate(awareness, sanitized.update, connection);
          deps.cluster?.publishAwareness(sanitized.update);
        }
        return;
      }
      case "query-awareness":
        return connection.send(encodeAwareness(awareness, [...awareness.getStates().keys()]));
    }
  }

  return {
    documentId,
    doc,
    awareness,
    connections: connections as ReadonlySet<Connection>,

    add(connection: Connection): void {
      connections.add(connection);
      connection.send(encodeSyncStep1(doc));
      const present = [...awareness.getStates().keys()];
      if (present.length) connection.send(encodeAwareness(awareness, present));
    },

    remove(connection: Connection): void {
      if (!connections.delete(connection)) return;
      backlog.delete(connection);
      // Its updates that have not reached a statement go with it (the client resends them).
      if (writes.some((w) => w.sender === connection)) writes = writes.filter((w) => w.sender !== connection);
      const ids = [...connection.awarenessClientIds].filter((id) => owners.get(id) === connection);
      for (const id of ids) owners.delete(id);
      if (ids.length) {
        removeAwarenessStates(awareness, ids, null);
        deps.cluster?.publishAwareness(encodeAwarenessUpdate(awareness, ids));
      }
    },

    /**
     * Decodes a frame now (a bad one closes the socket at once). Sync step 1 and awareness are
     * answered now; an update joins the next statement.
     */
    receive(connection: Connection, data: Uint8Array): void {
      if (connection.closed || destroyed) return;
      let message: IncomingMessage;
      try {
        message = decodeMessage(data, limits.maxMessageBytes);
        if (message.type === "sync-step2" || message.type === "sync-update") {
          if (inspectUpdate(message.update).empty) return;
        }
      } catch (error) {
        return refuse(connection, error);
      }
      try {
        handle(connection, message);
      } catch (error) {
        logger.error("collab: message handling failed", { documentId, error: String((error as Error)?.stack ?? error) });
        connection.close(CloseCodes.BadMessage);
      }
    },

    /** A change from the server (version restore, initial content): stored, applied, relayed to every socket. */
    applyUpdate(update: Uint8Array, origin: UpdateOrigin = {}): Promise<void> {
      if (inspectUpdate(update).empty) return Promise.resolve();
      return new Promise<void>((resolve, reject) => submit({ update, origin, settle: { resolve, reject } }));
    },

    /** An update another process stored and published: applied and relayed, not stored again. */
    applyRemote(update: Uint8Array): void {
      if (destroyed) return;
      Y.applyUpdate(doc, update, REMOTE);
      persistence.storedElsewhere(update.length);
    },

    /** Presence from sockets on another process (sanitised there): applied and relayed to this room's sockets. */
    applyRemoteAwareness(update: Uint8Array): void {
      if (destroyed) return;
      const entries = decodeAwarenessUpdate(update);
      // A client id a local socket owns is not taken from another process: presence cannot be hijacked that way either.
      if (entries.some(({ clientId }) => owners.has(clientId))) return;
      for (const { clientId, state } of entries) if (state !== null) remoteClientIds.add(clientId);
      applyAwarenessUpdate(awareness, update, REMOTE);
    },

    /** A thread of this visibility changed: its audience among this room's sockets refetches the comments (ADR 031). */
    signalComments(thread: ThreadVisibility): number {
      if (destroyed) return 0;
      let sent = 0;
      const message = encodeCommentsChanged();
      for (const connection of connections) {
        if (!audienceSees(connection.commentAudience, thread)) continue;
        connection.send(message);
        sent += 1;
      }
      return sent;
    },

    /** The presence of this process's sockets, for a process that just opened the document. */
    localAwareness(): Uint8Array | null {
      const ids = [...owners.keys()].filter((id) => awareness.getStates().has(id));
      return ids.length ? encodeAwarenessUpdate(awareness, ids) : null;
    },

    /** An update that is already in the log (stored while this room was loading). */
    applyStored(update: Uint8Array): Promise<void> {
      return new Promise<void>((resolve, reject) => submit({ update, stored: true, settle: { resolve, reject } }));
    },

    /** Waits for the updates waiting or in flight, then derives and compacts. */
    async flush(): Promise<void> {
      while (writing) await writing;
      await persistence.flush();
    },

    destroy(): void {
      destroyed = true;
      persistence.dispose();
      awareness.destroy();
      doc.destroy();
    },
  };
}

export type Room = ReturnType<typeof createRoom>;
