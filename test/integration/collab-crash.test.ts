// The promise in ARCHITECTURE.md: a server killed with SIGKILL loses no update that any other
// client has seen. A real server process, two real y-websocket clients, kill -9 the moment the
// second client has seen enough, then open the database again and load the document.
import { spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { expect, inject, test } from "vitest";
import { openDatabase, type DatabaseOptions } from "../../server/db/database.ts";
import { createDocumentStateStore } from "../../server/documents/state-store.ts";
import { createClient } from "../helpers/http.ts";
import { addParagraph, connectClient, fragmentText, waitFor, type TestClient } from "./collab-harness.ts";

const CHILD = path.join(import.meta.dirname, "collab-crash-server.ts");

async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database for the child to own: a PGlite folder from the migrated snapshot, or a new PostgreSQL database. */
async function prepareDatabase() {
  const target = inject("testDatabase");
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-crash-"));
  if (target.kind === "pglite") {
    const database: DatabaseOptions = { kind: "pglite", dataDir: path.join(dir, "pg") };
    return { database, snapshotFile: target.snapshotFile, cleanup: () => fs.rm(dir, { recursive: true, force: true }) };
  }
  const name = `precedent_crash_${crypto.randomUUID().replaceAll("-", "").slice(0, 16)}`;
  await adminQuery(target.adminUrl, `CREATE DATABASE "${name}"`);
  const url = new URL(target.adminUrl);
  url.pathname = `/${name}`;
  const database: DatabaseOptions = { kind: "postgres", url: url.toString() };
  return {
    database,
    snapshotFile: undefined,
    cleanup: async () => {
      await fs.rm(dir, { recursive: true, force: true });
      await adminQuery(target.adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** The crash server as a child process: `ready` once it listens; `stop` kills it (SIGKILL) and waits. */
function startServer(options: { database: DatabaseOptions; snapshotFile?: string; restart?: boolean }) {
  const child = spawn(process.execPath, ["--import", "tsx", CHILD, JSON.stringify(options)], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.once("exit", (_code, signal) => resolve(signal)));
  const ready = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the server exited with ${code} before listening`)));
  }).then((line) => JSON.parse(line) as { port: number; documentId: string; tokens: [string, string] });
  ready.catch(() => undefined); // awaited by the test; a child killed before it listens is no unhandled rejection
  return {
    child,
    exited,
    ready,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    },
  };
}

// About 10 s on an idle machine (two process starts and a database open); 90 s seen on a busy one.
test("a server killed with SIGKILL loses no update another client has seen, and derives it all at restart", { timeout: 240_000 }, async () => {
  const { database, snapshotFile, cleanup } = await prepareDatabase();
  const first = startServer({ database, snapshotFile });
  const { child, exited } = first;
  const servers = [first];
  const clients: TestClient[] = [];
  try {
    const { port, documentId, tokens } = await first.ready;
    const wsUrl = `ws://127.0.0.1:${port}/collab`;
    const a = connectClient(wsUrl, documentId, { token: tokens[0] });
    const b = connectClient(wsUrl, documentId, { token: tokens[1] });
    clients.push(a, b);
    await waitFor(() => a.provider.synced && b.provider.synced, { timeoutMs: 30_000, what: "both clients to sync" });

    let seenByB = "";
    b.doc.on("update", () => {
      const text = fragmentText(b.doc);
      if (!seenByB && text.split("\n").length >= 40) {
        // Killed while A is still typing: whatever B holds now, the database must hold too.
        seenByB = text;
        child.kill("SIGKILL");
      }
    });
    for (let i = 1; i <= 60 && !seenByB; i++) {
      addParagraph(a.doc, `Line ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => seenByB, { timeoutMs: 15_000, what: "B to see 40 lines" });
    expect(await exited).toBe("SIGKILL");
    for (const c of clients) c.destroy();

    const db = await openDatabase(database, { migrate: false });
    let stored: string;
    try {
      stored = fragmentText(await createDocumentStateStore({ db: db.prisma }).load(documentId));
      expect(stored.slice(0, seenByB.length)).toBe(seenByB);
    } finally {
      await db.close();
    }

    // Restarted, with nobody opening the document: the API's content and the export hold every
    // stored line (ADR 023), not what the last derivation before the kill saw.
    const restarted = startServer({ database, snapshotFile, restart: true });
    servers.push(restarted);
    const { port: again } = await restarted.ready;
    const api = createClient(`http://127.0.0.1:${again}`);
    const contentText = async () => {
      const response = await api.get(`/api/v1/documents/${documentId}`, { bearer: tokens[0] });
      return ((await response.json()) as { document: { content: { text: string } } }).document.content.text;
    };
    await waitFor(async () => (await contentText()) === stored, { timeoutMs: 30_000, what: "the derived content to hold every stored line" });
    const exported = await (await api.get(`/api/v1/documents/${documentId}/export?format=md`, { bearer: tokens[0] })).text();
    for (const typed of stored.split("\n")) expect(exported).toContain(typed);
  } finally {
    for (const c of clients) c.destroy();
    for (const server of servers) await server.stop();
    await cleanup();
  }
});
