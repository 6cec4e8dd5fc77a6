// Suggest-only sockets (ADR 032) with real y-websocket clients against the real sync server: a
// viewer may suggest on a document only where an admin allows it, a client on their own
// deliverable's document only where its editors allow it, and then only suggestions in their own
// name are stored and reach the others; anything else is dropped and closes the socket.
import * as Y from "yjs";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import { CloseCodes } from "../../server/collab/close-codes.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, expectError } from "../helpers/http.ts";
import { addParagraph, connectClient, createMember, startCollab, upgradeStatus, waitFor, type CollabHarness, type TestClient } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let admin: Awaited<ReturnType<typeof createMember>>;
let editor: Awaited<ReturnType<typeof createMember>>;
let viewer: Awaited<ReturnType<typeof createMember>>;
const clients: TestClient[] = [];

function client(documentId: string, token: string) {
  const c = connectClient(harness.wsUrl, documentId, { token });
  clients.push(c);
  return c;
}

const synced = (c: TestClient) => waitFor(() => c.provider.synced, { what: "the client to sync" });
const updateCount = (documentId: string) => db().prisma.documentUpdate.count({ where: { documentId } });
/** The paragraphs' text, suggestions included, without their marks. */
const plainText = (doc: Y.Doc) =>
  doc
    .getXmlFragment("default")
    .toArray()
    .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((t) => (t as Y.XmlText).toDelta().map((d: { insert: string }) => d.insert).join("")).join("") : ""))
    .join("\n");
const storedText = async (documentId: string) => plainText(await harness.services.documentState.load(documentId));

let sequence = 0;
/** A paragraph proposed as an insertion, as the editor's Suggesting mode writes it: one update. */
function suggestParagraph(doc: Y.Doc, text: string, author: { id: string; name: string }) {
  doc.transact(() => {
    const paragraph = new Y.XmlElement("paragraph");
    doc.getXmlFragment("default").push([paragraph]);
    const inline = new Y.XmlText();
    paragraph.insert(0, [inline]);
    inline.insert(0, text, { insertion: { id: `s${++sequence}`, authorId: author.id, authorName: author.name, createdAt: new Date().toISOString() } });
  });
}

/** A published playbook (so a viewer reads its published version unless allowed to suggest). */
async function publishedPlaybook() {
  return harness.services.documents.create(editor.viewer, { kind: "PLAYBOOK", title: "Suggest-only test", status: "PUBLISHED", markdown: "Base text." });
}

beforeAll(async () => {
  harness = await startCollab(db());
  admin = await createMember(db(), harness.services, "ADMIN");
  editor = await createMember(db(), harness.services, "EDITOR");
  viewer = await createMember(db(), harness.services, "VIEWER");
});

afterEach(() => {
  for (const c of clients.splice(0)) c.destroy();
});

afterAll(async () => {
  await harness?.close();
});

describe("suggest-only sockets", () => {
  test("a viewer is refused until an admin allows suggesting; taking it back closes their socket (4403), not the editors'", async () => {
    const doc = await publishedPlaybook();
    const url = `${harness.wsUrl}/${doc.id}?token=`;
    expect(await upgradeStatus(url + viewer.token)).toMatchObject({ status: 403, messages: 0 });

    await harness.services.documents.update(admin.viewer, doc.id, { viewersMaySuggest: true });
    const e = client(doc.id, editor.token);
    const v = client(doc.id, viewer.token);
    await Promise.all([synced(e), synced(v)]);

    await harness.services.documents.update(admin.viewer, doc.id, { viewersMaySuggest: false });
    await waitFor(() => v.closes.some((c) => c.code === CloseCodes.AuthorizationChanged.code), { what: "the viewer's socket to re-check" });
    expect(await upgradeStatus(url + viewer.token)).toMatchObject({ status: 403, messages: 0 });
    // The editor kept editing throughout.
    addParagraph(e.doc, "Still editing");
    await waitFor(async () => (await storedText(doc.id)).includes("Still editing"), { what: "the editor's change to be stored" });
    expect(e.closes).toEqual([]);
  });

  test("with it allowed, a viewer's suggestion is stored and reaches an editor; a plain edit is not stored, not relayed, and closes with 4422", async () => {
    const doc = await publishedPlaybook();
    await harness.services.documents.update(admin.viewer, doc.id, { viewersMaySuggest: true });
    const e = client(doc.id, editor.token);
    const v = client(doc.id, viewer.token);
    await Promise.all([synced(e), synced(v)]);
    expect(plainText(v.doc)).toBe("Base text.");

    const storedBefore = await updateCount(doc.id);
    suggestParagraph(v.doc, "Proposed wording", viewer.user);
    await waitFor(() => plainText(e.doc).includes("Proposed wording"), { what: "the editor to see the suggestion" });
    expect(await updateCount(doc.id)).toBe(storedBefore + 1);
    expect(await storedText(doc.id)).toContain("Proposed wording");
    expect(e.doc.getXmlFragment("default").toJSON()).toContain(`authorId="${viewer.user.id}"`);

    // Editing the text itself: dropped, and the socket is closed (its copy has diverged).
    addParagraph(v.doc, "Sneaky plain edit");
    await waitFor(() => v.closes.some((c) => c.code === 4422 && c.reason === "NotASuggestion"), { what: "the viewer's socket to close with 4422" });

    // A round trip through the editor proves the refused update had its turn and went nowhere.
    addParagraph(e.doc, "Editor after");
    await waitFor(async () => (await storedText(doc.id)).includes("Editor after"), { what: "the editor's change to be stored" });
    expect(plainText(e.doc)).not.toContain("Sneaky");
    expect(await storedText(doc.id)).not.toContain("Sneaky");
    expect(await updateCount(doc.id)).toBe(storedBefore + 2);
  });

  test("a suggestion in someone else's name, or a change to someone else's suggestion, is refused with 4422", async () => {
    const doc = await publishedPlaybook();
    await harness.services.documents.update(admin.viewer, doc.id, { viewersMaySuggest: true });
    const e = client(doc.id, editor.token);
    await synced(e);
    suggestParagraph(e.doc, "The editor's proposal", editor.user);
    await waitFor(async () => (await storedText(doc.id)).includes("The editor's proposal"), { what: "the editor's suggestion to be stored" });

    const impostor = client(doc.id, viewer.token);
    await synced(impostor);
    suggestParagraph(impostor.doc, "Posing as the editor", editor.user);
    await waitFor(() => impostor.closes.some((c) => c.code === 4422), { what: "the impostor's socket to close" });

    const withdrawer = client(doc.id, viewer.token);
    await synced(withdrawer);
    const proposal = withdrawer.doc.getXmlFragment("default").get(1) as Y.XmlElement;
    (proposal.get(0) as Y.XmlText).delete(0, 4);
    await waitFor(() => withdrawer.closes.some((c) => c.code === 4422), { what: "the withdrawer's socket to close" });

    addParagraph(e.doc, "Round trip");
    await waitFor(async () => (await storedText(doc.id)).includes("Round trip"), { what: "the round trip" });
    expect(plainText(e.doc)).toBe("Base text.\nThe editor's proposal\nRound trip");
    expect(await storedText(doc.id)).toBe("Base text.\nThe editor's proposal\nRound trip");
  });

  test("an editor's socket on the same document is not suggest-only: their plain edits are stored", async () => {
    const doc = await publishedPlaybook();
    await harness.services.documents.update(admin.viewer, doc.id, { viewersMaySuggest: true });
    const e = client(doc.id, editor.token);
    await synced(e);
    addParagraph(e.doc, "Plain edit by an editor");
    await waitFor(async () => (await storedText(doc.id)).includes("Plain edit by an editor"), { what: "the edit to be stored" });
    expect(e.closes).toEqual([]);
  });
});

describe("clients suggesting on their own deliverables", () => {
  let pm: Awaited<ReturnType<typeof createMember>>;
  let teamViewer: Awaited<ReturnType<typeof createMember>>;
  let clientA: Awaited<ReturnType<typeof createMember>>;
  let clientB: Awaited<ReturnType<typeof createMember>>;
  let mandateId: string;
  let deliverableId: string;

  const api = (token: string) => {
    const c = createClient(harness.url);
    return {
      post: (path: string, json: unknown) => c.request(`/api/v1${path}`, { method: "POST", json, bearer: token }),
      patch: (path: string, json: unknown) => c.request(`/api/v1${path}`, { method: "PATCH", json, bearer: token }),
      get: (path: string) => c.request(`/api/v1${path}`, { bearer: token }),
      delete: (path: string) => c.request(`/api/v1${path}`, { method: "DELETE", bearer: token }),
    };
  };
  const created = async <T>(response: Response): Promise<T> => {
    expect(response.status, await response.clone().text()).toBe(201);
    return (await response.json()) as T;
  };
  /** Client A's material on the mandate, published and shared with client A (what a client reads), linked to the deliverable or not. */
  async function clientDocument({ linked = true } = {}) {
    const { document } = await created<{ document: { id: string } }>(
      await api(pm.token).post("/documents", {
        kind: "PRECEDENT",
        title: "NDA for Client A",
        mandateId,
        status: "PUBLISHED",
        visibility: "SHARED",
        sharedWithOrganizationIds: [clientA.organization!.id],
        markdown: "Base text.",
      }),
    );
    if (linked) await created(await api(pm.token).post(`/mandates/${mandateId}/resources`, { documentId: document.id, deliverableId }));
    return document;
  }
  const allowClient = async (documentId: string, on = true) => expect((await api(pm.token).patch(`/documents/${documentId}`, { clientMaySuggest: on })).status).toBe(200);

  beforeAll(async () => {
    pm = await createMember(db(), harness.services, "EDITOR");
    teamViewer = await createMember(db(), harness.services, "VIEWER");
    clientA = await createMember(db(), harness.services, "CLIENT", "Suggesting Client A");
    clientB = await createMember(db(), harness.services, "CLIENT", "Suggesting Client B");
    const { mandate } = await created<{ mandate: { id: string } }>(
      await api(pm.token).post("/mandates", {
        clientOrganizationId: clientA.organization!.id,
        title: "Client A NDAs",
        reference: `CA-${Math.random().toString(36).slice(2, 8)}`,
        pricingModel: "FIXED_PER_DELIVERABLE",
        currency: "EUR",
        budget: "5,000.00",
        startDate: "2026-01-05",
        memberIds: [teamViewer.user.id],
      }),
    );
    mandateId = mandate.id;
    expect((await api(pm.token).patch(`/mandates/${mandateId}`, { status: "ACTIVE" })).status).toBe(200);
    const { deliverables } = await created<{ deliverables: { id: string }[] }>(
      await api(pm.token).post(`/mandates/${mandateId}/deliverables`, { title: "NDA", type: "NDA", dueDate: "2026-02-01", fee: "500" }),
    );
    deliverableId = deliverables[0]!.id;
  });

  test("the switch: a viewer on the team or the client is refused (403), a document not made for a deliverable is a 409, the PM's is audited", async () => {
    const doc = await clientDocument();
    const unlinked = await clientDocument({ linked: false });
    const house = (await created<{ document: { id: string } }>(await api(pm.token).post("/documents", { kind: "PLAYBOOK", title: "House", status: "PUBLISHED" }))).document;

    await expectError(await api(teamViewer.token).patch(`/documents/${doc.id}`, { clientMaySuggest: true }), 403, "forbidden");
    await expectError(await api(clientA.token).patch(`/documents/${doc.id}`, { clientMaySuggest: true }), 403, "forbidden");
    const notLinked = await expectError(await api(pm.token).patch(`/documents/${unlinked.id}`, { clientMaySuggest: true }), 409, "not_a_deliverable");
    expect(notLinked.error.message).toContain("not linked to a deliverable");
    const notClient = await expectError(await api(pm.token).patch(`/documents/${house.id}`, { clientMaySuggest: true }), 409, "not_a_deliverable");
    expect(notClient.error.message).toContain("House knowledge");
    const clientReads = async (id: string) => ((await (await api(clientA.token).get(`/documents/${id}`)).json()) as { document: Record<string, unknown> }).document;
    expect(await clientReads(doc.id)).toMatchObject({ abilities: { readDraft: false, suggest: false } });
    expect(await clientReads(unlinked.id)).toMatchObject({ abilities: { suggest: false } });
    expect(await db().prisma.document.count({ where: { id: { in: [doc.id, unlinked.id, house.id] }, clientMaySuggest: true } })).toBe(0);

    await allowClient(doc.id);
    const shownToPm = ((await (await api(pm.token).get(`/documents/${doc.id}`)).json()) as { document: Record<string, unknown> }).document;
    expect(shownToPm).toMatchObject({ clientMaySuggest: true });
    // The client suggests on the draft, so reads it; never edits it, and is not told about the switch.
    const shownToClient = await clientReads(doc.id);
    expect(shownToClient).toMatchObject({ abilities: { update: false, readDraft: true, suggest: true } });
    expect(shownToClient.clientMaySuggest).toBeUndefined();
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: doc.id, actorId: pm.user.id, action: "document.updated" } })).toMatchObject({
      data: { before: { clientMaySuggest: false }, after: { clientMaySuggest: true } },
    });
  });

  test("the client's socket is refused until the PM allows it; then their suggestion is stored and reaches an editor, a plain edit closes 4422 and is not stored", async () => {
    const doc = await clientDocument();
    const url = `${harness.wsUrl}/${doc.id}?token=`;
    expect(await upgradeStatus(url + clientA.token)).toMatchObject({ status: 403, messages: 0 });

    await allowClient(doc.id);
    const e = client(doc.id, pm.token);
    const c = client(doc.id, clientA.token);
    await Promise.all([synced(e), synced(c)]);
    expect(plainText(c.doc)).toBe("Base text.");

    const storedBefore = await updateCount(doc.id);
    suggestParagraph(c.doc, "Client's proposal", clientA.user);
    await waitFor(() => plainText(e.doc).includes("Client's proposal"), { what: "the editor to see the client's suggestion" });
    expect(await storedText(doc.id)).toContain("Client's proposal");
    expect(e.doc.getXmlFragment("default").toJSON()).toContain(`authorId="${clientA.user.id}"`);
    expect(await updateCount(doc.id)).toBe(storedBefore + 1);

    addParagraph(c.doc, "Client's plain edit");
    await waitFor(() => c.closes.some((x) => x.code === 4422 && x.reason === "NotASuggestion"), { what: "the client's socket to close with 4422" });
    addParagraph(e.doc, "Editor after");
    await waitFor(async () => (await storedText(doc.id)).includes("Editor after"), { what: "the editor's change to be stored" });
    expect(plainText(e.doc)).not.toContain("Client's plain edit");
    expect(await storedText(doc.id)).not.toContain("Client's plain edit");
    expect(e.closes).toEqual([]);
  });

  test("turning it off closes the client's socket (4403) and refuses the next one; a member of another client is refused even with it on", async () => {
    const doc = await clientDocument();
    await allowClient(doc.id);
    const url = `${harness.wsUrl}/${doc.id}?token=`;
    // Client B reads nothing of client A's material: not found, as on the HTTP API.
    expect(await upgradeStatus(url + clientB.token)).toMatchObject({ status: 404, messages: 0 });

    const e = client(doc.id, pm.token);
    const c = client(doc.id, clientA.token);
    await Promise.all([synced(e), synced(c)]);
    await allowClient(doc.id, false);
    await waitFor(() => c.closes.some((x) => x.code === CloseCodes.AuthorizationChanged.code), { what: "the client's socket to re-check" });
    expect(await upgradeStatus(url + clientA.token)).toMatchObject({ status: 403, messages: 0 });
    expect(e.closes).toEqual([]);
  });

  test("unlinking the document from the client's last deliverable closes it to their suggestions: the socket re-checks (4403), the switch is off and audited", async () => {
    const doc = await clientDocument();
    await allowClient(doc.id);
    const c = client(doc.id, clientA.token);
    await synced(c);
    const link = await db().prisma.resourceLink.findFirstOrThrow({ where: { documentId: doc.id } });
    expect((await api(pm.token).delete(`/mandates/${mandateId}/resources/${link.id}`)).status).toBe(204);
    await waitFor(() => c.closes.some((x) => x.code === CloseCodes.AuthorizationChanged.code), { what: "the client's socket to re-check" });
    expect(await upgradeStatus(`${harness.wsUrl}/${doc.id}?token=${clientA.token}`)).toMatchObject({ status: 403, messages: 0 });
    expect(await db().prisma.document.findUniqueOrThrow({ where: { id: doc.id }, select: { clientMaySuggest: true } })).toEqual({ clientMaySuggest: false });
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: doc.id, action: "document.updated", data: { path: ["because"], equals: "unlinked from its client's last deliverable" } } })).toMatchObject({
      actorId: pm.user.id,
      data: { before: { clientMaySuggest: true }, after: { clientMaySuggest: false } },
    });
  });
});
