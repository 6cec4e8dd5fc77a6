// The few lines db:backup and db:restore print about a backup.
import type { BackupManifest } from "../server/db/backup.ts";

export function describeBackup(manifest: BackupManifest, fileBytes: number): string {
  const megabytes = (fileBytes / 1_000_000).toFixed(1);
  const counts = Object.entries(manifest.counts)
    .map(([name, n]) => `${n} ${name.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`)}`)
    .join(", ");
  return [
    `  Taken at:   ${manifest.createdAt}`,
    `  Size:       ${megabytes} MB`,
    `  Contents:   ${counts}`,
    `  Schema:     ${manifest.migrations.length} migrations, the last ${manifest.migrations.at(-1) ?? "none"}`,
  ].join("\n");
}
