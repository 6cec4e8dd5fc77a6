// What the sync server stores, and when: every update durable before anyone sees it, nothing
// stored when a load fails, compaction that keeps content identical, derivation after ≈1 s.
import * as Y from "yjs";
import { beforeAll, describe, expect, test } from "vitest";
import { COLLAB_DERIVE_DEBOUNCE_MS } from "../../server/config.ts";
import { applyJsonAsUpdate, markdownToJson } from "../../server/documents/derive.ts";
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
let editor: Awaited<ReturnType<typeof createMember>>;
let editor2: Awaited<ReturnType<typeof createMember>>;

async function start(options: Parameters<typeof startCollab>[1] = {}) {
  const harness = await startCollab(db(), options);
  open.push(harness);
  return harness;
}

function client(harness: CollabHarness, documentId: string, token: string, doc?: Y.Doc) {
  const c = connectClient(harness.wsUrl, documentId, { token }, { doc });
  open.push(c);
  return c;
}

const synced = (c: TestClient) => waitFor(() => c.provider.synced, { what: "the client to sync" });
const updateCount = (documentId: string) => db().prisma.documentUpdate.count({ where: { documentId } });
const row = (documentId: string) => db().prisma.document.findUniqueOrThrow({ where: { id: documentId } });

beforeAll(async () => {
  const setup = await startCollab(db());
  editor = await createMember(db(), setup.services, "EDITOR");
  editor2 = await createMember(db(), setup.services, "EDITOR");
  await setup.close();
});


describe("collab persistence", () => {
  test("every update is in the log before another client sees it; killing the sockets loses nothing", async () => {
    const real = createDocumentStateStore({ db: db().prisma });
    // A shadow of what has been committed: append resolves only after the row is in the database.
    // A slow disk (20 ms per statement) makes relaying before storing show up here every time.
    const committed = new Y.Doc();
    const store: DocumentStateStore = {
      ...real,
      async appendMany(documentId, updates) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const result = await real.appendMany(documentId, updates);
        for (const { update } of updates) Y.applyUpdate(committed, update);
        return result;
      },
    };
    const harness = await start({ store, limits: { deriveDebounceMs: 60_000, deriveMaxWaitMs: 60_000 } });
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(harness, doc.id, editor.token);
    const b = client(harness, doc.id, editor2.token);
    await Promise.all([synced(a), synced(b)]);

    const violations: string[] = [];
    b.doc.on("update", () => {
      const seen = Y.encodeStateVector(b.doc);
      const stored = Y.decodeStateVector(Y.encodeStateVector(committed));
      for (const [clientId, clock] of Y.decodeStateVector(seen)) {
        if (clientId === b.doc.clientID) continue;
        if ((stored.get(clientId) ?? 0) < clock) violations.push(`client ${clientId}: seen ${clock}, stored ${stored.get(clientId) ?? 0}`);
      }
    });
    for (let i = 1; i <= 20; i++) {
      addParagraph(a.doc, `Line ${i}`);
      if (i % 5 === 0) await waitFor(() => fragmentText(b.doc).endsWith(`Line ${i}`), { what: `B to see line ${i}` });
    }
    expect(violations).toEqual([]);
    const seenByB = fragmentText(b.doc);

    // No flush, no compaction, no goodbye: what the database holds is what a restart would load.
    harness.killSockets();
    const reloaded = await createDocumentStateStore({ db: db().prisma }).load(doc.id);
    expect(fragmentText(reloaded)).toBe(seenByB);
    // In the log, not compacted: merged per sender and statement, so there may be fewer rows than lines.
    expect(await updateCount(doc.id)).toBeGreaterThan(0);
    expect((await row(doc.id)).ydocState).toBeNull();
  });

  test("a failed load closes with 4500 and stores nothing over the stored state", async () => {
    consoleError.mockImplementation(() => {});
    const harness = await start();
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const corrupt = new Uint8Array([1, 2, 3, 4, 5, 6, 7]);
    await db().prisma.document.update({ where: { id: doc.id }, data: { ydocState: corrupt } });

    const local = new Y.Doc();
    addParagraph(local, "Offline edit that must not replace the stored document");
    const c = client(harness, doc.id, editor.token, local);
    await waitFor(() => c.closes.some((e) => e.code === 4500), { what: "close 4500" });

    const after = await row(doc.id);
    expect(Array.from(after.ydocState ?? [])).toEqual(Array.from(corrupt));
    expect(after.contentJson).toBeNull();
    expect(after.derivedAt).toBeNull();
    expect(await updateCount(doc.id)).toBe(0);
    expect(harness.collab.stats().rooms).toBe(0);
    expect(consoleError).toHaveBeenCalled();
  });

  test("compaction merges the log into ydocState with identical content, and unloading an idle room compacts the rest", async () => {
    const harness = await start({ limits: { compactAfterUpdates: 5, roomIdleMs: 100 } });
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(harness, doc.id, editor.token);
    await synced(a);
    for (let i = 1; i <= 12; i++) {
      addParagraph(a.doc, `Clause ${i}`);
      // Stored before the next is typed: a row (or more) per clause, not one merged row for several.
      await waitFor(async () => fragmentText(await harness.services.documentState.load(doc.id)).endsWith(`Clause ${i}`), { what: `clause ${i} stored` });
      await waitFor(async () => (await row(doc.id)).ydocState !== null || i < 5, { what: "a compaction" });
    }
    const expected = fragmentText(a.doc);
    await waitFor(async () => fragmentText(await harness.services.documentState.load(doc.id)) === expected, {
      what: "every update stored",
    });
    expect(await updateCount(doc.id)).toBeLessThan(12);

    a.destroy();
    await waitFor(async () => harness.collab.stats().rooms === 0 && (await updateCount(doc.id)) === 0, { what: "the idle room to unload" });
    const stored = await row(doc.id);
    const fromState = new Y.Doc();
    Y.applyUpdate(fromState, stored.ydocState ?? new Uint8Array());
    expect(fragmentText(fromState)).toBe(expected);
    expect(stored.contentText).toBe(expected);

    // A new client gets the compacted content.
    const b = client(harness, doc.id, editor2.token);
    await waitFor(() => fragmentText(b.doc) === expected, { what: "B to load the compacted content" });
  });

  test("derivation writes contentJson, text and sections soon after the last change", async () => {
    const harness = await start();
    const derived: string[] = [];
    harness.collab.onDerived((id) => derived.push(id));
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(harness, doc.id, editor.token);
    const b = client(harness, doc.id, editor2.token);
    await Promise.all([synced(a), synced(b)]);

    const markdown = [
      "# Limitation of liability",
      "",
      "Applies to {{counterparty}}.",
      "",
      ':::clause {id="cap" name="Liability cap" escalateTo="General Counsel"}',
      "",
      ":::preferred",
      "",
      "12 months' fees.",
      "",
      ":::",
      "",
      ":::fallback",
      "",
      "24 months' fees.",
      "",
      ":::",
      "",
      ":::",
    ].join("\n");
    const changedAt = Date.now();
    Y.applyUpdate(a.doc, applyJsonAsUpdate(a.doc, markdownToJson(markdown)));
    await waitFor(() => fragmentText(b.doc).includes("Limitation of liability"), { what: "B to see the change" });
    expect((await row(doc.id)).derivedAt).toBeNull();

    const stored = await waitFor(async () => {
      const r = await row(doc.id);
      return r.derivedAt ? r : null;
    });
    const delay = (stored.derivedAt?.getTime() ?? 0) - changedAt;
    // Debounced (not on every keystroke), yet soon enough for search's two-second promise.
    expect(delay).toBeGreaterThanOrEqual(COLLAB_DERIVE_DEBOUNCE_MS);
    expect(delay).toBeLessThan(COLLAB_DERIVE_DEBOUNCE_MS + 3000);
    expect(stored.contentText).toContain("Applies to {{counterparty}}.");
    expect(stored.contentJson).toMatchObject({ type: "doc", content: [{ type: "heading" }, { type: "paragraph" }, { type: "clausePosition" }] });
    expect(stored.sections).toEqual([
      expect.objectContaining({ anchor: "limitation-of-liability", kind: "heading", level: 1 }),
      expect.objectContaining({
        anchor: "clause-cap",
        kind: "clause",
        title: "Liability cap",
        clause: expect.objectContaining({ preferred: "12 months' fees.", fallbacks: ["24 months' fees."], escalateTo: "General Counsel" }),
      }),
    ]);
    expect(derived).toEqual([doc.id]);
  });

  test("applyUpdate with no room open goes to the log only; the next load applies it", async () => {
    const harness = await start();
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const update = applyJsonAsUpdate(new Y.Doc(), markdownToJson("Initial content"));
    await harness.collab.applyUpdate(doc.id, update, { userId: editor.user.id });
    expect(harness.collab.stats().rooms).toBe(0);
    expect(await updateCount(doc.id)).toBe(1);
    const a = client(harness, doc.id, editor.token);
    await waitFor(() => fragmentText(a.doc) === "Initial content", { what: "the client to load it" });
  });

  test("close() flushes: derives and compacts every open room before the database goes", async () => {
    const harness = await start();
    const doc = await createDocument(db(), { organizationId: editor.organization.id });
    const a = client(harness, doc.id, editor.token);
    await synced(a);
    addParagraph(a.doc, "Written just before shutdown");
    await waitFor(async () => (await updateCount(doc.id)) === 1, { what: "the update to be stored" });
    await harness.close();
    const stored = await row(doc.id);
    expect(stored.contentText).toBe("Written just before shutdown");
    expect(await updateCount(doc.id)).toBe(0);
    await waitFor(() => a.closes.some((e) => e.code === 1001), { what: "the client to be told the server is going away" });
  });
});
