import type { Logger } from "../logger.ts";
import type { Room } from "./room.ts";

/**
 * The open rooms, one per document. Loading is single-flight (every socket that arrives while
 * a document loads waits for the same load); a room with no sockets left is flushed (derived,
 * compacted) and unloaded after an idle grace. A socket arriving while a room unloads waits
 * for the unload to finish and gets a freshly loaded room: nothing is read half-written.
 */
type Entry =
  | { state: "loading"; promise: Promise<Room> }
  | { state: "open"; room: Room; idleTimer?: NodeJS.Timeout }
  | { state: "unloading"; promise: Promise<void> };

export type RoomRegistryDeps = {
  loadRoom: (documentId: string) => Promise<Room>;
  idleMs: number;
  logger: Logger;
};

export function createRoomRegistry({ loadRoom, idleMs, logger }: RoomRegistryDeps) {
  const entries = new Map<string, Entry>();

  function startLoad(documentId: string): Promise<Room> {
    const promise = loadRoom(documentId).then(
      (room) => {
        entries.set(documentId, { state: "open", room });
        return room;
      },
      (error: unknown) => {
        entries.delete(documentId);
        throw error;
      },
    );
    entries.set(documentId, { state: "loading", promise });
    return promise;
  }

  function unload(documentId: string): Promise<void> {
    const entry = entries.get(documentId);
    if (entry?.state !== "open") return entry?.state === "unloading" ? entry.promise : Promise.resolve();
    if (entry.idleTimer) clearTimeout(entry.idleTimer);
    const { room } = entry;
    const promise = room
      .flush()
      .catch((error: unknown) => logger.error("collab: final flush failed", { documentId, error: String(error) }))
      .finally(() => {
        room.destroy();
        entries.delete(documentId);
      });
    entries.set(documentId, { state: "unloading", promise });
    return promise;
  }

  return {
    /** The document's room, loading it if needed. Rejects when the load fails (nothing is stored then). */
    async acquire(documentId: string): Promise<Room> {
      for (;;) {
        const entry = entries.get(documentId);
        if (!entry) return startLoad(documentId);
        if (entry.state === "loading") return entry.promise;
        if (entry.state === "open") {
          if (entry.idleTimer) clearTimeout(entry.idleTimer);
          entry.idleTimer = undefined;
          return entry.room;
        }
        await entry.promise;
      }
    },

    /** A socket left: when it was the last one, unload after the idle grace. */
    release(documentId: string): void {
      const entry = entries.get(documentId);
      if (entry?.state !== "open" || entry.room.connections.size > 0) return;
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.idleTimer = setTimeout(() => void unload(documentId), idleMs);
      entry.idleTimer.unref();
    },

    /** The room when it is open or loading (an update stored now must reach it); undefined otherwise. */
    find(documentId: string): Room | Promise<Room> | undefined {
      const entry = entries.get(documentId);
      if (entry?.state === "open") return entry.room;
      if (entry?.state === "loading") return entry.promise;
      return undefined;
    },

    openRooms(): Room[] {
      const rooms: Room[] = [];
      for (const entry of entries.values()) if (entry.state === "open") rooms.push(entry.room);
      return rooms;
    },

    /** Derives and compacts every open room, keeping them open. */
    async flushAll(): Promise<void> {
      await Promise.all(
        [...entries.values()].map((entry) => {
          if (entry.state === "open") return entry.room.flush();
          if (entry.state === "unloading") return entry.promise;
          return undefined;
        }),
      );
    },

    /** Flushes and unloads every room (shutdown); waits for loads in flight first. */
    async unloadAll(): Promise<void> {
      const loading = [...entries.values()].flatMap((entry) => (entry.state === "loading" ? [entry.promise.catch(() => undefined)] : []));
      await Promise.all(loading);
      await Promise.all([...entries.keys()].map((documentId) => unload(documentId)));
    },
  };
}

export type RoomRegistry = ReturnType<typeof createRoomRegistry>;
