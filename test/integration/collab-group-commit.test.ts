// Group commit (ADR 007): updates arriving while a statement is in flight go together in the
// next one; each is relayed only after its own row committed; a failed statement applies none.
import * as Y from "yjs";
import { beforeAll, describe, expect, test } from "vitest";
import { createDocumentStateStore, type DocumentStateStore } from "../../server/documents/state-store.ts";
import { consoleError } from "../setup/fail-on-console-error.ts";
import { useTestDatabase } from "../helpers/database.ts";
import {
  addParagraph,
  closeAfterEach,
  connectClient,
  createDocument,
  createMember,
  fragmentText,
  startCollab,
  waitFor,
  type CollabHarness,
  type TestClient,
} from "./collab-harness.ts";

const db = useTestDatabase();
const open = closeAfterEach();
let editors: Array<Awaited<ReturnType<typeof createMember>>> = [];

async function start(store: DocumentStateStore) {
  const harness = await startCollab(db(), { store, limits: { deriveDebounceMs: 60_000, deriveMaxWaitMs: 60_000 } });
  open.push(harness);
  return harness;
}

function client(harness: CollabHarness, documentId: string, token: string) {
  const c = connectClient(harness.wsUrl, documentId, { token });
  open.push(c);
  return c;
}

const synced = (c: TestClient) => waitFor(() => c.provider.synced, { what: "the client to sync" });
const deferred = () => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

beforeAll(async () => {
  const setup = await startCollab(db());
  editors = [];
  for (let i = 0; i < 3; i++) editors.push(await createMember(db(), setup.services, "EDITOR"));
  await setup.close();
});


describe("collab group commit", () => {
  test("a burst is stored in fewer statements and rows than updates, every client converges, and nothing is relayed before its row commits", async () => {
    const real = createDocumentStateStore({ db: db().prisma });
    const committed = new Y.Doc();
    const statements: number[] = [];
    const store: DocumentStateStore = {
      ...real,
      // A slow disk: 15 ms per statement, so a burst piles up behind each one.
      async appendMany(documentId, updates) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        const ids = await real.appendMany(documentId, updates);
        statements.push(updates.length);
        for (const { update } of updates) Y.applyUpdate(committed, update);
        return ids;
      },
    };
    const harness = await start(store);
    const doc = await createDocument(db(), { organizationId: editors[0]!.organization.id });
    const a = client(harness, doc.id, editors[0]!.token);
    const b = client(harness, doc.id, editors[1]!.token);
    await Promise.all([synced(a), synced(b)]);

    const violations: string[] = [];
    b.doc.on("update", () => {
      const seen = Y.encodeStateVector(b.doc);
      const missing = Y.encodeStateAsUpdate(b.doc, Y.encodeStateVector(committed));
      if (Y.decodeUpdate(missing).structs.length > 0) violations.push(`B saw ${seen.length} bytes of state not yet committed`);
    });

    const lines = Array.from({ length: 60 }, (_, i) => `Line ${i}`);
    for (const line of lines) addParagraph(a.doc, line);
    await waitFor(() => fragmentText(b.doc) === lines.join("\n"), { what: "B to converge", timeoutMs: 15_000 });

    expect(violations).toEqual([]);
    // One update per line; the updates one socket sent while a statement was in flight are merged into one row.
    const rows = statements.reduce((sum, n) => sum + n, 0);
    expect(statements.length).toBeLessThan(lines.length);
    expect(rows).toBeLessThan(lines.length);
    expect(fragmentText(await real.load(doc.id))).toBe(lines.join("\n"));
  });

  test("a failed statement closes every sender in it with 4503 and applies none of its updates; awareness does not wait for it", async () => {
    const real = createDocumentStateStore({ db: db().prisma });
    const gate = deferred();
    const failed: number[] = [];
    let calls = 0;
    const store: DocumentStateStore = {
      ...real,
      // The first statement waits for the gate and commits; every later one fails.
      async appendMany(documentId, updates) {
        calls += 1;
        if (calls === 1) {
          await gate.promise;
          return real.appendMany(documentId, updates);
        }
        failed.push(updates.length);
        throw new Error("disk full (injected)");
      },
    };
    const harness = await start(store);
    const doc = await createDocument(db(), { organizationId: editors[0]!.organization.id });
    const [a, b, c] = editors.map((e) => client(harness, doc.id, e.token));
    await Promise.all([a, b, c].map((x) => synced(x!)));

    addParagraph(c!.doc, "From C");
    await waitFor(() => calls === 1, { what: "C's statement to start" });
    addParagraph(a!.doc, "From A");
    addParagraph(b!.doc, "From B");
    // Sent after the update on the same socket, so seen only once the update is waiting; and
    // relayed at once while C's statement is still in flight.
    a!.provider.awareness.setLocalStateField("user", { color: "#a0a" });
    b!.provider.awareness.setLocalStateField("user", { color: "#b0b" });
    const colors = () => [...c!.provider.awareness.getStates().values()].map((s) => (s.user as { color?: string } | undefined)?.color);
    await waitFor(() => colors().includes("#a0a") && colors().includes("#b0b"), { what: "awareness while a write is in flight" });
    expect(calls).toBe(1);

    consoleError.mockImplementation(() => {});
    gate.resolve();
    await waitFor(() => a!.closes.some((e) => e.code === 4503) && b!.closes.some((e) => e.code === 4503), { what: "4503 for A and B" });

    expect(failed[0]).toBe(2);
    expect(fragmentText(c!.doc)).toBe("From C");
    expect(fragmentText(await real.load(doc.id))).toBe("From C");
    expect(c!.closes).toEqual([]);
  });
});
