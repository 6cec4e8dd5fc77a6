import type { IncomingMessage, Server } from "node:http";
import type { Duplex } from "node:stream";
import * as Y from "yjs";
import { WebSocketServer, type WebSocket } from "ws";
import type { AuthService } from "../auth/service.ts";
import { createLocalBus, type ClusterBus } from "../cluster/bus.ts";
import type { DerivationOwnership } from "../cluster/derivation-lease.ts";
import type { Config } from "../config.ts";
import { deriveContent, type Derived } from "../documents/derive.ts";
import { DocumentStateError, type DocumentStateStore } from "../documents/state-store.ts";
import type { Logger } from "../logger.ts";
import { batchLookups } from "../lookup-batch.ts";
import { CloseCodes } from "./close-codes.ts";
import { SocketConnection, type Connection } from "./connection.ts";
import { createConnectionCounter, resolveLimits, wsMaxPayload, type CollabLimits, type ConnectionCounter } from "./limits.ts";
import { createRoomPersistence, type DerivedInfo } from "./persistence.ts";
import { inspectUpdate } from "./protocol.ts";
import { createRoomRegistry } from "./room-registry.ts";
import { createRoom, type Room, type UpdateOrigin } from "./room.ts";
import { revokeConnections, type RevokeScope } from "./revoke.ts";
import { createSharedStrings } from "./shared-strings.ts";
import type { ThreadVisibility } from "../comments/visibility.ts";
import { authorizeUpgrade, parseCollabPath, refuseUpgrade, type DocumentAccess, type UpgradeGrant } from "./upgrade.ts";

/**
 * The y-websocket sync server (docs/design/library-and-collab.md, "Sync";
 * docs/shared ARCHITECTURE "How a keystroke flows"): upgrade checks, rooms, durable updates.
 */
export type CollabServerDeps = {
  auth: Pick<AuthService, "authenticateMany">;
  store: Pick<DocumentStateStore, "loadState" | "append" | "appendMany" | "compact" | "saveDerived" | "listStaleDerived">;
  /**
   * Cluster mode (server/cluster, ADR 026): the bus to the other processes, who derives, and
   * socket caps over every process. Absent: one process, everything local.
   */
  cluster?: { bus: ClusterBus; derivation: DerivationOwnership | null; counter: ConnectionCounter | null };
  /** The documents' policy resources, id → resource for those that exist (documents.getAccessMany). */
  getAccessMany: (documentIds: string[]) => Promise<Map<string, DocumentAccess>>;
  /** A socket was accepted (past the upgrade check and the connection limit): the access record. Must not throw. */
  onOpened?: (grant: UpgradeGrant) => void;
  config: Pick<Config, "appOrigin">;
  logger: Logger;
  limits?: Partial<CollabLimits>;
  derive?: (doc: Y.Doc) => Derived;
};

export type CollabStats = { rooms: number; connections: number; droppedReadOnlyUpdates: number };

function destroySocket(this: Duplex) {
  this.destroy();
}

/** setTimeout's longest delay (2^31 - 1 ms). */
const MAX_TIMER_MS = 2_147_483_647;

export function createCollabServer(deps: CollabServerDeps) {
  const { store, logger } = deps;
  const limits = resolveLimits(deps.limits);
  const derive = deps.derive ?? deriveContent;
  const wss = new WebSocketServer({ noServer: true, maxPayload: wsMaxPayload(limits), perMessageDeflate: false, clientTracking: false });
  const bus = deps.cluster?.bus ?? createLocalBus("local");
  const counter = deps.cluster?.counter ?? createConnectionCounter(limits);
  const connections = new Set<Connection>();
  const derivedListeners = new Set<(documentId: string, info: DerivedInfo) => void>();
  const commentListeners = new Set<(documentId: string, thread: ThreadVisibility) => void>();
  const revokeListeners = new Set<(scope: RevokeScope) => void>();
  let droppedReadOnlyUpdates = 0;
  let closing = false;

  function notify<L>(listeners: Set<L>, what: string, fields: Record<string, unknown>, call: (listener: L) => void) {
    for (const listener of listeners) {
      try {
        call(listener);
      } catch (error) {
        logger.error(`collab: ${what} listener failed`, { ...fields, error: String(error) });
      }
    }
  }

  const notifyDerived = (documentId: string, info: DerivedInfo) => notify(derivedListeners, "onDerived", { documentId }, (listener) => listener(documentId, info));

  async function loadRoom(documentId: string): Promise<Room> {
    const loaded = await store.loadState(documentId);
    const persistence = createRoomPersistence({
      documentId,
      doc: loaded.doc,
      store,
      derive,
      logLength: loaded.logLength,
      storedBytes: loaded.storedBytes,
      derivedStale: loaded.derivedStale,
      limits,
      logger,
      onDerived: notifyDerived,
      ownership: deps.cluster?.derivation,
    });
    // Presence of the sockets already on this document elsewhere; their updates are in what was just loaded.
    bus.queryAwareness(documentId);
    return createRoom({
      documentId,
      doc: loaded.doc,
      persistence,
      limits,
      logger,
      onDroppedUpdate: () => {
        droppedReadOnlyUpdates += 1;
      },
      cluster: {
        publishUpdate: (update) => bus.publishUpdate(documentId, update),
        publishAwareness: (update) => bus.publishAwareness(documentId, update),
      },
    });
  }

  const registry = createRoomRegistry({ loadRoom, idleMs: limits.roomIdleMs, logger });

  /**
   * A comment thread changed (here, or on another process: the bus brings it): this process's
   * sockets on the document are told, and so are the listeners (the comment event streams of
   * readers without a socket, server/comments/event-streams.ts). Sockets of a room still loading
   * are not told: they read the comments once they have the document.
   */
  function signalLocalComments(documentId: string, thread: ThreadVisibility): number {
    notify(commentListeners, "onCommentsChanged", { documentId }, (listener) => listener(documentId, thread));
    const found = registry.find(documentId);
    return found && !(found instanceof Promise) ? found.signalComments(thread) : 0;
  }

  /** Closes this process's sockets in scope and tells the listeners (the comment event streams end theirs). */
  function revokeLocal(scope: RevokeScope): number {
    const closed = revokeConnections(connections, scope);
    notify(revokeListeners, "onRevoked", {}, (listener) => listener(scope));
    return closed;
  }

  /** Runs `task` on the document's room when this process has it open, or once it has loaded. */
  function withRoom(documentId: string, what: string, task: (room: Room) => void) {
    const found = registry.find(documentId);
    if (!found) return;
    const run = (room: Room) => {
      try {
        task(room);
      } catch (error) {
        logger.error(`collab: applying a ${what} from another process failed`, { documentId, error: String(error) });
      }
    };
    // A room still loading gets it after the load (applying an update twice is harmless in Yjs).
    if (found instanceof Promise) void found.then(run, () => undefined);
    else run(found);
  }

  bus.listen({
    update: (documentId, update) => withRoom(documentId, "update", (room) => room.applyRemote(update)),
    awareness: (documentId, update) => withRoom(documentId, "presence", (room) => room.applyRemoteAwareness(update)),
    awarenessQuery: (documentId) =>
      withRoom(documentId, "presence query", (room) => {
        const present = room.localAwareness();
        if (present) bus.publishAwareness(documentId, present);
      }),
    revoke: (scope) => revokeLocal(scope),
    comments: (documentId, thread) => signalLocalComments(documentId, thread),
    // Updates published while the bus was away: every open room re-reads what is stored (Yjs ignores what it has).
    resync: () => {
      for (const room of registry.openRooms()) {
        store
          .loadState(room.documentId)
          .then((loaded) => {
            const state = Y.encodeStateAsUpdate(loaded.doc);
            loaded.doc.destroy();
            // Already stored (and counted when it was): applied and relayed only.
            return room.applyStored(state);
          })
          .catch((error: unknown) => logger.error("collab: resync after a bus reconnect failed", { documentId: room.documentId, error: String(error) }));
      }
    },
  });

  // One timer pings every socket (one per socket cost a timer each); a socket silent for a
  // whole interval after a ping is terminated.
  const pingSweep =
    limits.pingIntervalMs > 0
      ? setInterval(() => {
          for (const connection of connections) connection.sweep();
        }, limits.pingIntervalMs)
      : undefined;
  pingSweep?.unref();

  const strings = createSharedStrings();
  // One object for every socket: a connection keeps only what is its own.
  const rate = { windowMs: limits.rateWindowMs, maxMessages: limits.maxMessagesPerWindow, maxBytes: limits.maxBytesPerWindow };

  /**
   * A socket of this server, and everything the server keeps about it, in fields: its methods
   * are the class's (one class per server), so an open socket holds no closures of its own.
   * It never holds the upgrade's grant (the viewer's memberships and client lists): only its
   * user's id and name; the access record gets the grant once, when the socket is admitted.
   */
  class CollabSocket extends SocketConnection {
    room: Room | undefined = undefined;
    /** Frames sent while the document loads (or the socket is counted); dropped once it has. */
    early: Uint8Array[] | undefined = undefined;
    earlyBytes = 0;
    counted = false;
    expiry: ReturnType<typeof setTimeout> | undefined = undefined;
    readonly credentialsExpireAt: Date | null;

    constructor(socket: WebSocket, grant: UpgradeGrant) {
      super({
        socket,
        documentId: strings.hold(grant.documentId),
        userId: strings.hold(grant.viewer.id),
        userName: strings.hold(grant.viewer.name),
        sessionId: grant.sessionId && strings.hold(grant.sessionId),
        apiTokenId: grant.apiTokenId && strings.hold(grant.apiTokenId),
        readOnly: grant.readOnly,
        suggestOnly: grant.suggestOnly,
        commentAudience: grant.commentAudience,
        rate,
      });
      this.credentialsExpireAt = grant.credentialsExpireAt ?? null;
    }

    protected received(data: Uint8Array): void {
      if (this.room) return this.room.receive(this, data);
      // The document is still loading: keep the frames, in order, up to a limit.
      this.earlyBytes += data.length;
      if (this.earlyBytes > limits.maxPendingMessageBytes || data.length > limits.maxMessageBytes) return this.close(CloseCodes.TooLarge);
      (this.early ??= []).push(data);
    }

    protected ended(): void {
      clearTimeout(this.expiry);
      connections.delete(this);
      if (this.counted) counter.release(this.userId, this.documentId);
      if (this.room) {
        this.room.remove(this);
        registry.release(this.documentId);
      }
      for (const held of [this.documentId, this.userId, this.userName, this.sessionId, this.apiTokenId]) if (held) strings.release(held);
    }

    /** Counted against the caps (on every process in cluster mode), then admitted. */
    count(recordOpened: () => void): void {
      counter.acquire(this.userId, this.documentId).then(
        (admitted) => {
          if (!admitted) return this.close(CloseCodes.TooManyConnections);
          // Closed while counting: ended() saw nothing counted, so the count is given back here.
          if (this.closed) return counter.release(this.userId, this.documentId);
          this.counted = true;
          this.admit(recordOpened);
        },
        (error: unknown) => {
          logger.error("collab: counting the socket failed", { documentId: this.documentId, error: String(error) });
          this.close(CloseCodes.LoadFailed);
        },
      );
    }

    admit(recordOpened: () => void): void {
      connections.add(this);
      try {
        recordOpened();
      } catch (error) {
        logger.error("collab: onOpened failed", { documentId: this.documentId, error: String(error) });
      }
      // An API token that expires takes its sockets with it.
      if (this.credentialsExpireAt) {
        this.armExpiry();
        if (this.closed) return;
      }
      registry.acquire(this.documentId).then(
        (loaded) => {
          if (this.closed) return registry.release(this.documentId);
          this.room = loaded;
          loaded.add(this);
          const waiting = this.early ?? [];
          this.early = undefined;
          for (const data of waiting) loaded.receive(this, data);
        },
        (error: unknown) => {
          if (error instanceof DocumentStateError && error.kind === "not_found") return this.close(CloseCodes.NotFound);
          logger.error("collab: document load failed", { documentId: this.documentId, error: String((error as Error)?.stack ?? error) });
          this.close(CloseCodes.LoadFailed);
        },
      );
    }

    /** A timer is at most ~24.8 days: re-armed until the expiry. */
    armExpiry(): void {
      const left = this.credentialsExpireAt!.getTime() - Date.now();
      if (left <= 0) return this.close(CloseCodes.AuthorizationChanged);
      this.expiry = setTimeout(() => this.armExpiry(), Math.min(left, MAX_TIMER_MS));
      this.expiry.unref?.();
    }
  }

  /** Outside the socket's scope, so only this closure (dropped once called) holds the grant. */
  function openedRecorder(grant: UpgradeGrant): () => void {
    const onOpened = deps.onOpened;
    return () => onOpened?.(grant);
  }

  function accept(socket: WebSocket, grant: UpgradeGrant) {
    // Frames that arrive while it is counted wait in `early`, as while the document loads.
    new CollabSocket(socket, grant).count(openedRecorder(grant));
  }

  // A storm of sockets (a restart: every browser reconnects) asks for credentials and documents a
  // few milliseconds at a time, in a few statements; nothing is kept once answered, so revocation stays immediate.
  const upgradeDeps = {
    authenticate: batchLookups(
      (input: { sessionToken?: string; bearerToken?: string }) => `${input.bearerToken ?? ""}\n${input.sessionToken ?? ""}`,
      (inputs) => deps.auth.authenticateMany(inputs),
    ),
    getAccess: batchLookups(
      (documentId: string) => documentId,
      async (documentIds) => {
        const found = await deps.getAccessMany(documentIds);
        return documentIds.map((id) => found.get(id) ?? null);
      },
    ),
    appOrigin: deps.config.appOrigin,
    logger,
  };

  return {
    /** For the http server's `upgrade` event on `/collab/<documentId>`. */
    handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
      // Not a closure here: it lives as long as the socket and would keep `req` (cookie, token) alive.
      socket.on("error", destroySocket);
      if (closing) return refuseUpgrade(socket, { status: 503, code: "shutting_down", message: "The server is shutting down." });
      void authorizeUpgrade(req, upgradeDeps)
        .then((decision) => {
          if (!decision.ok) return refuseUpgrade(socket, decision.refusal);
          if (socket.destroyed || closing) return socket.destroy();
          wss.handleUpgrade(req, socket, head, (ws) => accept(ws, decision.grant));
        })
        .catch((error: unknown) => {
          logger.error("collab: upgrade failed", { error: String((error as Error)?.stack ?? error) });
          refuseUpgrade(socket, { status: 500, code: "internal_error", message: "Something went wrong on our side." });
        });
    },

    /** Routes `/collab/*` upgrades on an http server here; other paths get a 404 unless someone else listens. */
    attach(server: Server): void {
      server.on("upgrade", (req: IncomingMessage, socket: Duplex, head: Buffer) => {
        if (parseCollabPath(req.url)) return this.handleUpgrade(req, socket, head);
        if (server.listenerCount("upgrade") === 1) refuseUpgrade(socket, { status: 404, code: "route_not_found", message: "No such route." });
      });
    },

    /**
     * A change from the server side (initial content, version restore): stored first, then
     * applied to the open room and relayed to its sockets. With no room open it goes to the
     * log only, and the next load applies it: a caller that needs the Document row's derived
     * columns current derives them itself (`deriveContent` + `saveDerived`).
     */
    async applyUpdate(documentId: string, update: Uint8Array, origin: UpdateOrigin = {}): Promise<void> {
      if (inspectUpdate(update).empty) return;
      const open = registry.find(documentId);
      if (open) return (await open).applyUpdate(update, origin);
      await store.append(documentId, update, origin.userId ?? null);
      // Stored: rooms open on other processes (cluster mode) apply it too.
      bus.publishUpdate(documentId, update);
      // A room that began loading meanwhile may have read the log before this row.
      const late = registry.find(documentId);
      if (late) await (await late).applyStored(update);
    },

    /**
     * Closes the sockets in scope with 4403 AuthorizationChanged, here and (cluster mode) on
     * every other process. Throws on an empty scope. Returns how many closed on this process.
     */
    revoke(scope: RevokeScope): number {
      const closed = revokeLocal(scope);
      bus.publishRevoke(scope);
      return closed;
    },

    /**
     * A comment thread of this visibility changed (ADR 031): the sockets on the document that
     * may read such a thread, here and on every other process, are told to refetch. Returns how
     * many were told on this process.
     */
    signalCommentsChanged(documentId: string, thread: ThreadVisibility): number {
      bus.publishComments(documentId, thread);
      return signalLocalComments(documentId, thread);
    },

    /**
     * Subscribes to "a comment thread of this visibility changed on the document", from this
     * process or another (the comment event streams). Returns the unsubscribe.
     */
    onCommentsChanged(listener: (documentId: string, thread: ThreadVisibility) => void): () => void {
      commentListeners.add(listener);
      return () => commentListeners.delete(listener);
    },

    /** Subscribes to revocations, from this process or another (the comment event streams end theirs). Returns the unsubscribe. */
    onRevoked(listener: (scope: RevokeScope) => void): () => void {
      revokeListeners.add(listener);
      return () => revokeListeners.delete(listener);
    },

    /** Subscribes to "derived content was written" (the search indexer). Returns the unsubscribe. */
    onDerived(listener: (documentId: string, info: DerivedInfo) => void): () => void {
      derivedListeners.add(listener);
      return () => derivedListeners.delete(listener);
    },

    /**
     * The start-up pass (ADR 023): every document whose derived content may be older than its
     * stored state (a crash between typing and derivation) is loaded as a room, which derives at
     * once, and flushed; nobody has to open it first. Through the rooms, so a socket arriving
     * meanwhile shares the same Y.Doc and no older snapshot overwrites a newer one.
     */
    async deriveStale(): Promise<number> {
      let derived = 0;
      for (const documentId of await store.listStaleDerived()) {
        if (closing) break;
        try {
          const room = await registry.acquire(documentId);
          try {
            await room.flush();
            derived += 1;
          } finally {
            registry.release(documentId);
          }
        } catch (error) {
          logger.error("collab: deriving a stale document failed", { documentId, error: String((error as Error)?.stack ?? error) });
        }
      }
      return derived;
    },

    /** Derives and compacts every open room now, keeping sockets open. */
    async flush(): Promise<void> {
      await registry.flushAll();
    },

    /** Shutdown: closes every socket (1001, clients reconnect elsewhere), then flushes and unloads every room. */
    async close(): Promise<void> {
      closing = true;
      clearInterval(pingSweep);
      for (const connection of [...connections]) connection.close(CloseCodes.ServerShutdown);
      await registry.unloadAll();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },

    stats(): CollabStats {
      return { rooms: registry.openRooms().length, connections: connections.size, droppedReadOnlyUpdates };
    },
  };
}

export type CollabServer = ReturnType<typeof createCollabServer>;
export { CloseCodes, type CloseCode } from "./close-codes.ts";
export { DEFAULT_COLLAB_LIMITS, type CollabLimits } from "./limits.ts";
export type { RevokeScope } from "./revoke.ts";
export type { UpdateOrigin } from "./room.ts";
export type { DocumentAccess } from "./upgrade.ts";
