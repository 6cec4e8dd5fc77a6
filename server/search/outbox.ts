/**
 * The durable re-index queue (ADR 024): "document X changed" is a row in SearchOutbox, so a crash
 * between a change and its indexing loses nothing: the next start drains what is left. Rows are
 * claimed in a short transaction with `FOR UPDATE SKIP LOCKED` (PGlite and PostgreSQL alike), so
 * several processes never index the same rows at once, and deleted only once the index holds the
 * change durably, and only when no newer request came meanwhile (`version`).
 */
import type { Db } from "../db/database.ts";

export type OutboxClaim = { documentId: string; version: number };

export type SearchOutbox = {
  /** Upserts one request per document (a repeat bumps its version and lifts any claim). */
  request(documentIds: string[]): Promise<void>;
  /** Claims up to `limit` unclaimed (or expired) requests, oldest first, for `claimMs`. */
  claim(limit: number, claimMs: number): Promise<OutboxClaim[]>;
  /** Deletes the requests these claims answered; a request re-made since stays. */
  ack(claims: OutboxClaim[]): Promise<void>;
  /** Lifts every claim (a single-process index at start: whoever claimed them is gone). */
  releaseAll(): Promise<void>;
  pending(): Promise<number>;
};

export function createSearchOutbox(db: Db): SearchOutbox {
  return {
    async request(documentIds) {
      const ids = [...new Set(documentIds)];
      if (ids.length === 0) return;
      await db.$executeRaw`
        INSERT INTO "SearchOutbox" ("documentId", "version", "requestedAt", "claimedUntil")
        SELECT id, 1, now(), NULL FROM unnest(${ids}::text[]) AS id
        ON CONFLICT ("documentId") DO UPDATE
          SET "version" = "SearchOutbox"."version" + 1, "requestedAt" = now(), "claimedUntil" = NULL`;
    },
    async claim(limit, claimMs) {
      return db.$queryRaw<OutboxClaim[]>`
        UPDATE "SearchOutbox" AS o SET "claimedUntil" = now() + make_interval(secs => ${claimMs / 1000}::float8)
        FROM (
          SELECT "documentId" FROM "SearchOutbox"
          WHERE "claimedUntil" IS NULL OR "claimedUntil" < now()
          ORDER BY "requestedAt", "documentId"
          LIMIT ${limit}
          FOR UPDATE SKIP LOCKED
        ) AS picked
        WHERE o."documentId" = picked."documentId"
        RETURNING o."documentId", o."version"`;
    },
    async ack(claims) {
      if (claims.length === 0) return;
      await db.$executeRaw`
        DELETE FROM "SearchOutbox" AS o
        USING unnest(${claims.map((c) => c.documentId)}::text[], ${claims.map((c) => c.version)}::int[]) AS done(id, version)
        WHERE o."documentId" = done.id AND o."version" = done.version`;
    },
    async releaseAll() {
      await db.$executeRaw`UPDATE "SearchOutbox" SET "claimedUntil" = NULL WHERE "claimedUntil" IS NOT NULL`;
    },
    async pending() {
      return db.searchOutbox.count();
    },
  };
}
