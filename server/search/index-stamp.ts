// Which database the search index was built from (ADR 022). After a restore the database goes
// back in time but the index (MiniSearch in DATA_DIR, or Meilisearch) does not: the server must
// notice at start and rebuild. The stamp names the database's identity: the OID of its
// "Document" table, which `pg_restore --clean` changes (it recreates the table), plus a file in
// DATA_DIR that `npm run db:restore` deletes (a PGlite restore brings back the same OIDs).
import fs from "node:fs/promises";
import path from "node:path";
import type { Db } from "../db/database.ts";

export const SEARCH_STAMP_FILE = "search-stamp.json";

export const searchStampPath = (dataDir: string) => path.join(dataDir, SEARCH_STAMP_FILE);

export type IndexStamp = {
  /** The identity of the database the server is on now. */
  current(): Promise<string>;
  /** The identity the index was last built or checked against; null when unknown. */
  read(): Promise<string | null>;
  write(identity: string): Promise<void>;
};

export function createIndexStamp({ db, dataDir }: { db: Db; dataDir: string }): IndexStamp {
  const file = searchStampPath(dataDir);
  return {
    async current() {
      const [row] = await db.$queryRaw<{ identity: string }[]>`SELECT current_database() || ':' || '"Document"'::regclass::oid::text AS identity`;
      return row!.identity;
    },
    async read() {
      const text = await fs.readFile(file, "utf8").catch(() => null);
      if (!text) return null;
      try {
        return String((JSON.parse(text) as { database?: unknown }).database ?? "") || null;
      } catch {
        return null;
      }
    },
    async write(identity) {
      await fs.mkdir(dataDir, { recursive: true });
      await fs.writeFile(file, `${JSON.stringify({ database: identity, checkedAt: new Date().toISOString() })}\n`);
    },
  };
}
