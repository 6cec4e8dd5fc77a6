// npm run db:restore -- FILE
//
// Restores a backup written by `npm run db:backup` into the embedded database (DATA_DIR/pg).
// Stop the server first: the data folder's lock is checked, and the command refuses while a
// server holds it. The file is checked (format, checksum, that its database opens, that this
// Precedent knows its migrations) before anything changes; the previous data folder is kept
// beside the new one (pg.before-restore-<time>) until you delete it. On the next start the
// server applies any newer migrations and rebuilds the search index by itself.
// PostgreSQL (DATABASE_URL) is restored with pg_restore: see README.
//
// Exit codes: 0 restored · 2 usage, or not the embedded database · 65 the file is not a good
// backup · 66 FILE cannot be read · 75 the server is running · 78 bad environment · 1 anything
// else. Except for 0, nothing was changed.
import fs from "node:fs/promises";
import path from "node:path";
import { BackupFileError } from "../server/db/backup.ts";
import { DataDirInUseError } from "../server/db/data-dir-lock.ts";
import { defaultMigrationPaths } from "../server/db/migrate.ts";
import { restoreBackup } from "../server/db/restore.ts";
import { describeBackup } from "./backup-summary.ts";
import { fail, loadConfigOrExit, runMain } from "./cli.ts";

const USAGE = "usage: npm run db:restore -- FILE\n\nRestores a backup made by `npm run db:backup` into the embedded database (DATA_DIR). Stop the server first.";

async function main() {
  const file = process.argv[2];
  if (!file || file === "--help" || file === "-h") fail(file ? 0 : 2, USAGE);
  const config = loadConfigOrExit();
  if (config.database.kind === "postgres") {
    fail(2, "DATABASE_URL points to PostgreSQL: restore it with `pg_restore --clean --if-exists` (README, Backups). This command restores the embedded database.");
  }
  const pgDir = config.database.dataDir;
  if (pgDir === "memory://") fail(2, "DATABASE_URL=memory:// is an in-memory database: there is nothing on disk to restore into.");
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await fs.readFile(path.resolve(file)));
  } catch (error) {
    fail(66, `Cannot read ${path.resolve(file)}: ${(error as Error).message}`);
  }
  const { migrationsDir } = await defaultMigrationPaths();
  const knownMigrations = (await fs.readdir(migrationsDir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name);
  console.error(`Checking ${path.resolve(file)} and loading it beside ${pgDir}…`);
  try {
    const { manifest, previous } = await restoreBackup({ bytes, dataDir: config.dataDir, pgDir, knownMigrations });
    console.log(`Restored the embedded database in ${pgDir} from ${path.resolve(file)}.`);
    console.log(describeBackup(manifest, bytes.byteLength));
    if (previous) console.log(`  The previous data folder is kept in ${previous}: delete it once the restored data looks right.`);
    console.log("  Start the server: it applies newer migrations, if any, and rebuilds the search index by itself.");
  } catch (error) {
    if (error instanceof BackupFileError) fail(65, `Nothing was changed: ${error.message}`);
    if (error instanceof DataDirInUseError) fail(75, `Nothing was changed: ${error.message}\nStop the server, run this command again, then start the server.`);
    throw error;
  }
}

runMain(main);
