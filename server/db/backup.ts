// Backups of the embedded database (ADR 022): one file holding a manifest and PGlite's own
// tarball of its data folder. PostgreSQL is backed up with pg_dump (README).
import { createHash } from "node:crypto";
import { strFromU8, strToU8, unzipSync, zipSync } from "fflate";
import type { Database, Db } from "./database.ts";

export const BACKUP_FORMAT = "precedent-backup";
export const BACKUP_FORMAT_VERSION = 1;
const MANIFEST = "manifest.json";
const DATA = "pgdata.tar.gz";

/**
 * The tables the summary and the restore test count. The restored rows must match these: a new
 * table whose loss would matter to a client's challenge is one more line here.
 */
export const BACKUP_COUNTS = {
  documents: "Document",
  versions: "DocumentVersion",
  mandates: "Mandate",
  deliverables: "Deliverable",
  deliveryRecords: "DeliveryRecord",
  auditEvents: "AuditEvent",
} as const;

export type BackupCounts = Record<keyof typeof BACKUP_COUNTS, number>;

type Query = <T>(sql: string) => Promise<{ rows: T[] }>;

async function countRows(query: Query): Promise<BackupCounts> {
  const counts: Partial<BackupCounts> = {};
  for (const [name, table] of Object.entries(BACKUP_COUNTS)) {
    const { rows } = await query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
    counts[name as keyof BackupCounts] = rows[0]!.n;
  }
  return counts as BackupCounts;
}

async function migrationNames(query: Query): Promise<string[]> {
  const { rows } = await query<{ migration_name: string }>(
    "SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name",
  );
  return rows.map((r) => r.migration_name);
}

/** The row counts a backup of this database would record. */
export async function countBackedUpRows(db: Db): Promise<BackupCounts> {
  return countRows(async <T>(sql: string) => ({ rows: await db.$queryRawUnsafe<T[]>(sql) }));
}

export type BackupManifest = {
  format: typeof BACKUP_FORMAT;
  formatVersion: number;
  createdAt: string;
  database: "pglite";
  /** The migrations applied in the backed-up database, oldest first: a restore refuses one made by a newer Precedent. */
  migrations: string[];
  counts: BackupCounts;
  /** SHA-256 of the data tarball, checked before anything is restored. */
  dataSha256: string;
  dataBytes: number;
};

export class BackupFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackupFileError";
  }
}

/**
 * A consistent copy of the open embedded database. PGlite runs one transaction at a time and
 * Prisma's transactions hold that turn, so the counts and PGlite's tarball of the data folder are
 * taken inside one transaction of ours: no other transaction is half-written in the copy, and
 * nothing lands between the counts and the data. Other requests wait meanwhile (about a second
 * per 100 MB).
 */
export async function createBackup(database: Pick<Database, "pglite">, now = new Date()): Promise<{ bytes: Uint8Array; manifest: BackupManifest }> {
  const pglite = database.pglite;
  if (!pglite) throw new Error("Only the embedded database is backed up this way; back up PostgreSQL with pg_dump (README).");
  // Fewer WAL records to replay when the copy is opened.
  await pglite.exec("CHECKPOINT");
  const { data, migrations, counts } = await pglite.transaction(async (tx) => {
    const query: Query = (sql) => tx.query(sql);
    const [migrations, counts] = [await migrationNames(query), await countRows(query)];
    const tarball = await pglite.dumpDataDir("gzip");
    return { data: new Uint8Array(await tarball.arrayBuffer()), migrations, counts };
  });
  const manifest: BackupManifest = {
    format: BACKUP_FORMAT,
    formatVersion: BACKUP_FORMAT_VERSION,
    createdAt: now.toISOString(),
    database: "pglite",
    migrations,
    counts,
    dataSha256: createHash("sha256").update(data).digest("hex"),
    dataBytes: data.byteLength,
  };
  // Stored, not compressed again: the tarball is gzipped already.
  const bytes = zipSync({ [MANIFEST]: strToU8(JSON.stringify(manifest, null, 2)), [DATA]: [data, { level: 0 }] });
  return { bytes, manifest };
}

/** Reads and checks a backup file: its manifest, format and the data's checksum. Throws BackupFileError saying what is wrong. */
export function readBackup(bytes: Uint8Array): { manifest: BackupManifest; data: Uint8Array } {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch {
    throw new BackupFileError("This is not a Precedent backup: the file is not a backup archive (truncated or another kind of file).");
  }
  const rawManifest = files[MANIFEST];
  const data = files[DATA];
  if (!rawManifest || !data) throw new BackupFileError(`This is not a Precedent backup: it has no ${rawManifest ? DATA : MANIFEST}.`);
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(strFromU8(rawManifest)) as BackupManifest;
  } catch {
    throw new BackupFileError(`The backup's ${MANIFEST} is not valid JSON.`);
  }
  if (manifest?.format !== BACKUP_FORMAT) throw new BackupFileError("This is not a Precedent backup: its manifest names another format.");
  if (manifest.formatVersion !== BACKUP_FORMAT_VERSION) {
    throw new BackupFileError(`This backup has format version ${String(manifest.formatVersion)}; this Precedent reads version ${BACKUP_FORMAT_VERSION}. Use the Precedent version that made it.`);
  }
  if (!Array.isArray(manifest.migrations) || typeof manifest.dataSha256 !== "string") throw new BackupFileError("The backup's manifest is incomplete.");
  const sha = createHash("sha256").update(data).digest("hex");
  if (sha !== manifest.dataSha256 || data.byteLength !== manifest.dataBytes) {
    throw new BackupFileError("The backup is corrupt: its data does not match the checksum in its manifest.");
  }
  return { manifest, data };
}
