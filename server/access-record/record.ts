import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";

/**
 * Recording reads and exports of client material (issue 11, "An access record"). One row per
 * EXPORT; at most one READ per person, target and hour, kept so by a unique `onceKey`
 * ("user:target:hourISO") and an insert that skips duplicates, so a page reloaded ten times in
 * an hour costs one row and no lookup. House knowledge (no client) records nothing.
 *
 * Recording never fails the read it records: a database error is logged and the caller carries
 * on (the read was allowed by `can()`; the record is the trail, not the gate).
 */

/** Where the read happened: the document or mandate page, the JSON API, a sync socket, a download. */
export type AccessChannel = "page" | "api" | "socket" | `export:${string}`;

export type AccessTarget = ({ documentId: string; mandateId?: undefined } | { mandateId: string; documentId?: undefined }) & {
  /** The client the material belongs to; null = house knowledge, which is not recorded. */
  clientOrganizationId: string | null;
  channel: AccessChannel;
  /** When it happened; the recorder's clock by default (tests and backfills give a past time). */
  at?: Date;
};

/** Who read it: a signed-in person (a Viewer will do). */
export type AccessActor = { id: string };

export type AccessKind = "READ" | "EXPORT";

const HOUR_MS = 3_600_000;

/** The start of the UTC hour `at` falls in. */
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/** The key that makes a second READ of the same target by the same person in the same hour a no-op. */
export const readOnceKey = (userId: string, targetId: string, hour: Date) => `${userId}:${targetId}:${hour.toISOString()}`;

export type AccessRecorder = {
  recordRead(actor: AccessActor, target: AccessTarget): Promise<void>;
  recordExport(actor: AccessActor, target: AccessTarget): Promise<void>;
};

export function createAccessRecorder({ db, logger, now }: { db: Db; logger: Logger; now: () => Date }): AccessRecorder {
  async function record(kind: AccessKind, actor: AccessActor, target: AccessTarget): Promise<void> {
    const clientOrganizationId = target.clientOrganizationId;
    if (!clientOrganizationId) return;
    const targetId = target.documentId ?? target.mandateId;
    try {
      const at = target.at ?? now();
      const hour = hourOf(at);
      await db.accessEvent.createMany({
        data: [
          {
            userId: actor.id,
            clientOrganizationId,
            documentId: target.documentId ?? null,
            mandateId: target.mandateId ?? null,
            kind,
            channel: target.channel,
            hour,
            at,
            onceKey: kind === "READ" ? readOnceKey(actor.id, targetId, hour) : null,
          },
        ],
        skipDuplicates: true,
      });
    } catch (error) {
      logger.error("access record: could not record an access", { kind, userId: actor.id, targetId, channel: target.channel, error: String(error) });
    }
  }

  return {
    recordRead: (actor, target) => record("READ", actor, target),
    recordExport: (actor, target) => record("EXPORT", actor, target),
  };
}
