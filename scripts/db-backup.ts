// npm run db:backup -- FILE
//
// Writes a consistent backup of the embedded database (DATA_DIR/pg) to FILE, while the server
// runs or not. A running server holds the data folder (PGlite is single-process), so the
// command asks it over its control socket (DATA_DIR/control.sock, owner-only) and the server
// takes the backup between transactions; with no server running, the command opens the data
// folder itself, under its lock. The file holds a manifest (format version, migrations applied,
// row counts, created at) and PGlite's tarball of the data folder; never the lock file.
// PostgreSQL (DATABASE_URL) is backed up with pg_dump: see README.
//
// Exit codes: 0 written · 2 usage, or not the embedded database · 73 FILE exists · 75 the data
// folder is held by a process that does not answer · 78 bad environment · 1 anything else.
import fs from "node:fs/promises";
import path from "node:path";
import { createBackup, readBackup } from "../server/db/backup.ts";
import { requestBackup } from "../server/db/control-socket.ts";
import { DataDirInUseError } from "../server/db/data-dir-lock.ts";
import { openDatabase } from "../server/db/database.ts";
import { fail, loadConfigOrExit, runMain } from "./cli.ts";
import { describeBackup } from "./backup-summary.ts";

const USAGE = "usage: npm run db:backup -- FILE\n\nWrites a consistent backup of the embedded database (DATA_DIR) to FILE, while the server runs or not.";

async function main() {
  const file = process.argv[2];
  if (!file || file === "--help" || file === "-h") fail(file ? 0 : 2, USAGE);
  const config = loadConfigOrExit();
  if (config.database.kind === "postgres") {
    fail(2, "DATABASE_URL points to PostgreSQL: back it up with `pg_dump -Fc` (README, Backups). This command backs up the embedded database.");
  }
  const pgDir = config.database.dataDir;
  if (pgDir === "memory://") fail(2, "DATABASE_URL=memory:// is an in-memory database: there is nothing on disk to back up.");
  const target = path.resolve(file);
  if (await fs.stat(target).then(() => true, () => false)) fail(73, `${target} exists: choose another file name (a backup is never overwritten).`);

  console.error(`Asking the server on ${config.dataDir} for a backup…`);
  let bytes = await requestBackup(config.dataDir);
  let source = "taken by the running server";
  if (!bytes) {
    if (!(await fs.stat(path.join(pgDir, "PG_VERSION")).then(() => true, () => false))) fail(2, `There is no embedded database in ${pgDir}.`);
    console.error("No server is running: opening the data folder.");
    let db;
    try {
      db = await openDatabase(config.database, { migrate: false });
    } catch (error) {
      if (error instanceof DataDirInUseError) {
        fail(75, `Nothing was written: ${error.message}\nThat process does not answer on ${path.join(config.dataDir, "control.sock")}: if it is a Precedent server, it is older than this command; stop it and try again.`);
      }
      throw error;
    }
    try {
      bytes = (await createBackup(db)).bytes;
    } finally {
      await db.close();
    }
    source = "taken with the server stopped";
  }
  // Checked as a restore would check it, before it is called a backup.
  const { manifest } = readBackup(bytes);
  const partial = `${target}.partial`;
  await fs.writeFile(partial, bytes, { mode: 0o600 });
  await fs.rename(partial, target);
  console.log(`Backed up the embedded database to ${target} (${source}).`);
  console.log(describeBackup(manifest, bytes.byteLength));
}

runMain(main);
