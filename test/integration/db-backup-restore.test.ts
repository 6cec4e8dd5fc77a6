// Backups a firm can restore (ADR 022): `npm run db:backup` while the server runs on an embedded
// database in a data folder, changes after it, `npm run db:restore` refused while the server runs
// and for a corrupt file, then restored with the server stopped: documents, versions, mandates,
// deliverables and the audit trail come back as they were, and search (whose index on disk has
// moved on) rebuilds by itself and finds the restored documents, not the later ones.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { strFromU8, unzipSync } from "fflate";
import { countBackedUpRows, readBackup } from "../../server/db/backup.ts";
import { controlSocketPath, serveBackups } from "../../server/db/control-socket.ts";
import { openDatabase, type Database } from "../../server/db/database.ts";
import { createLogger } from "../../server/logger.ts";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";
import { createUser } from "../factories/users.ts";
import { runScript } from "../helpers/cli.ts";
import { createClient, type Client } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

let dataDir: string;
let backupFile: string;
let running: { db: Database; server: TestServer; control: { close(): Promise<void> } | undefined } | undefined;
let credentials: { email: string; password: string };

/** The server as `npm start` runs it on DATA_DIR: embedded database and index on disk, answering db:backup. */
async function start() {
  const db = await openDatabase({ kind: "pglite", dataDir: path.join(dataDir, "pg") });
  const server = await startTestServer({ db, env: { DATABASE_URL: "", DATA_DIR: dataDir } });
  const control = await serveBackups({ config: server.config, database: db, logger: createLogger("warn") });
  running = { db, server, control };
  return running;
}

async function stop() {
  if (!running) return;
  await running.control?.close();
  await running.server.close();
  await running.db.close();
  running = undefined;
}

async function signIn(server: TestServer): Promise<Client> {
  const client = createClient(server.url);
  await client.login(credentials.email, credentials.password);
  return client;
}

const titlesFound = async (client: Client, q: string) =>
  ((await (await client.get(`/api/v1/search?q=${q}`)).json()) as PresentedSearchResult).hits.map((h) => h.documentTitle);

/** What a restore must bring back, read straight from the database (reads through the API would add sign-in events). */
async function snapshot(db: Database, documentId: string) {
  const versions = await db.prisma.documentVersion.findMany({ where: { documentId }, orderBy: { number: "asc" }, select: { id: true, number: true, contentText: true } });
  const audit = await db.prisma.auditEvent.findMany({ orderBy: { id: "asc" }, select: { id: true, action: true, createdAt: true } });
  return { counts: await countBackedUpRows(db.prisma), versions, audit };
}

let documentId: string;
let before: Awaited<ReturnType<typeof snapshot>>;

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-backup-"));
  backupFile = path.join(dataDir, "..", `${path.basename(dataDir)}.backup`);
  const { db, server } = await start();
  const made = await createUser(server.services.auth, { role: "EDITOR", organizationName: "Provider LLP" });
  credentials = made;
  const editor = await signIn(server);
  const created = await editor.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Zephyrine indemnity playbook", status: "PUBLISHED", markdown: "The zephyrine position on indemnities." });
  expect(created.status, await created.clone().text()).toBe(201);
  documentId = ((await created.json()) as { document: { id: string } }).document.id;
  expect((await editor.post(`/api/v1/documents/${documentId}/versions`, { name: "Second version" })).status).toBe(201);
  const client = await createUser(server.services.auth, { role: "CLIENT", organizationName: "Client A" });
  const mandate = await editor.post("/api/v1/mandates", {
    clientOrganizationId: client.organization.id,
    title: "Supplier NDAs",
    reference: "NW-2027-001",
    startDate: "2027-01-04",
    status: "ACTIVE",
    pricingModel: "CAPPED",
    currency: "GBP",
    budgetMinor: 4_000_000,
  });
  expect(mandate.status, await mandate.clone().text()).toBe(201);
  const mandateId = ((await mandate.json()) as { mandate: { id: string } }).mandate.id;
  const added = await editor.post(`/api/v1/mandates/${mandateId}/deliverables`, { deliverables: [{ title: "Acme NDA review", type: "NDA review", feeMinor: 45_000 }] });
  expect(added.status).toBe(201);
  // Delivered: its delivery record must come back too.
  const [deliverable] = ((await added.json()) as { deliverables: Array<{ id: string }> }).deliverables;
  for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await editor.patch(`/api/v1/deliverables/${deliverable!.id}`, { status })).status).toBe(200);
  await server.services.search.indexer.idle();
  expect(await titlesFound(editor, "zephyrine")).toEqual(["Zephyrine indemnity playbook"]);
  before = await snapshot(db, documentId);
  expect(before.versions).toHaveLength(2);
  expect(before.counts.deliveryRecords).toBe(1);
}, 120_000);

afterAll(async () => {
  await stop();
  await fs.rm(dataDir, { recursive: true, force: true });
  await fs.rm(backupFile, { force: true });
});

describe("npm run db:backup and db:restore on the embedded database", () => {
  test("backs up while the server runs, through its owner-only control socket, with a manifest and without the lock", async () => {
    expect((await fs.stat(controlSocketPath(dataDir))).mode & 0o777).toBe(0o600);
    const result = await runScript("db-backup", [backupFile], dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("taken by the running server");
    expect(result.stdout).toMatch(/Contents: +1 documents, 2 versions, 1 mandates, 1 deliverables, 1 delivery records, \d+ audit events/);

    const bytes = new Uint8Array(await fs.readFile(backupFile));
    const { manifest } = readBackup(bytes);
    expect(manifest).toMatchObject({ format: "precedent-backup", formatVersion: 1, database: "pglite", counts: before.counts });
    expect(manifest.migrations.length).toBeGreaterThan(0);
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(["manifest.json", "pgdata.tar.gz"]);
    expect(strFromU8(unzipSync(bytes)["pgdata.tar.gz"]!.subarray(0, 2), true)).toBe("\x1f\x8b"); // gzip
    // The server still answers: the backup did not stop it.
    expect((await (await signIn(running!.server)).get(`/api/v1/documents/${documentId}`)).status).toBe(200);

    const again = await runScript("db-backup", [backupFile], dataDir);
    expect(again.code).toBe(73); // never overwrites a backup
  }, 120_000);

  test("restoring is refused while the server runs, and for a corrupt file, with nothing changed", async () => {
    const editor = await signIn(running!.server);
    // Work done after the backup, which the restore takes back.
    expect((await editor.post("/api/v1/documents", { kind: "PRECEDENT", title: "Quokkalicious memo", status: "PUBLISHED", markdown: "Written after the backup." })).status).toBe(201);
    await running!.server.services.search.indexer.idle();
    expect(await titlesFound(editor, "quokkalicious")).toEqual(["Quokkalicious memo"]);

    const whileRunning = await runScript("db-restore", [backupFile], dataDir);
    expect(whileRunning.code).toBe(75);
    expect(whileRunning.stderr).toContain("Nothing was changed");

    const corrupt = path.join(dataDir, "corrupt.backup");
    const bytes = await fs.readFile(backupFile);
    bytes[bytes.length - 2000]! ^= 0xff;
    await fs.writeFile(corrupt, bytes);
    await stop();
    for (const bad of [corrupt, path.join(dataDir, "no-such.backup")]) {
      const result = await runScript("db-restore", [bad], dataDir);
      expect(result.code).not.toBe(0);
      expect(result.stderr).toMatch(/Nothing was changed|Cannot read/);
    }
    expect((await fs.readdir(dataDir)).filter((f) => f.includes("before-restore"))).toEqual([]);
  }, 120_000);

  test("a restore brings back documents, versions, deliverables and the audit trail, and search rebuilds by itself", async () => {
    const result = await runScript("db-restore", [backupFile], dataDir);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("The previous data folder is kept in");
    expect((await fs.readdir(dataDir)).filter((f) => f.startsWith("pg.before-restore-"))).toHaveLength(1);

    const { db, server } = await start();
    expect(await snapshot(db, documentId)).toEqual(before);
    const editor = await signIn(server);
    // The first search waits for the engine; then the rebuild it started has to finish.
    await titlesFound(editor, "zephyrine");
    await server.services.search.indexer.idle();
    expect(await titlesFound(editor, "zephyrine")).toEqual(["Zephyrine indemnity playbook"]);
    expect(await titlesFound(editor, "quokkalicious")).toEqual([]);
  }, 120_000);
});
