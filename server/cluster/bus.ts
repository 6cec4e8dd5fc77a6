import type { RevokeScope } from "../collab/revoke.ts";
import type { ThreadVisibility } from "../comments/visibility.ts";

/**
 * What crosses processes in cluster mode (ADR 026). The sync server talks to this one
 * interface; without REDIS_URL it is the local bus below, which sends nothing, so one process
 * runs the same code paths as a cluster.
 *
 * Every message carries the sender's process id and a process ignores its own. Updates are
 * published only after they are stored (a receiver applies them without storing them again);
 * awareness after it was sanitised by the process its socket is on.
 */
export type BusHandlers = {
  /** A stored update of `documentId` from another process. */
  update(documentId: string, update: Uint8Array): void;
  /** Sanitised awareness of sockets on process `from`. */
  awareness(documentId: string, update: Uint8Array, from: string): void;
  /** A process opened `documentId` and asks for everyone's presence on it. */
  awarenessQuery(documentId: string): void;
  /** A comment thread changed on `documentId` (another process stored it): signal its audience here. */
  comments(documentId: string, thread: ThreadVisibility): void;
  /** Close the sockets in scope (a revocation on another process). */
  revoke(scope: RevokeScope): void;
  /** Messages may have been lost (the bus reconnected): re-read what is stored. */
  resync(): void;
};

export type ClusterBus = {
  readonly processId: string;
  /** False for the local bus: nothing leaves this process. */
  readonly clustered: boolean;
  publishUpdate(documentId: string, update: Uint8Array): void;
  publishAwareness(documentId: string, update: Uint8Array): void;
  queryAwareness(documentId: string): void;
  publishRevoke(scope: RevokeScope): void;
  publishComments(documentId: string, thread: ThreadVisibility): void;
  /** One listener (the sync server). */
  listen(handlers: BusHandlers): void;
  close(): Promise<void>;
};

export function createLocalBus(processId: string): ClusterBus {
  return {
    processId,
    clustered: false,
    publishUpdate() {},
    publishAwareness() {},
    queryAwareness() {},
    publishRevoke() {},
    publishComments() {},
    listen() {},
    async close() {},
  };
}
