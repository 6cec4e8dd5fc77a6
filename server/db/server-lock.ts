// One server process per PostgreSQL database unless the processes share rooms through Redis
// (ADR 025). Without a bus, two processes on one document form two rooms that each derive from a
// partial Y.Doc and overwrite each other's content, so the second process refuses to start.
import pg from "pg";

/** A session-level advisory lock key of our own (distinct from the migration lock's). */
export const SERVER_LOCK_KEY = 7_025_002;

export class ServerAlreadyRunningError extends Error {
  constructor() {
    super(
      "Another Precedent server is running on this database. " +
        "Several processes need REDIS_URL (cluster mode): see README, Running at scale.",
    );
    this.name = "ServerAlreadyRunningError";
  }
}

export type ServerLock = { release(): Promise<void> };

/**
 * Takes the lock on a connection of its own, held for the process's lifetime (the session lock
 * goes when the connection does, so a killed process frees it). Throws ServerAlreadyRunningError
 * when another process holds it.
 */
export async function holdServerLock(url: string, onLost: (error: Error) => void): Promise<ServerLock> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  let released = false;
  // A lost connection loses the lock: say so, as a second process may now start.
  client.on("error", (error) => {
    if (!released) onLost(error);
  });
  const { rows } = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [SERVER_LOCK_KEY]);
  if (!rows[0]?.locked) {
    released = true;
    await client.end();
    throw new ServerAlreadyRunningError();
  }
  return {
    async release() {
      if (released) return;
      released = true;
      await client.end();
    },
  };
}

/** Whether a server (without Redis) holds the lock now: read from pg_locks, without taking it. */
export async function isServerRunning(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ held: boolean }>(
      `SELECT EXISTS (
         SELECT 1 FROM pg_locks
         WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = $1 AND objsubid = 1
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
       ) AS held`,
      [SERVER_LOCK_KEY],
    );
    return rows[0]?.held ?? false;
  } finally {
    await client.end();
  }
}
