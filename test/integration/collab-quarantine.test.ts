// One undecodable update row no longer makes a document uneditable (ADR 023): it is moved aside
// into QuarantinedUpdate, logged with its row id and the Yjs error, and the document opens, edits
// and saves versions from the rest. An admin sees the report; nobody else does.
import * as Y from "yjs";
import { beforeAll, describe, expect, test } from "vitest";
import { createClient } from "../helpers/http.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { consoleError } from "../setup/fail-on-console-error.ts";
import { addParagraph, closeAfterEach, connectClient, createDocument, createMember, fragmentText, startCollab, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
const open = closeAfterEach();
const ORG = "Quarantine Provider";


let harness: CollabHarness;
beforeAll(async () => {
  harness = await startCollab(db());
});

/** Two good updates with a garbage row between them, as the log holds them. */
async function logWithGarbage(documentId: string) {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => updates.push(u));
  addParagraph(doc, "Before");
  addParagraph(doc, "After");
  doc.destroy();
  const row = (data: Uint8Array) => db().prisma.documentUpdate.create({ data: { documentId, data: new Uint8Array(data) } });
  await row(updates[0]!);
  const garbage = await row(new Uint8Array([9, 9, 9]));
  await row(updates[1]!);
  return garbage.id;
}

describe("a corrupt update row", () => {
  test("is quarantined; the document opens, edits and saves a version; only an admin is told", { timeout: 60_000 }, async () => {
    open.push(harness);
    const admin = await createMember(db(), harness.services, "ADMIN", ORG);
    const editor = await createMember(db(), harness.services, "EDITOR", ORG);
    const document = await createDocument(db(), { organizationId: admin.organization.id, ownerId: editor.user.id });
    const garbageId = await logWithGarbage(document.id);
    const logged: unknown[][] = [];
    consoleError.mockImplementation((...args: unknown[]) => void logged.push(args));

    const client = connectClient(harness.wsUrl, document.id, { token: editor.token });
    open.push(client);
    await waitFor(() => client.provider.synced, { timeoutMs: 20_000, what: "the client to sync" });
    expect(fragmentText(client.doc)).toBe("Before\nAfter");
    addParagraph(client.doc, "Edited");
    await waitFor(async () => (await db().prisma.documentUpdate.count({ where: { documentId: document.id } })) === 3, {
      what: "the edit to be stored",
    });
    expect(client.closes).toEqual([]);

    // Moved aside, not lost: the row's bytes, its id and the error are kept; the log no longer has it.
    const quarantined = await db().prisma.quarantinedUpdate.findMany({ where: { documentId: document.id } });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0]).toMatchObject({ updateId: garbageId, data: new Uint8Array([9, 9, 9]) });
    expect(quarantined[0]!.error).not.toBe("");
    expect(await db().prisma.documentUpdate.count({ where: { id: garbageId } })).toBe(0);
    const line = logged.map((args) => args.map(String).join(" ")).find((l) => l.includes("quarantined"));
    expect(line).toContain(String(garbageId));
    expect(line).toContain(quarantined[0]!.error);

    const api = createClient(harness.url);
    const saved = await api.post(`/api/v1/documents/${document.id}/versions`, { name: "After the bad row" }, { bearer: editor.token, origin: null });
    expect(saved.status).toBe(201);
    const version = await db().prisma.documentVersion.findFirstOrThrow({ where: { documentId: document.id } });
    expect(version.contentText).toBe("Before\nAfter\nEdited");

    const asAdmin = (await (await api.get(`/api/v1/documents/${document.id}`, { bearer: admin.token })).json()) as {
      document: { quarantinedUpdates: { count: number; lastAt: string } | null };
    };
    expect(asAdmin.document.quarantinedUpdates).toEqual({ count: 1, lastAt: quarantined[0]!.quarantinedAt.toISOString() });
    const asEditor = (await (await api.get(`/api/v1/documents/${document.id}`, { bearer: editor.token })).json()) as {
      document: { quarantinedUpdates: unknown };
    };
    expect(asEditor.document.quarantinedUpdates).toBeNull();
  });
});
