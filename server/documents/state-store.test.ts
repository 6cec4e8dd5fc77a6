import * as Y from "yjs";
import { beforeAll, describe, expect, test } from "vitest";
import { useTestDatabase } from "../../test/helpers/database.ts";
import { createUser } from "../../test/factories/users.ts";
import { createAuthService } from "../auth/service.ts";
import { deriveContent } from "./derive.ts";
import { createDocumentStateStore, DocumentStateError, type DocumentStateStore } from "./state-store.ts";

const db = useTestDatabase();
let store: DocumentStateStore;
let organizationId: string;

const newDocument = () => db().prisma.document.create({ data: { organizationId, kind: "PLAYBOOK", title: "State" } });

/** Successive updates from one editing doc, each adding a paragraph. */
function edits(texts: string[]) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  for (const text of texts) {
    const p = new Y.XmlElement("paragraph");
    p.insert(0, [new Y.XmlText(text)]);
    doc.getXmlFragment("default").push([p]);
  }
  return { doc, updates };
}

const textOf = (doc: Y.Doc) => deriveContent(doc).text;

beforeAll(async () => {
  store = createDocumentStateStore({ db: db().prisma });
  const { organization } = await createUser(createAuthService({ db: db().prisma }), { role: "EDITOR" });
  organizationId = organization.id;
});

async function errorOf(promise: Promise<unknown>) {
  return promise.then(
    () => null,
    (e: unknown) => e,
  );
}

describe("document state store", () => {
  test("load = compacted state + every logged update after it, in id order", async () => {
    const { id } = await newDocument();
    const { updates } = edits(["one", "two", "three"]);
    for (const u of updates) await store.append(id, u, null);
    const loaded = await store.loadState(id);
    expect(textOf(loaded.doc)).toBe("one\ntwo\nthree");
    expect(loaded.logLength).toBe(3);
    expect(loaded.storedBytes).toBe(updates.reduce((n, u) => n + u.length, 0));
  });

  test("a new document loads as an empty doc", async () => {
    const { id } = await newDocument();
    expect(textOf(await store.load(id))).toBe("");
  });

  test("a missing document and an unreadable state throw; nothing is written", async () => {
    expect(await errorOf(store.load("no-such-document"))).toMatchObject({ name: "DocumentStateError", kind: "not_found" });
    const { id } = await newDocument();
    await db().prisma.document.update({ where: { id }, data: { ydocState: new Uint8Array([9, 9, 9]) } });
    const error = await errorOf(store.load(id));
    expect(error).toBeInstanceOf(DocumentStateError);
    expect(error).toMatchObject({ kind: "corrupt", documentId: id });
    const row = await db().prisma.document.findUniqueOrThrow({ where: { id } });
    expect(Array.from(row.ydocState ?? [])).toEqual([9, 9, 9]);
  });

  test("a load the database cannot answer throws 'unavailable'", async () => {
    const broken = createDocumentStateStore({
      db: new Proxy(db().prisma, {
        get: (target, p) =>
          p === "documentUpdate" ? { findMany: () => Promise.reject(new Error("connection lost")) } : Reflect.get(target, p),
      }),
    });
    expect(await errorOf(broken.load("anything"))).toMatchObject({ kind: "unavailable" });
  });

  test("compaction merges the log into ydocState, deletes exactly the merged rows, and keeps content identical", async () => {
    const { id } = await newDocument();
    const { doc, updates } = edits(["a", "b", "c", "d"]);
    for (const u of updates.slice(0, 3)) await store.append(id, u, null);
    expect(await store.compact(id)).toMatchObject({ merged: 3 });
    expect(await db().prisma.documentUpdate.count({ where: { documentId: id } })).toBe(0);
    await store.append(id, updates[3]!, null);
    expect(textOf(await store.load(id))).toBe(textOf(doc));
    expect(await store.compact(id)).toMatchObject({ merged: 1 });
    expect(await store.compact(id)).toMatchObject({ merged: 0 });
    const state = (await db().prisma.document.findUniqueOrThrow({ where: { id } })).ydocState;
    const fromState = new Y.Doc();
    Y.applyUpdate(fromState, state!);
    expect(textOf(fromState)).toBe("a\nb\nc\nd");
  });

  test("an update appended while compaction runs stays in the log", async () => {
    const { id } = await newDocument();
    const { updates } = edits(["first", "second"]);
    await store.append(id, updates[0]!, null);
    const [result] = await Promise.all([store.compact(id), store.append(id, updates[1]!, null)]);
    const left = await db().prisma.documentUpdate.count({ where: { documentId: id } });
    expect(result.merged + left).toBe(2);
    expect(textOf(await store.load(id))).toBe("first\nsecond");
  });

  test("saveDerived writes the derived columns; null for a document that is gone", async () => {
    const { id } = await newDocument();
    const { doc } = edits(["Derived"]);
    const at = new Date("2026-01-02T03:04:05Z");
    expect(await store.saveDerived(id, deriveContent(doc), at)).toEqual({ published: false });
    const row = await db().prisma.document.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ contentText: "Derived", derivedAt: at, sections: [] });
    expect(row.contentJson).toMatchObject({ type: "doc", content: [{ type: "paragraph" }] });
    expect(await store.saveDerived("gone", deriveContent(doc))).toBeNull();
  });

  test("saveDerived says when a version is in force (search indexes that, so typing need not re-index)", async () => {
    const { id } = await newDocument();
    const { doc } = edits(["Next draft"]);
    const version = await db().prisma.documentVersion.create({
      data: { documentId: id, number: 1, name: "Published", reason: "PUBLISH", ydocState: new Uint8Array([0, 0]), contentJson: {}, contentText: "" },
    });
    await db().prisma.document.update({ where: { id }, data: { publishedVersionId: version.id, status: "PUBLISHED" } });
    expect(await store.saveDerived(id, deriveContent(doc))).toEqual({ published: true });
  });

  test("a corrupt log row is quarantined on load and on compaction; the rest loads and merges", async () => {
    const { id } = await newDocument();
    const { updates } = edits(["kept", "also kept"]);
    await store.append(id, updates[0]!, null);
    const bad = await store.append(id, new Uint8Array([1, 2, 3, 4, 5]), "someone");
    await store.append(id, updates[1]!, null);
    // Through compaction (no load first): merged without the bad row, which is set aside.
    expect(await store.compact(id)).toMatchObject({ merged: 2, quarantined: 1 });
    const aside = await db().prisma.quarantinedUpdate.findMany({ where: { documentId: id } });
    expect(aside).toMatchObject([{ updateId: bad.id, userId: "someone", data: new Uint8Array([1, 2, 3, 4, 5]) }]);
    expect(textOf(await store.load(id))).toBe("kept\nalso kept");
    // Through a load: the row goes aside and the load reports only the good rows.
    const worse = await store.append(id, new Uint8Array([7, 7, 7]), null);
    const loaded = await store.loadState(id);
    expect(loaded).toMatchObject({ logLength: 0, derivedStale: true });
    expect(await db().prisma.documentUpdate.count({ where: { documentId: id } })).toBe(0);
    expect(await db().prisma.quarantinedUpdate.count({ where: { documentId: id, updateId: worse.id } })).toBe(1);
  });
});

describe("loading many documents at once", () => {
  test("documents loaded together (a storm opening many rooms) each get their own state and log; a missing one fails alone", async () => {
    const [one, two] = [await newDocument(), await newDocument()];
    for (const u of edits(["One", "More of one"]).updates) await store.append(one.id, u, null);
    for (const u of edits(["Two"]).updates) await store.append(two.id, u, null);
    await store.compact(two.id); // "Two" moves into the stored state: one document from its state, the other from its log

    const [a, b, missing] = await Promise.allSettled([store.loadState(one.id), store.loadState(two.id), store.loadState("no-such-document")]);
    expect(a.status === "fulfilled" && textOf(a.value.doc)).toBe("One\nMore of one");
    expect(a.status === "fulfilled" && a.value.logLength).toBe(2);
    expect(b.status === "fulfilled" && textOf(b.value.doc)).toBe("Two");
    expect(missing.status === "rejected" && (missing.reason as DocumentStateError).kind).toBe("not_found");
  });
});
