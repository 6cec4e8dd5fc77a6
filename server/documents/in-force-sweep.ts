import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { documentsWithStalePointer, refreshVersionInForce } from "./in-force.ts";

/**
 * Moves `Document.publishedVersionId` when a scheduled publication takes effect (ADR 017). The
 * pointer is versionInForce's cached answer for "now"; publishing and withdrawing refresh it in
 * their own transaction, so only the passing of time needs this sweep. Readers of the pointer lag
 * the effective date by at most one interval.
 */
export type InForceSweep = {
  /** One pass as of `now`: the documents whose version in force changed, after `onChanged` heard of them. */
  sweep(now?: Date): Promise<string[]>;
  /** A pass at once, then one every interval (the server's start). */
  start(): void;
  /** No further passes; waits for a running one. */
  stop(): Promise<void>;
};

export function createInForceSweep({
  db,
  intervalMs,
  logger,
  onChanged,
}: {
  db: Db;
  intervalMs: number;
  logger: Logger;
  /** Search re-reads them; open sockets re-check access (a first publication opens the document to clients). */
  onChanged: (documentIds: string[]) => Promise<void>;
}): InForceSweep {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function sweep(now = new Date()) {
    const changed: string[] = [];
    for (const documentId of await documentsWithStalePointer(db, now)) {
      const result = await db.$transaction((tx) => refreshVersionInForce(tx, documentId, now));
      if (result.changed) changed.push(documentId);
    }
    if (changed.length) await onChanged(changed);
    return changed;
  }

  /** Passes never overlap: a slow one delays the next tick's instead of racing it. */
  function tick() {
    running = running.then(() =>
      sweep().catch((error: unknown) => logger.error("in-force sweep failed", { error: String(error) })),
    );
  }

  return {
    sweep,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, intervalMs);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
