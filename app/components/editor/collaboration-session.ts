/**
 * One open document in the browser: a Y.Doc, its local copy in IndexedDB and its WebSocket
 * connection, plus what the UI shows about them (save status, people here). Browser only —
 * import it from client code (it is loaded lazily by CollaborativeEditor).
 */
import * as Y from "yjs";
import { WebsocketProvider, messageSync } from "y-websocket";
import { IndexeddbPersistence } from "y-indexeddb";
import * as encoding from "lib0/encoding";
import * as decoding from "lib0/decoding";
import * as syncProtocol from "y-protocols/sync";
import { removeAwarenessStates } from "y-protocols/awareness";
import { syncStatus, type SyncStatus } from "./sync-status";
import { safeColor } from "./user-color";
import { clearLocalDocumentCopy, holdLocalCopy, clearsLocalCopy, localCopyName } from "./local-copies";
import { closeMessage } from "./close-message";

export type SessionUser = { id: string; name: string; color: string };

export type Peer = { clientId: number; id: string; name: string; color: string; isSelf: boolean };

export type SessionSnapshot = {
  status: SyncStatus;
  /** Set when the server closed the connection for good (access revoked, document gone). */
  closedReason: string | null;
  /** The local IndexedDB copy (or the server) has been loaded into the Y.Doc. */
  ready: boolean;
  peers: Peer[];
};

export type CollaborationSession = {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  getSnapshot: () => SessionSnapshot;
  subscribe: (listener: () => void) => () => void;
  /**
   * The server's "this document's comments changed" (ADR 031), and every (re)connection, when
   * signals may have been missed. Returns the unsubscribe.
   */
  onCommentsChanged: (listener: () => void) => () => void;
  destroy: () => void;
};

/** The sync server's own message type: no content, only "refetch the comments" (server/collab/protocol.ts). */
const MESSAGE_COMMENTS_CHANGED = 20;

/** How long to wait for a save confirmation before trying again. */
const PROBE_TIMEOUT_MS = 10_000;
/** Confirm saves at most this often while someone types. */
const PROBE_DELAY_MS = 300;
/** Show the editor even if IndexedDB is slow or unavailable (private windows). */
const LOCAL_LOAD_TIMEOUT_MS = 1_500;

export function defaultCollabUrl(): string {
  return `${window.location.protocol === "https:" ? "wss" : "ws"}://${window.location.host}/collab`;
}

export function createCollaborationSession(options: { documentId: string; user: SessionUser; wsUrl?: string }): CollaborationSession {
  const ydoc = new Y.Doc();
  // One local copy per person and document: on a shared computer, one person's unsent offline
  // edits never show up in another person's editor.
  const localName = localCopyName(options.user.id, options.documentId);
  const local = new IndexeddbPersistence(localName, ydoc);
  // Clearing copies (sign-out, access ended) closes this one first, so its delete is not blocked.
  const releaseLocal = holdLocalCopy(localName, () => local.destroy());
  const provider = new WebsocketProvider(options.wsUrl ?? defaultCollabUrl(), options.documentId, ydoc);
  const awareness = provider.awareness;
  awareness.setLocalStateField("user", options.user);

  const listeners = new Set<() => void>();
  const commentListeners = new Set<() => void>();
  const commentsChanged = () => {
    for (const listener of commentListeners) listener();
  };
  provider.messageHandlers[MESSAGE_COMMENTS_CHANGED] = commentsChanged;
  let online = typeof navigator === "undefined" ? true : navigator.onLine;
  let connection: "connecting" | "connected" | "disconnected" = "connecting";
  let hadTrouble = false;
  let closedReason: string | null = null;
  let ready = false;
  let snapshot: SessionSnapshot = { status: "saving", closedReason: null, ready: false, peers: [] };

  // Save confirmation. y-websocket has no acknowledgements, so after local changes we send our
  // state vector (sync step 1) and take the server's reply (sync step 2) as the receipt: the
  // server handles one socket's messages in order and stores an update before it answers the
  // next message, so the reply means every update sent before the probe is stored.
  let localChanges = 0; // local updates so far
  let confirmedChanges = 0; // local updates the server confirmed
  let probeCovers = -1; // localChanges when the probe in flight was sent, -1 if none
  let probeTimer: ReturnType<typeof setTimeout> | undefined;
  let probeTimeout: ReturnType<typeof setTimeout> | undefined;

  const emit = () => {
    const next: SessionSnapshot = {
      status: syncStatus({ online, connection, synced: provider.synced, pending: confirmedChanges < localChanges, hadTrouble }),
      closedReason,
      ready,
      peers: readPeers(),
    };
    if (JSON.stringify(next) === JSON.stringify(snapshot)) return;
    snapshot = next;
    for (const listener of listeners) listener();
  };

  const readPeers = (): Peer[] => {
    const peers: Peer[] = [];
    const seen = new Set<string>();
    const states = [...awareness.getStates().entries()].sort(([a], [b]) => (a === ydoc.clientID ? -1 : b === ydoc.clientID ? 1 : a - b));
    for (const [clientId, state] of states) {
      const user = (state as { user?: Partial<SessionUser> }).user;
      if (!user || typeof user.name !== "string") continue;
      const id = typeof user.id === "string" && user.id ? user.id : `client-${clientId}`;
      if (seen.has(id)) continue; // the same person in two tabs
      seen.add(id);
      peers.push({ clientId, id, name: user.name, color: safeColor(user.color, id), isSelf: clientId === ydoc.clientID });
    }
    return peers;
  };

  const sendProbe = () => {
    probeTimer = undefined;
    const ws = provider.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN || !provider.synced || probeCovers >= 0) return;
    if (confirmedChanges >= localChanges) return;
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, messageSync);
    syncProtocol.writeSyncStep1(encoder, ydoc);
    probeCovers = localChanges;
    ws.send(encoding.toUint8Array(encoder));
    probeTimeout = setTimeout(() => {
      probeCovers = -1;
      scheduleProbe();
    }, PROBE_TIMEOUT_MS);
  };

  const scheduleProbe = () => {
    if (probeTimer === undefined) probeTimer = setTimeout(sendProbe, PROBE_DELAY_MS);
  };

  const originalSyncHandler = provider.messageHandlers[messageSync];
  if (originalSyncHandler) {
    provider.messageHandlers[messageSync] = (encoder, decoder, p, fromServer, messageType) => {
      const syncType = decoding.peekVarUint(decoder);
      originalSyncHandler(encoder, decoder, p, fromServer, messageType);
      if (fromServer && syncType === syncProtocol.messageYjsSyncStep2 && probeCovers >= 0) {
        confirmedChanges = Math.max(confirmedChanges, probeCovers);
        probeCovers = -1;
        clearTimeout(probeTimeout);
        if (confirmedChanges < localChanges) scheduleProbe();
        emit();
      }
    };
  }

  const onUpdate = (_update: Uint8Array, origin: unknown) => {
    if (origin === provider || origin === local) return;
    localChanges += 1;
    scheduleProbe();
    emit();
  };
  ydoc.on("update", onUpdate);

  provider.on("status", ({ status }) => {
    connection = status;
    if (status !== "connected") {
      probeCovers = -1;
      clearTimeout(probeTimeout);
    }
    emit();
  });
  provider.on("sync", (synced) => {
    if (synced) {
      ready = true;
      commentsChanged();
      // Offline edits went up in the initial exchange; confirm them.
      if (confirmedChanges < localChanges) scheduleProbe();
    }
    emit();
  });
  provider.on("connection-close", () => {
    hadTrouble = true;
    emit();
  });
  provider.on("connection-error", () => {
    hadTrouble = true;
    emit();
  });
  provider.on("closed", (event) => {
    closedReason = closeMessage(event);
    // The server says this person may no longer read the document here (signed out, access
    // changed, deleted), or refused a change for good: its local copy goes too. The provider has
    // already stopped reconnecting.
    if (clearsLocalCopy(event.code)) void clearLocalDocumentCopy(options.documentId);
    emit();
  });
  awareness.on("change", emit);

  const markReady = () => {
    ready = true;
    emit();
  };
  void local.whenSynced.then(markReady, markReady);
  const readyTimer = setTimeout(markReady, LOCAL_LOAD_TIMEOUT_MS);

  const onOnline = () => {
    online = navigator.onLine;
    emit();
  };
  // Tell the others we left when the tab goes away, instead of after the 30 s awareness timeout.
  const onPageHide = () => removeAwarenessStates(awareness, [ydoc.clientID], "page hidden");
  window.addEventListener("online", onOnline);
  window.addEventListener("offline", onOnline);
  window.addEventListener("pagehide", onPageHide);

  emit();

  return {
    ydoc,
    provider,
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onCommentsChanged(listener) {
      commentListeners.add(listener);
      return () => commentListeners.delete(listener);
    },
    destroy() {
      window.removeEventListener("online", onOnline);
      window.removeEventListener("offline", onOnline);
      window.removeEventListener("pagehide", onPageHide);
      clearTimeout(probeTimer);
      clearTimeout(probeTimeout);
      clearTimeout(readyTimer);
      listeners.clear();
      commentListeners.clear();
      awareness.off("change", emit);
      ydoc.off("update", onUpdate);
      provider.destroy();
      releaseLocal();
      void local.destroy();
      ydoc.destroy();
    },
  };
}
