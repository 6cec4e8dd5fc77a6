// Retention (ADR 021): deleting moves to the trash, restoring brings a document back whole, the
// purge removes only what is past the trash period and not retained, legal holds stop both.
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedMandate } from "../../server/mandates/presenter.ts";
import type { PresentedHold, PresentedTrashItem } from "../../server/retention/presenter.ts";
import { purgeTrash } from "../../server/retention/purge.ts";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let admin: Client;
let editor: Client;
let otherEditor: Client;
let staffViewer: Client;
let clientA: Client;
let clientAId: string;
let clientBId: string;

const DAY = 24 * 60 * 60 * 1000;
const body = async <T>(response: Response) => (await response.json()) as T;

async function createDocument(client: Client, input: Record<string, unknown>) {
  const response = await client.post("/api/v1/documents", { kind: "PLAYBOOK", status: "PUBLISHED", ...input });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ document: { id: string } }>(response)).document.id;
}

async function createMandate(clientOrganizationId: string, status: "PROPOSED" | "ACTIVE" = "ACTIVE", by = editor) {
  const response = await by.post("/api/v1/mandates", {
    clientOrganizationId,
    title: "Retention matter",
    reference: `R-${Math.random().toString(36).slice(2, 8)}`,
    startDate: "2026-11-02",
    status,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budgetMinor: 500_000,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ mandate: PresentedMandate }>(response)).mandate;
}

async function linkedTitles(mandateId: string) {
  const { mandate } = await body<{ mandate: PresentedMandate }>(await editor.get(`/api/v1/mandates/${mandateId}`));
  return mandate.resources.map((r) => r.document.title);
}

async function searchTitles(client: Client, q: string) {
  await server.services.search.indexer.idle();
  const result = await body<PresentedSearchResult>(await client.get(`/api/v1/search?q=${q}`));
  return result.hits.map((h) => h.documentTitle);
}

const trash = async (client: Client) => (await body<{ items: PresentedTrashItem[] }>(await client.get("/api/v1/trash"))).items;

async function placeHold(target: { mandateId: string } | { clientOrganizationId: string }, reason = "Litigation expected: preserve everything") {
  const response = await admin.post("/api/v1/legal-holds", { ...target, reason });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ hold: PresentedHold }>(response)).hold;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = (await signInNewUser(server, "ADMIN", "Provider LLP")).client;
  editor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  otherEditor = (await signInNewUser(server, "EDITOR", "Provider LLP")).client;
  staffViewer = (await signInNewUser(server, "VIEWER", "Provider LLP")).client;
  const a = await signInNewUser(server, "CLIENT", "Client A");
  clientA = a.client;
  clientAId = a.organization.id;
  clientBId = (await signInNewUser(server, "CLIENT", "Client B")).organization.id;
});

describe("the trash", () => {
  test("a deleted document disappears for everyone, and restoring brings it back with its versions and links", async () => {
    const id = await createDocument(editor, {
      title: "Zebracorn playbook",
      markdown: "# Zebracorn\n\nThe zebracorn clause.",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientAId],
    });
    expect((await editor.post(`/api/v1/documents/${id}/versions`, { name: "Before trash" })).status).toBe(201);
    const versionsBefore = (await body<{ versions: unknown[] }>(await editor.get(`/api/v1/documents/${id}/versions`))).versions;
    const mandate = await createMandate(clientAId);
    expect((await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: id })).status).toBe(201);
    expect(await searchTitles(clientA, "zebracorn")).toEqual(["Zebracorn playbook"]);

    expect((await editor.delete(`/api/v1/documents/${id}`)).status).toBe(204);
    for (const client of [editor, admin, staffViewer, clientA]) {
      await expectError(await client.get(`/api/v1/documents/${id}`), 404, "document_not_found");
      const listed = await body<{ documents: { id: string }[] }>(await client.get("/api/v1/documents?pageSize=100"));
      expect(listed.documents.map((d) => d.id)).not.toContain(id);
    }
    expect(await searchTitles(editor, "zebracorn")).toEqual([]);
    expect(await searchTitles(clientA, "zebracorn")).toEqual([]);
    expect(await linkedTitles(mandate.id)).toEqual([]);
    // Deleting it again finds nothing: it is already gone from where anyone can act on it.
    await expectError(await editor.delete(`/api/v1/documents/${id}`), 404, "document_not_found");

    const [item] = (await trash(editor)).filter((i) => i.id === id);
    expect(item).toMatchObject({ title: "Zebracorn playbook", daysLeft: 30, canRestore: true, keptBy: [] });

    const restored = await editor.post(`/api/v1/trash/${id}/restore`);
    expect(restored.status, await restored.clone().text()).toBe(200);
    expect((await editor.get(`/api/v1/documents/${id}`)).status).toBe(200);
    expect((await body<{ versions: unknown[] }>(await editor.get(`/api/v1/documents/${id}/versions`))).versions).toEqual(versionsBefore);
    expect(await linkedTitles(mandate.id)).toEqual(["Zebracorn playbook"]);
    expect(await searchTitles(clientA, "zebracorn")).toEqual(["Zebracorn playbook"]);
    expect((await trash(editor)).map((i) => i.id)).not.toContain(id);

    const actions = await db().prisma.auditEvent.findMany({ where: { targetType: "document", targetId: id, action: { startsWith: "document.t" } }, orderBy: { createdAt: "asc" } });
    expect(actions.map((e) => e.action)).toEqual(["document.trashed"]);
    expect(await db().prisma.auditEvent.count({ where: { targetId: id, action: "document.restored_from_trash" } })).toBe(1);
  });

  test("only who deleted it, its owner or an admin may restore it, within 30 days", async () => {
    const id = await createDocument(editor, { title: "Owned by the editor" });
    expect((await editor.delete(`/api/v1/documents/${id}`)).status).toBe(204);
    await expectError(await otherEditor.post(`/api/v1/trash/${id}/restore`), 403, "forbidden");
    await expectError(await staffViewer.post(`/api/v1/trash/${id}/restore`), 403, "forbidden");
    // A client could never read it: it learns nothing.
    await expectError(await clientA.post(`/api/v1/trash/${id}/restore`), 404, "document_not_found");
    expect((await trash(otherEditor)).map((i) => i.id)).not.toContain(id);
    expect((await trash(admin)).find((i) => i.id === id)).toMatchObject({ canRestore: true });
    await expectError(await clientA.get("/api/v1/trash"), 403, "forbidden");

    expect((await admin.post(`/api/v1/trash/${id}/restore`)).status).toBe(200);
    await expectError(await admin.post(`/api/v1/trash/${id}/restore`), 404, "document_not_found");

    expect((await editor.delete(`/api/v1/documents/${id}`)).status).toBe(204);
    await db().prisma.document.update({ where: { id }, data: { deletedAt: new Date(Date.now() - 31 * DAY) } });
    await expectError(await editor.post(`/api/v1/trash/${id}/restore`), 410, "trash_expired");
    expect((await trash(editor)).find((i) => i.id === id)).toMatchObject({ daysLeft: 0, canRestore: false });
  });
});

describe("legal holds", () => {
  test("client material under a hold on its mandate, or on its client, cannot be deleted (409 naming the hold)", async () => {
    const mandate = await createMandate(clientAId);
    const viaMandate = await createDocument(editor, { title: "Held by mandate", mandateId: mandate.id });
    const hold = await placeHold({ mandateId: mandate.id });
    const refused = await expectError(await editor.delete(`/api/v1/documents/${viaMandate}`), 409, "legal_hold");
    expect(refused.error.details).toMatchObject({ holdId: hold.id, reason: "Litigation expected: preserve everything", mandateId: mandate.id });
    expect(refused.error.message).toContain("Litigation expected");
    expect((await editor.get(`/api/v1/documents/${viaMandate}`)).status).toBe(200);
    // A house playbook used on the held matter is evidence too.
    const playbook = await createDocument(editor, { title: "Used on the held matter" });
    expect((await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: playbook })).status).toBe(201);
    await expectError(await editor.delete(`/api/v1/documents/${playbook}`), 409, "legal_hold");

    const listed = await body<{ holds: PresentedHold[] }>(await editor.get(`/api/v1/legal-holds?mandateId=${mandate.id}`));
    expect(listed.holds.map((h) => h.id)).toEqual([hold.id]);
    await expectError(await editor.post(`/api/v1/legal-holds/${hold.id}/lift`, { reason: "Settled" }), 403, "forbidden");
    await expectError(await admin.post(`/api/v1/legal-holds/${hold.id}/lift`, {}), 400, "invalid_request");
    const lifted = await admin.post(`/api/v1/legal-holds/${hold.id}/lift`, { reason: "Claim settled" });
    expect((await body<{ hold: PresentedHold }>(lifted)).hold).toMatchObject({ liftReason: "Claim settled", liftedBy: { name: expect.any(String) } });
    expect((await editor.delete(`/api/v1/documents/${viaMandate}`)).status).toBe(204);

    const clientMandate = await createMandate(clientBId);
    const viaClient = await createDocument(editor, { title: "Held by client", mandateId: clientMandate.id });
    const clientHold = await placeHold({ clientOrganizationId: clientBId });
    await expectError(await editor.delete(`/api/v1/documents/${viaClient}`), 409, "legal_hold");
    await expectError(await admin.post("/api/v1/legal-holds", { clientOrganizationId: clientBId, reason: "Again" }), 409, "hold_exists");
    expect((await admin.post(`/api/v1/legal-holds/${clientHold.id}/lift`, { reason: "Released by counsel" })).status).toBe(200);

    const audit = await db().prisma.auditEvent.findMany({ where: { action: { startsWith: "legal_hold." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((e) => [e.action, e.targetType])).toEqual([
      ["legal_hold.placed", "mandate"],
      ["legal_hold.lifted", "mandate"],
      ["legal_hold.placed", "organization"],
      ["legal_hold.lifted", "organization"],
    ]);
  });

  test("placing a hold: admins only, with a reason, on one mandate or one client", async () => {
    // Opened by the admin, who is then on its team (deleting a mandate is an admin's).
    const mandate = await createMandate(clientAId, "PROPOSED", admin);
    await expectError(await editor.post("/api/v1/legal-holds", { mandateId: mandate.id, reason: "Dispute" }), 403, "forbidden");
    await expectError(await admin.post("/api/v1/legal-holds", { mandateId: mandate.id, reason: "  " }), 400, "invalid_request");
    await expectError(await admin.post("/api/v1/legal-holds", { mandateId: mandate.id, clientOrganizationId: clientAId, reason: "Both" }), 400, "invalid_request");
    await expectError(await admin.post("/api/v1/legal-holds", { mandateId: "no-such-mandate", reason: "Dispute" }), 404, "mandate_not_found");
    await expectError(await clientA.get("/api/v1/legal-holds"), 403, "forbidden");
    expect(await db().prisma.legalHold.count({ where: { mandateId: mandate.id } })).toBe(0);

    // The mandate itself cannot be deleted while held.
    const hold = await placeHold({ mandateId: mandate.id });
    await expectError(await admin.delete(`/api/v1/mandates/${mandate.id}`), 409, "legal_hold");
    expect((await admin.post(`/api/v1/legal-holds/${hold.id}/lift`, { reason: "No claim" })).status).toBe(200);
    expect((await admin.delete(`/api/v1/mandates/${mandate.id}`)).status).toBe(204);
  });
});

describe("the purge", () => {
  test("removes only what is past 30 days in the trash, never retained or held material, and says why", async () => {
    const mandate = await createMandate(clientAId);
    const house = await createDocument(editor, { title: "Plain house note", status: "DRAFT" });
    const clientMaterial = await createDocument(editor, { title: "Client memo", mandateId: mandate.id, status: "DRAFT" });
    const delivered = await createDocument(editor, { title: "Delivered playbook" });
    const detached = await createDocument(editor, { title: "Detached playbook" });
    const held = await createDocument(editor, { title: "Held client memo", mandateId: (await createMandate(clientBId)).id, status: "DRAFT" });

    const deliverable = (
      await body<{ deliverables: { id: string }[] }>(await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { deliverables: [{ title: "Memo", type: "memo", feeMinor: 1000 }] }))
    ).deliverables[0]!;
    expect((await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: delivered, deliverableId: deliverable.id })).status).toBe(201);
    const [detachedLink] = (await body<{ resources: { id: string }[] }>(await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: detached, deliverableId: deliverable.id }))).resources;
    for (const status of ["IN_PROGRESS", "DELIVERED"]) {
      expect((await editor.request(`/api/v1/deliverables/${deliverable.id}`, { method: "PATCH", json: { status } })).status).toBe(200);
    }
    // Detached after delivery: no link keeps it, but the delivery record points to its version in force.
    expect((await editor.delete(`/api/v1/mandates/${mandate.id}/resources/${detachedLink!.id}`)).status).toBe(204);

    for (const id of [house, clientMaterial, delivered, detached, held]) {
      const deleted = await editor.delete(`/api/v1/documents/${id}`);
      expect(deleted.status, await deleted.clone().text()).toBe(204);
    }
    // A hold placed after the delete still keeps what is in the trash.
    const hold = await placeHold({ clientOrganizationId: clientBId });
    const ours = (r: { id: string }) => [house, clientMaterial, delivered, detached, held].includes(r.id);

    const early = await purgeTrash(db().prisma, { now: new Date(Date.now() + 29 * DAY), retentionYears: 7 });
    expect(early.purged.filter(ours)).toEqual([]);

    const later = new Date(Date.now() + 31 * DAY);
    const dry = await purgeTrash(db().prisma, { now: later, retentionYears: 7, dryRun: true });
    expect(dry.purged.filter(ours).map((p) => p.title)).toEqual(["Plain house note"]);
    expect(await db().prisma.document.count({ where: { id: house } })).toBe(1);

    const report = await purgeTrash(db().prisma, { now: later, retentionYears: 7 });
    expect(report.purged.filter(ours).map((p) => p.title)).toEqual(["Plain house note"]);
    const kept = Object.fromEntries(report.kept.filter(ours).map((k) => [k.title, k.blockers.map((b) => (b.kind === "legal_hold" ? `hold ${b.hold.id}` : `${b.cause} ${b.until}`))]));
    expect(kept).toEqual({
      "Client memo": ["client_material null"],
      "Delivered playbook": ["delivered null"],
      "Detached playbook": ["delivered null"],
      "Held client memo": [`hold ${hold.id}`, "client_material null"],
    });
    expect(await db().prisma.document.count({ where: { id: house } })).toBe(0);
    expect(await db().prisma.documentVersion.count({ where: { documentId: house } })).toBe(0);
    const purgedEvent = await db().prisma.auditEvent.findFirst({ where: { action: "document.purged", targetId: house } });
    expect(purgedEvent?.data).toMatchObject({ before: { title: "Plain house note" }, after: null });
    // The audit trail of the purged document stays.
    expect(await db().prisma.auditEvent.count({ where: { targetId: house, action: "document.trashed" } })).toBe(1);

    // Retention runs from the mandate's close: RETENTION_YEARS later, its client material may go.
    expect((await editor.request(`/api/v1/mandates/${mandate.id}`, { method: "PATCH", json: { status: "CANCELLED" } })).status).toBe(200);
    const closedAt = (await db().prisma.mandate.findUniqueOrThrow({ where: { id: mandate.id } })).closedAt!;
    const sixYears = await purgeTrash(db().prisma, { now: new Date(closedAt.getTime() + 6 * 366 * DAY), retentionYears: 7 });
    expect(sixYears.purged.filter(ours)).toEqual([]);
    const eightYears = await purgeTrash(db().prisma, { now: new Date(closedAt.getTime() + 8 * 366 * DAY), retentionYears: 7 });
    expect(eightYears.purged.filter(ours).map((p) => p.title).sort()).toEqual(["Client memo", "Delivered playbook", "Detached playbook"]);
    // Still held: never purged, however old.
    expect(eightYears.kept.filter(ours).map((k) => k.title)).toEqual(["Held client memo"]);
  });
});
