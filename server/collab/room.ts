import * as Y from "yjs";
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import type { Logger } from "../logger.ts";
import { decodeAwarenessUpdate, sanitizeAwarenessUpdate } from "./awareness.ts";
import { CloseCodes } from "./close-codes.ts";
import type { Connection } from "./connection.ts";
import type { CollabLimits } from "./limits.ts";
import type { RoomPersistence } from "./persistence.ts";
import {
  ProtocolError,
  decodeMessage,
  encodeAwareness,
  encodePermissionDenied,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
  inspectUpdate,
  type IncomingMessage,
} from "./protocol.ts";

/**
 * One open document: its Y.Doc, the sockets on it, and their awareness. Every message is
 * handled in arrival order through one queue per room, so an update is stored, then applied,
 * then relayed, before the next message is looked at.
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

export function createRoom(deps: RoomDeps) {
  const { documentId, doc, persistence, limits, logger } = deps;
  const connections = new Set<Connection>();
  const awareness = new Awareness(doc);
  awareness.setLocalState(null);
  /** Which socket set each awareness client id: no socket may change another's presence. */
  const owners = new Map<number, Connection>();
  /** Awareness client ids of sockets on other processes: no local socket may change them. */
  const remoteClientIds = new Set<number>();
  /** Bytes each socket has waiting in the queue; a socket that floods it is closed. */
  const backlog = new Map<Connection, number>();
  let queue: Promise<void> = Promise.resolve();
  let destroyed = false;

  const enqueue = <T>(task: () => Promise<T> | T): Promise<T> => {
    const result = queue.then(task);
    queue = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  };

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

  async function handleUpdate(connection: Connection, update: Uint8Array) {
    if (connection.readOnly) {
      connection.droppedUpdates += 1;
      deps.onDroppedUpdate(connection);
      // y-protocols' answer to a refused write; sent once, the client logs it as a warning.
      if (connection.droppedUpdates === 1) connection.send(encodePermissionDenied(READ_ONLY_REASON));
      return;
    }
    if (!persistence.fits(update.length)) return connection.close(CloseCodes.TooLarge);
    try {
      await persistence.append(update, connection.userId);
    } catch (error) {
      logger.error("collab: could not store an update", { documentId, userId: connection.userId, error: String(error) });
      // Not stored, so not applied: the client still has it and sends it again when it reconnects.
      return connection.close(CloseCodes.StoreFailed);
    }
    // Stored: apply even if the sender has gone meanwhile, so everyone else gets it.
    Y.applyUpdate(doc, update, connection);
    deps.cluster?.publishUpdate(update);
  }

  async function handle(connection: Connection, message: IncomingMessage) {
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
        if (sanitized && !connection.closed) {
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
      const ids = [...connection.awarenessClientIds].filter((id) => owners.get(id) === connection);
      for (const id of ids) owners.delete(id);
      if (ids.length) {
        removeAwarenessStates(awareness, ids, null);
        deps.cluster?.publishAwareness(encodeAwarenessUpdate(awareness, ids));
      }
    },

    /** Decodes a frame now (a bad one closes the socket at once), then handles it in turn. */
    receive(connection: Connection, data: Uint8Array): void {
      let message: IncomingMessage;
      try {
        message = decodeMessage(data, limits.maxMessageBytes);
        if (message.type === "sync-step2" || message.type === "sync-update") {
          if (inspectUpdate(message.update).empty) return;
        }
      } catch (error) {
        return refuse(connection, error);
      }
      const waiting = (backlog.get(connection) ?? 0) + data.length;
      if (waiting > limits.maxPendingMessageBytes) return connection.close(CloseCodes.TooLarge);
      backlog.set(connection, waiting);
      void enqueue(async () => {
        backlog.set(connection, (backlog.get(connection) ?? data.length) - data.length);
        if (connection.closed || destroyed) return;
        try {
          await handle(connection, message);
        } catch (error) {
          logger.error("collab: message handling failed", { documentId, error: String((error as Error)?.stack ?? error) });
          connection.close(CloseCodes.BadMessage);
        }
      });
    },

    /** A change from the server (version restore, initial content): stored, applied, relayed to every socket. */
    applyUpdate(update: Uint8Array, origin: UpdateOrigin = {}): Promise<void> {
      if (inspectUpdate(update).empty) return Promise.resolve();
      return enqueue(async () => {
        if (!persistence.fits(update.length)) throw new ProtocolError("too-large", "The document would exceed its size limit.");
        await persistence.append(update, origin.userId ?? null);
        Y.applyUpdate(doc, update, origin);
        deps.cluster?.publishUpdate(update);
      });
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

    /** The presence of this process's sockets, for a process that just opened the document. */
    localAwareness(): Uint8Array | null {
      const ids = [...owners.keys()].filter((id) => awareness.getStates().has(id));
      return ids.length ? encodeAwarenessUpdate(awareness, ids) : null;
    },

    /** An update that is already in the log (stored while this room was loading). */
    applyStored(update: Uint8Array): Promise<void> {
      return enqueue(() => Y.applyUpdate(doc, update, "stored"));
    },

    /** Waits for queued messages, then derives and compacts. */
    async flush(): Promise<void> {
      await enqueue(() => undefined);
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
