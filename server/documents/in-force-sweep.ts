import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { createPeriodicJob } from "../periodic-job.ts";
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
  async function sweep(now = new Date()) {
    const changed: string[] = [];
    for (const documentId of await documentsWithStalePointer(db, now)) {
      const result = await db.$transaction((tx) => refreshVersionInForce(tx, documentId, now));
      if (result.changed) changed.push(documentId);
    }
    if (changed.length) await onChanged(changed);
    return changed;
  }

  const job = createPeriodicJob({ name: "in-force sweep", intervalMs, logger, run: () => sweep() });

  return { sweep, start: job.start, stop: job.stop };
}
