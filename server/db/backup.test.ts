import { createHash } from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { describe, expect, test } from "vitest";
import { BackupFileError, readBackup } from "./backup.ts";

const data = strToU8("not really a tarball, but bytes");
const manifest = {
  format: "precedent-backup",
  formatVersion: 1,
  createdAt: "2027-01-12T09:00:00.000Z",
  database: "pglite",
  migrations: ["20260101000000_init"],
  counts: { documents: 1, versions: 1, mandates: 0, deliverables: 0, auditEvents: 2 },
  dataSha256: createHash("sha256").update(data).digest("hex"),
  dataBytes: data.byteLength,
};
const archive = (m: object, files: Record<string, Uint8Array> = { "pgdata.tar.gz": data }) => zipSync({ "manifest.json": strToU8(JSON.stringify(m)), ...files });

describe("reading a backup file", () => {
  test("a good file gives its manifest and data", () => {
    const read = readBackup(archive(manifest));
    expect(read.manifest).toEqual(manifest);
    expect(read.data).toEqual(data);
  });

  test.each([
    ["another kind of file", strToU8("SQLite format 3\0"), /not a Precedent backup.*not a backup archive/],
    ["a zip without the data", archive(manifest, {}), /has no pgdata\.tar\.gz/],
    ["another format", archive({ ...manifest, format: "other" }), /names another format/],
    ["a newer format version", archive({ ...manifest, formatVersion: 2 }), /format version 2/],
    ["data that does not match its checksum", archive({ ...manifest, dataSha256: "0".repeat(64) }), /corrupt/],
  ])("refuses %s, saying what is wrong", (_, bytes, message) => {
    expect(() => readBackup(bytes)).toThrow(BackupFileError);
    expect(() => readBackup(bytes)).toThrow(message);
  });
});
