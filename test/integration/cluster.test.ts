// Cluster mode end to end (ADR 026): PostgreSQL, Redis, Meilisearch and two app processes on
// 127.0.0.1, started together on an empty database; real y-websocket clients on different
// processes. Every process this file starts is stopped by its pid.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createAuthService } from "../../server/auth/service.ts";
import { openDatabase, type Database } from "../../server/db/database.ts";
import { deriveContent } from "../../server/documents/derive.ts";
import { createDocumentStateStore } from "../../server/documents/state-store.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { readEventStream } from "../helpers/event-stream.ts";
import { startMeilisearch, type MeilisearchServer } from "../helpers/meilisearch.ts";
import { startPostgres, type PostgresServer } from "../helpers/postgres.ts";
import { killOnExit, stopProcess } from "../helpers/processes.ts";
import { startRedis, type RedisServer } from "../helpers/redis.ts";
import { addParagraph, connectClient, fragmentText, waitFor, type TestClient } from "./collab-harness.ts";

const ENTRY = path.join(import.meta.dirname, "cluster-server.ts");
const ROOT = path.resolve(import.meta.dirname, "../..");

type AppProcess = { child: ChildProcess; processId: string; url: string; wsUrl: string; exited: Promise<NodeJS.Signals | number | null>; forget: () => void };

let postgres: PostgresServer;
let database: { url: string; drop(): Promise<void> } | undefined;
let redis: RedisServer;
let meili: MeilisearchServer | undefined;
let dataDir: string;
let db: Database;
const apps: AppProcess[] = [];
const clients: TestClient[] = [];
let documentId: string;
let tokens: { writer1: string; writer2: string; leaver: string };

function startApp(env: Record<string, string>): Promise<AppProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const forget = killOnExit(child);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once("line", (line) => {
      const { port, processId } = JSON.parse(line) as { port: number; processId: string };
      resolve({ child, processId, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/collab`, exited, forget });
    });
    child.once("exit", (code) => reject(new Error(`an app process exited with ${code} before listening`)));
  });
}

const api = (app: AppProcess, pathname: string, token: string, init: RequestInit = {}) =>
  fetch(`${app.url}/api/v1${pathname}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });

const storedText = async () => {
  const loaded = await createDocumentStateStore({ db: db.prisma }).loadState(documentId);
  try {
    return deriveContent(loaded.doc).text;
  } finally {
    loaded.doc.destroy();
  }
};

beforeAll(async () => {
  [postgres, redis] = await Promise.all([startPostgres(), startRedis()]);
  const started = await startMeilisearch();
  if (!started.ok) throw new Error(`Meilisearch could not start: ${started.reason}`);
  meili = started.server;
  database = await postgres.createDatabase();
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), "precedent-cluster-"));
  const env = (n: number) => ({
    NODE_ENV: "test",
    HOST: "127.0.0.1",
    PORT: "0",
    DATA_DIR: path.join(dataDir, String(n)),
    DATABASE_URL: database!.url,
    REDIS_URL: redis.url,
    MEILI_HOST: meili!.host,
    MEILI_API_KEY: meili!.apiKey,
    SEED_DEMO: "false",
    LOG_LEVEL: "warn",
  });
  // Together, on the empty database: one migrates, the other waits for the lock and finds nothing to do (ADR 025).
  apps.push(...(await Promise.all([startApp(env(1)), startApp(env(2))])));

  db = await openDatabase({ kind: "postgres", url: database.url }, { migrate: false });
  const auth = createAuthService({ db: db.prisma });
  const made = [];
  for (const name of ["Writer One", "Writer Two", "Leaver"]) {
    const { user } = await createUser(auth, { role: "EDITOR", organizationName: "Cluster Provider", name });
    made.push((await auth.createApiToken(await viewerOf(db.prisma, user.id), { name: "cluster test" })).token);
  }
  tokens = { writer1: made[0]!, writer2: made[1]!, leaver: made[2]! };
  const org = await db.prisma.organization.findFirstOrThrow({ where: { name: "Cluster Provider" } });
  documentId = (await db.prisma.document.create({ data: { organizationId: org.id, kind: "PLAYBOOK", title: "Cluster" } })).id;
}, 180_000);

afterAll(async () => {
  for (const c of clients) c.destroy();
  for (const app of apps) {
    await stopProcess(app.child);
    app.forget();
  }
  await db?.close();
  await database?.drop();
  await Promise.all([meili?.stop(), redis?.stop(), postgres?.stop()]);
  if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
}, 60_000);

const connect = (app: AppProcess, token: string, options: Parameters<typeof connectClient>[3] = {}) => {
  const client = connectClient(app.wsUrl, documentId, { token }, options);
  clients.push(client);
  return client;
};

describe("cluster mode: two processes, one logical room per document", () => {
  test("clients on different processes converge and see each other's presence", { timeout: 60_000 }, async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    const one = connect(a, tokens.writer1);
    await waitFor(() => one.provider.synced, { timeoutMs: 20_000, what: "the client on process 1 to sync" });
    one.provider.awareness.setLocalStateField("user", { color: "#c00" });
    // The second opens the document on the other process after the first's presence was set.
    const two = connect(b, tokens.writer2);
    await waitFor(() => two.provider.synced, { timeoutMs: 20_000, what: "the client on process 2 to sync" });
    two.provider.awareness.setLocalStateField("user", { color: "#00c" });

    addParagraph(one.doc, "Alpha quokka from process one");
    addParagraph(two.doc, "Bravo zebracrossing from process two");
    await waitFor(() => fragmentText(one.doc) === fragmentText(two.doc) && fragmentText(one.doc).split("\n").length === 2, {
      timeoutMs: 10_000,
      what: "both clients to hold both paragraphs",
    });
    const presence = (client: TestClient, other: TestClient) =>
      (client.provider.awareness.getStates().get(other.doc.clientID) as { user?: { name?: string } } | undefined)?.user?.name;
    await waitFor(() => presence(two, one) === "Writer One" && presence(one, two) === "Writer Two", {
      timeoutMs: 10_000,
      what: "each client to see the other's presence, named by the server",
    });
  });

  test("a search finds text typed through either process, and the derived content equals the stored state", { timeout: 60_000 }, async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    for (const [app, word] of [[a, "zebracrossing"], [b, "quokka"]] as const) {
      await waitFor(
        async () => {
          const body = (await (await api(app, `/search?q=${word}`, tokens.writer1)).json()) as { hits?: Array<{ documentId: string }> };
          return body.hits?.some((hit) => hit.documentId === documentId);
        },
        { timeoutMs: 30_000, what: `a search on ${app.url} to find "${word}"` },
      );
    }
    const expected = await storedText();
    expect(expected).toContain("quokka");
    expect(expected).toContain("zebracrossing");
    for (const app of apps) {
      await waitFor(
        async () => {
          const body = (await (await api(app, `/documents/${documentId}`, tokens.writer2)).json()) as { document: { content: { text: string } } };
          return body.document.content.text === expected;
        },
        { timeoutMs: 20_000, what: `${app.url}'s derived text to equal the stored state` },
      );
    }
  });

  test("a revoked member's sockets close on both processes", { timeout: 60_000 }, async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    const onA = connect(a, tokens.leaver);
    const onB = connect(b, tokens.leaver);
    const bystander = connect(b, tokens.writer2);
    await waitFor(() => onA.provider.synced && onB.provider.synced && bystander.provider.synced, { timeoutMs: 20_000, what: "the sockets to sync" });
    // Signing out everywhere through process 1 ends the member's credentials and their sockets on process 2 too.
    const response = await api(a, "/auth/logout-everywhere", tokens.leaver, { method: "POST" });
    expect(response.status).toBe(200);
    await waitFor(() => onA.closes.some((c) => c.code === 4403) && onB.closes.some((c) => c.code === 4403), {
      timeoutMs: 10_000,
      what: "4403 on both processes",
    });
    expect(bystander.closes).toEqual([]);
    expect(bystander.provider.wsconnected).toBe(true);
  });

  test("a client's comment event stream on one process hears of a thread for it made through the other, and not of an internal one", { timeout: 60_000 }, async () => {
    const [a, b] = apps as [AppProcess, AppProcess];
    const auth = createAuthService({ db: db.prisma });
    const { user, organization } = await createUser(auth, { role: "CLIENT", organizationName: "Cluster Client", name: "Cleo Client" });
    const clientToken = (await auth.createApiToken(await viewerOf(db.prisma, user.id), { name: "cluster test" })).token;
    const post = (pathname: string, body: Record<string, unknown>) =>
      api(a, pathname, tokens.writer1, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    const created = await post("/documents", {
      kind: "PLAYBOOK",
      title: "Cluster shared",
      status: "PUBLISHED",
      markdown: "Governing law: England.",
      visibility: "SHARED",
      sharedWithOrganizationIds: [organization!.id],
    });
    expect(created.status).toBe(201);
    const shared = ((await created.json()) as { document: { id: string } }).document.id;

    const abort = new AbortController();
    const response = await api(b, `/documents/${shared}/comment-events`, clientToken, { signal: abort.signal });
    expect(response.status).toBe(200);
    const stream = readEventStream(response);
    try {
      // In order over the bus: had the internal thread's signal reached the client, it would be first.
      expect((await post(`/documents/${shared}/comments`, { quote: "England", body: "Internal." })).status).toBe(201);
      expect((await post(`/documents/${shared}/comments`, { quote: "England", body: "For you.", visibility: "CLIENT", clientOrganizationId: organization!.id })).status).toBe(201);
      await waitFor(() => stream.events.length >= 1, { timeoutMs: 10_000, what: "process 2's stream to hear of the thread" });
      expect(stream.events).toEqual(["changed"]);
    } finally {
      abort.abort();
    }
  });

  test("SIGKILL of the deriving process mid-typing loses nothing any client saw; clients reconnect to the other, which takes over deriving", { timeout: 120_000 }, async () => {
    // The process that holds the document's derivation lease is the one killed.
    const peek = new Redis(redis.url);
    const holder = await peek.get(`precedent:derive:${documentId}`).finally(() => peek.quit());
    const a = apps.find((app) => app.processId === holder);
    const b = apps.find((app) => app !== a);
    if (!a || !b) throw new Error(`no process holds the derivation lease (holder: ${holder})`);
    const typist = connect(a, tokens.writer1);
    const watcher = connect(b, tokens.writer2);
    await waitFor(() => typist.provider.synced && watcher.provider.synced, { timeoutMs: 20_000, what: "both to sync" });

    let seenByWatcher = "";
    watcher.doc.on("update", () => {
      const text = fragmentText(watcher.doc);
      if (!seenByWatcher && text.split("\n").filter((l) => l.startsWith("Kill line")).length >= 15) {
        // Killed while the typist is still typing: whatever the watcher holds now, the database must hold too.
        seenByWatcher = text;
        a.child.kill("SIGKILL");
      }
    });
    for (let i = 1; i <= 200 && !seenByWatcher; i++) {
      addParagraph(typist.doc, `Kill line ${i}`);
      addParagraph(watcher.doc, `Watcher line ${i}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await waitFor(() => seenByWatcher, { timeoutMs: 20_000, what: "the watcher to see 15 lines" });
    expect(await a.exited).toBe("SIGKILL");
    a.forget();

    // The typist's client reconnects to the surviving process with the same document.
    typist.provider.destroy();
    const back = connect(b, tokens.writer1, { doc: typist.doc });
    await waitFor(() => back.provider.synced, { timeoutMs: 20_000, what: "the typist to reconnect to process 2" });
    await waitFor(() => fragmentText(back.doc) === fragmentText(watcher.doc), { timeoutMs: 20_000, what: "the clients to converge again" });

    const stored = await storedText();
    for (const line of seenByWatcher.split("\n")) expect(stored.split("\n")).toContain(line);
    await waitFor(async () => (await storedText()) === fragmentText(watcher.doc), { timeoutMs: 20_000, what: "everything the clients hold to be stored" });
    // The dead process held the derivation lease: the survivor takes it over when it runs out.
    await waitFor(
      async () => {
        const body = (await (await api(b, `/documents/${documentId}`, tokens.writer2)).json()) as { document: { content: { text: string } } };
        return body.document.content.text === (await storedText());
      },
      { timeoutMs: 40_000, what: "the derived text to catch up with the stored state on the survivor" },
    );
  });
});
