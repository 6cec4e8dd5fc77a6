/**
 * Who rebuilds a shared search index (ADR 024): two processes starting on an empty Meilisearch
 * index must not both rebuild it. A row lease rather than an advisory lock: a session lock would
 * be held by a pooled connection (the migration-lock trap of issue 13), and a transaction lock
 * would hold PGlite's one connection for the whole rebuild. Renewed while the rebuild runs; a
 * process that dies leaves it to expire.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../db/database.ts";

export type RebuildLease = { release(): Promise<void> };

/** Takes the lease named `name` for `leaseMs`, renewing it until released; null when another holds it. */
export async function tryTakeRebuildLease(db: Db, name: string, leaseMs: number): Promise<RebuildLease | null> {
  const holder = randomUUID();
  const take = () => db.$queryRaw<{ holder: string }[]>`
    INSERT INTO "SearchRebuildLease" ("name", "holder", "expiresAt")
    VALUES (${name}, ${holder}, now() + make_interval(secs => ${leaseMs / 1000}::float8))
    ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "SearchRebuildLease"."expiresAt" < now() OR "SearchRebuildLease"."holder" = EXCLUDED."holder"
    RETURNING "holder"`;
  if ((await take()).length === 0) return null;
  const renew = setInterval(() => void take().catch(() => undefined), Math.max(1000, leaseMs / 3));
  renew.unref();
  return {
    async release() {
      clearInterval(renew);
      await db.$executeRaw`DELETE FROM "SearchRebuildLease" WHERE "name" = ${name} AND "holder" = ${holder}`;
    },
  };
}
