// Restoring a backup of the embedded database (ADR 022): checked first, loaded into a folder
// beside the data folder, and swapped in only once it opened; the previous data folder is kept
// aside. The server must be stopped: the data-dir lock says so.
import fs from "node:fs/promises";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { readBackup, BackupFileError, type BackupManifest } from "./backup.ts";
import { lockDataDir } from "./data-dir-lock.ts";
import { searchStampPath } from "../search/index-stamp.ts";

export type RestoreResult = { manifest: BackupManifest; previous: string | null };

const stampOf = (date: Date) => date.toISOString().replace(/[:.]/g, "-");

/**
 * Restores `bytes` into `pgDir` (DATA_DIR/pg). Throws BackupFileError for a bad file and
 * DataDirInUseError while a server runs; in both cases nothing was changed. `knownMigrations`
 * are this version's: a backup with one it does not know was made by a newer Precedent.
 */
export async function restoreBackup({
  bytes,
  dataDir,
  pgDir,
  knownMigrations,
  now = new Date(),
}: {
  bytes: Uint8Array;
  dataDir: string;
  pgDir: string;
  knownMigrations: string[];
  now?: Date;
}): Promise<RestoreResult> {
  const { manifest, data } = readBackup(bytes);
  const unknown = manifest.migrations.filter((m) => !knownMigrations.includes(m));
  if (unknown.length) {
    throw new BackupFileError(`This backup was made by a newer Precedent (its database has migrations this version lacks: ${unknown.join(", ")}). Upgrade first, then restore.`);
  }
  await fs.mkdir(path.dirname(pgDir), { recursive: true });
  const unlock = await lockDataDir(pgDir);
  const staging = `${pgDir}.restoring-${stampOf(now)}`;
  try {
    await fs.rm(staging, { recursive: true, force: true });
    await fs.mkdir(staging, { recursive: true });
    try {
      // Opening it is the proof: a tarball PostgreSQL cannot start from fails here, before the swap.
      const pglite = await PGlite.create({ dataDir: staging, loadDataDir: new Blob([data as Uint8Array<ArrayBuffer>]) });
      try {
        await pglite.query("SELECT count(*) FROM _prisma_migrations");
      } finally {
        await pglite.close();
      }
    } catch (error) {
      await fs.rm(staging, { recursive: true, force: true });
      throw new BackupFileError(`The backup's database does not open: ${error instanceof Error ? error.message : String(error)}`);
    }
    const previous = `${pgDir}.before-restore-${stampOf(now)}`;
    const hadPrevious = await fs.stat(pgDir).then(
      () => true,
      () => false,
    );
    if (hadPrevious) await fs.rename(pgDir, previous);
    await fs.rename(staging, pgDir);
    // The search index describes the database as it was: the next start rebuilds it.
    await fs.rm(searchStampPath(dataDir), { force: true });
    return { manifest, previous: hadPrevious ? previous : null };
  } finally {
    await unlock();
  }
}
