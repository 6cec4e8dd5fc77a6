import {
  COLLAB_COMPACT_AFTER_UPDATES,
  COLLAB_DERIVE_DEBOUNCE_MS,
  COLLAB_DERIVE_MAX_WAIT_MS,
  COLLAB_MAX_AWARENESS_STATE_BYTES,
  COLLAB_MAX_BYTES_PER_WINDOW,
  COLLAB_MAX_CONNECTIONS_PER_DOCUMENT,
  COLLAB_MAX_CONNECTIONS_PER_USER,
  COLLAB_MAX_DOCUMENT_BYTES,
  COLLAB_MAX_MESSAGE_BYTES,
  COLLAB_MAX_MESSAGES_PER_WINDOW,
  COLLAB_MAX_PENDING_MESSAGE_BYTES,
  COLLAB_PING_INTERVAL_MS,
  COLLAB_RATE_WINDOW_MS,
  COLLAB_ROOM_IDLE_MS,
} from "../config.ts";

/**
 * The sync server's limits and timings, defaulting to the named constants in server/config.ts.
 * Nothing is accepted before authentication: the upgrade is refused before the handshake.
 */
export type CollabLimits = {
  maxMessageBytes: number;
  maxDocumentBytes: number;
  maxConnectionsPerDocument: number;
  maxConnectionsPerUser: number;
  /** Bytes a socket may send while its document is still loading. */
  maxPendingMessageBytes: number;
  maxAwarenessStateBytes: number;
  /** Frames and bytes one socket may send per `rateWindowMs`; beyond either it closes with 4508 (and reconnects). */
  rateWindowMs: number;
  maxMessagesPerWindow: number;
  maxBytesPerWindow: number;
  deriveDebounceMs: number;
  deriveMaxWaitMs: number;
  compactAfterUpdates: number;
  roomIdleMs: number;
  pingIntervalMs: number;
};

export const DEFAULT_COLLAB_LIMITS: Readonly<CollabLimits> = Object.freeze({
  maxMessageBytes: COLLAB_MAX_MESSAGE_BYTES,
  maxDocumentBytes: COLLAB_MAX_DOCUMENT_BYTES,
  maxConnectionsPerDocument: COLLAB_MAX_CONNECTIONS_PER_DOCUMENT,
  maxConnectionsPerUser: COLLAB_MAX_CONNECTIONS_PER_USER,
  maxPendingMessageBytes: COLLAB_MAX_PENDING_MESSAGE_BYTES,
  maxAwarenessStateBytes: COLLAB_MAX_AWARENESS_STATE_BYTES,
  rateWindowMs: COLLAB_RATE_WINDOW_MS,
  maxMessagesPerWindow: COLLAB_MAX_MESSAGES_PER_WINDOW,
  maxBytesPerWindow: COLLAB_MAX_BYTES_PER_WINDOW,
  deriveDebounceMs: COLLAB_DERIVE_DEBOUNCE_MS,
  deriveMaxWaitMs: COLLAB_DERIVE_MAX_WAIT_MS,
  compactAfterUpdates: COLLAB_COMPACT_AFTER_UPDATES,
  roomIdleMs: COLLAB_ROOM_IDLE_MS,
  pingIntervalMs: COLLAB_PING_INTERVAL_MS,
});

export function resolveLimits(overrides: Partial<CollabLimits> = {}): CollabLimits {
  const limits = { ...DEFAULT_COLLAB_LIMITS, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value < 0) throw new RangeError(`Collab limit ${name} must be a non-negative number.`);
  }
  return limits;
}

/**
 * WebSocket frames beyond this are refused by `ws` itself (close 1009) before they are
 * buffered; frames between `maxMessageBytes` and this get our 4413.
 */
export const wsMaxPayload = (limits: CollabLimits) => limits.maxMessageBytes * 2 + 1024;

/**
 * Open sockets per document and per user. `acquire` says whether one more fits. In cluster mode
 * the counts live in Redis across every process (server/cluster/socket-counts.ts), hence a Promise.
 */
export type ConnectionCounter = {
  acquire(userId: string, documentId: string): Promise<boolean>;
  release(userId: string, documentId: string): void;
};

/** The counter in this process's memory (one process, no REDIS_URL). */
export function createConnectionCounter(limits: Pick<CollabLimits, "maxConnectionsPerDocument" | "maxConnectionsPerUser">): ConnectionCounter {
  const perDocument = new Map<string, number>();
  const perUser = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string, by: number) => {
    const next = (map.get(key) ?? 0) + by;
    if (next <= 0) map.delete(key);
    else map.set(key, next);
  };
  return {
    async acquire(userId, documentId) {
      if ((perDocument.get(documentId) ?? 0) >= limits.maxConnectionsPerDocument) return false;
      if ((perUser.get(userId) ?? 0) >= limits.maxConnectionsPerUser) return false;
      bump(perDocument, documentId, 1);
      bump(perUser, userId, 1);
      return true;
    },
    release(userId, documentId) {
      bump(perDocument, documentId, -1);
      bump(perUser, userId, -1);
    },
  };
}
