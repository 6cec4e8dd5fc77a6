// The delivery record (ADR 020) over HTTP and the sync socket: delivering writes it (versions with
// hashes, the versions in force by effective date, the template version, who and when), locks the
// delivered document (HTTP and a real y-websocket client), "Move forward" leaves delivered work
// alone, delivered terms change only with a reason (on-time still judged against the baseline),
// and the database refuses to change a record.
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, test, vi } from "vitest";
import * as Y from "yjs";
import type { PresentedDeliverable, PresentedDeliveryRecord, PresentedMandate, PresentedResourceLink } from "../../server/mandates/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type ErrorBody } from "../helpers/http.ts";
import { addParagraph, connectClient, createMember, fragmentText, startCollab, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let editor: Awaited<ReturnType<typeof createMember>>;
let clientMember: Awaited<ReturnType<typeof createMember>>;

const body = async <T>(response: Response) => (await response.json()) as T;
const api = (token: string) => {
  const c = createClient(harness.url);
  return {
    get: (path: string) => c.request(`/api/v1${path}`, { bearer: token }),
    post: (path: string, json: unknown) => c.request(`/api/v1${path}`, { method: "POST", json, bearer: token }),
    patch: (path: string, json: unknown) => c.request(`/api/v1${path}`, { method: "PATCH", json, bearer: token }),
  };
};
async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

beforeAll(async () => {
  harness = await startCollab(db());
  editor = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
  clientMember = await createMember(db(), harness.services, "CLIENT", "Client A");
});
afterAll(() => harness?.close());

async function makeDocument(input: Record<string, unknown>) {
  const response = await api(editor.token).post("/documents", { status: "PUBLISHED", markdown: "Body.", ...input });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ document: { id: string } }>(response)).document.id;
}

/** A further publication of `documentId` with the same content, in force from `effectiveAt`. */
async function publishAgain(documentId: string, effectiveAt: Date) {
  const p = db().prisma;
  const last = await p.documentVersion.findFirstOrThrow({ where: { documentId }, orderBy: { number: "desc" } });
  return p.documentVersion.create({
    data: {
      documentId,
      number: last.number + 1,
      name: `Published (version ${last.number + 1})`,
      reason: "PUBLISH",
      ydocState: last.ydocState,
      contentJson: last.contentJson ?? {},
      contentText: last.contentText,
      effectiveAt,
    },
  });
}

/** An active mandate for Client A with the playbook attached to it and to one deliverable, and a document generated for that deliverable. */
async function deliverableWithGeneratedDocument() {
  const e = api(editor.token);
  const playbook = await makeDocument({ kind: "PLAYBOOK", title: "NDA playbook (England and Wales)" });
  const template = await makeDocument({ kind: "TEMPLATE", title: "NDA template" });
  const created = await e.post("/mandates", {
    clientOrganizationId: clientMember.organization.id,
    title: "Northwind NDAs",
    reference: `NW-${Math.random().toString(36).slice(2, 8)}`,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budget: "5,000.00",
    startDate: "2026-01-05",
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const mandate = (await body<{ mandate: PresentedMandate }>(created)).mandate;
  expect((await e.patch(`/mandates/${mandate.id}`, { status: "ACTIVE" })).status).toBe(200);
  const added = await e.post(`/mandates/${mandate.id}/deliverables`, { title: "NDA for Northwind", type: "NDA", dueDate: "2026-02-01", fee: "500" });
  const deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables[0]!;
  expect(deliverable.baselineDueDate).toBe("2026-02-01");
  expect((await e.post(`/mandates/${mandate.id}/resources`, { documentId: playbook })).status).toBe(201);
  expect((await e.post(`/mandates/${mandate.id}/resources`, { documentId: playbook, deliverableId: deliverable.id })).status).toBe(201);
  const generated = await e.post(`/deliverables/${deliverable.id}/documents`, { templateId: template, values: {}, title: "NDA — Northwind" });
  expect(generated.status, await generated.clone().text()).toBe(201);
  const documentId = (await body<{ document: { id: string } }>(generated)).document.id;
  expect((await e.patch(`/deliverables/${deliverable.id}`, { status: "IN_PROGRESS" })).status).toBe(200);
  return { mandate, deliverable, playbook, template, documentId };
}

const recordsOf = async (deliverableId: string, token = editor.token) =>
  (await body<{ deliveryRecords: PresentedDeliveryRecord[] }>(await api(token).get(`/deliverables/${deliverableId}/delivery-records`))).deliveryRecords;

describe("the delivery record", () => {
  test("delivering records the delivered version with its hash, the playbook in force by effective date, the template version and the deliverer", async () => {
    const { deliverable, playbook, template, documentId } = await deliverableWithGeneratedDocument();
    // A playbook v2 dated next year is scheduled: v1 stays in force, and the record says so.
    await publishAgain(playbook, new Date(Date.now() + 365 * 24 * 3600 * 1000));

    const delivered = await api(editor.token).patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" });
    expect(delivered.status, await delivered.clone().text()).toBe(200);
    const [record, ...older] = await recordsOf(deliverable.id);
    expect(older).toEqual([]);
    expect(record).toMatchObject({ sequence: 1, deliveredBy: { id: editor.user.id } });

    const item = (role: string, id: string) => record!.items.find((i) => i.role === role && i.document.id === id);
    const version = await db().prisma.documentVersion.findUniqueOrThrow({ where: { id: item("DELIVERED", documentId)!.version!.id } });
    expect(version.name).toBe("Delivered: NDA for Northwind");
    expect(version.contentText).toContain("Body.");
    expect(item("DELIVERED", documentId)!.version).toMatchObject({ number: version.number, contentHash: version.contentHash });
    expect(version.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(item("IN_FORCE", playbook)!.version!.number).toBe(1);
    const templateV1 = await db().prisma.documentVersion.findFirstOrThrow({ where: { documentId: template, reason: "PUBLISH" } });
    expect(item("TEMPLATE", template)!.version).toMatchObject({ id: templateV1.id, number: 1 });
    expect(record!.line).toMatch(/^Delivered “NDA — Northwind” v\d+ on \d{1,2} \w+ \d{4} by .+ under NDA playbook \(England and Wales\) v1, in force since \d{1,2} \w+ \d{4}$/);

    // The deliverable itself carries its latest record line; the client reads only what was delivered to them.
    const shown = (await body<{ deliverable: PresentedDeliverable }>(await api(editor.token).get(`/deliverables/${deliverable.id}`))).deliverable;
    expect(shown.deliveryRecord?.id).toBe(record!.id);
    const forClient = await recordsOf(deliverable.id, clientMember.token);
    expect(forClient[0]!.items.map((i) => i.role)).toEqual(["DELIVERED"]);
    expect(forClient[0]!.line).not.toContain("playbook");
  });

  test("the delivered document is locked: HTTP edits are refused and an open sync client is reconnected read-only", async () => {
    const { deliverable, documentId } = await deliverableWithGeneratedDocument();
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const socket = connectClient(harness.wsUrl, documentId, { token: editor.token }, { reconnect: true });
    try {
      await waitFor(() => socket.provider.synced, { what: "the editor to sync" });
      addParagraph(socket.doc, "Before delivery");
      await waitFor(async () => (await liveText(documentId)).includes("Before delivery"), { what: "the edit to be stored" });

      expect((await api(editor.token).patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" })).status).toBe(200);
      const [record] = await recordsOf(deliverable.id);
      const deliveredVersion = await db().prisma.documentVersion.findUniqueOrThrow({ where: { id: record!.items[0]!.version!.id } });
      expect(deliveredVersion.contentText).toContain("Before delivery");

      await expectError(await api(editor.token).patch(`/documents/${documentId}`, { title: "Changed after delivery" }), 403, "forbidden");
      // The socket was closed and reopened read-only: an edit now is dropped, never stored.
      await waitFor(() => socket.closes.length > 0, { what: "the socket to be revoked" });
      await waitFor(() => socket.provider.synced && socket.provider.wsconnected, { what: "the socket to reconnect" });
      const dropped = harness.collab.stats().droppedReadOnlyUpdates;
      addParagraph(socket.doc, "After delivery");
      await waitFor(() => harness.collab.stats().droppedReadOnlyUpdates > dropped, { what: "the edit to be dropped" });
      expect(await liveText(documentId)).not.toContain("After delivery");
      expect(fragmentText(socket.doc)).toContain("After delivery"); // only in the client's own replica
    } finally {
      socket.destroy();
      warn.mockRestore();
    }

    // Rejected and back to work: the document unlocks; the redelivery is a new record with a new version.
    const e = api(editor.token);
    // The client rejects it (ADR 042).
    expect((await api(clientMember.token).post(`/deliverables/${deliverable.id}/acceptance`, { decision: "reject", reason: "Wrong governing law." })).status).toBe(200);
    expect((await e.patch(`/documents/${documentId}`, { title: "Still locked" })).status).toBe(403);
    expect((await e.patch(`/deliverables/${deliverable.id}`, { status: "IN_PROGRESS" })).status).toBe(200);
    expect((await e.patch(`/documents/${documentId}`, { title: "Reworked NDA" })).status).toBe(200);
    expect((await e.patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" })).status).toBe(200);
    const [second, first] = await recordsOf(deliverable.id);
    expect([second!.sequence, first!.sequence]).toEqual([2, 1]);
    expect(second!.items[0]!.version!.number).toBeGreaterThan(first!.items[0]!.version!.number!);
    expect(second!.items[0]!.document.title).toBe("Reworked NDA");
  });

  test("\"Move forward\" after delivery moves the mandate's link but never the delivered deliverable's pin or its record", async () => {
    const { mandate, deliverable, playbook } = await deliverableWithGeneratedDocument();
    const e = api(editor.token);
    expect((await e.patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" })).status).toBe(200);
    const recordBefore = await recordsOf(deliverable.id);
    await publishAgain(playbook, new Date(Date.now() - 1000));

    const links = (await body<{ mandate: PresentedMandate }>(await e.get(`/mandates/${mandate.id}`))).mandate.resources.filter((r) => r.document.id === playbook);
    const mandateLink = links.find((l) => l.deliverableId === null)!;
    const deliveredLink = links.find((l) => l.deliverableId === deliverable.id)!;
    expect(mandateLink.newerVersionAvailable).toBe(true);
    expect(deliveredLink.newerVersionAvailable).toBe(false);

    await expectError(await e.post(`/mandates/${mandate.id}/resources/${deliveredLink.id}/move-forward`, {}), 409, "deliverable_delivered");
    const moved = await e.post(`/mandates/${mandate.id}/resources/${mandateLink.id}/move-forward`, {});
    expect(moved.status).toBe(200);
    expect((await body<{ resource: PresentedResourceLink }>(moved)).resource.pinnedVersion?.number).toBe(2);

    const after = (await body<{ mandate: PresentedMandate }>(await e.get(`/mandates/${mandate.id}`))).mandate.resources.find((r) => r.id === deliveredLink.id)!;
    expect(after.pinnedVersion?.number).toBe(1);
    expect(await recordsOf(deliverable.id)).toEqual(recordBefore);
  });

  test("a delivered deliverable's due date and fee no longer change (ADR 041); a move before delivery is audited with its reason; the baseline stays", async () => {
    const { mandate, deliverable } = await deliverableWithGeneratedDocument();
    const e = api(editor.token);
    // Before delivery a due date moves with a reason (ADR 041), and the baseline follows it until the first delivery.
    await expectError(await e.patch(`/deliverables/${deliverable.id}`, { dueDate: "2026-02-03" }), 400, "reason_required");
    expect((await e.patch(`/deliverables/${deliverable.id}`, { dueDate: "2026-02-03", reason: "The client asked for two more days." })).status).toBe(200);
    expect((await e.patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" })).status).toBe(200);

    const refused = await expectError(await e.patch(`/deliverables/${deliverable.id}`, { dueDate: "2026-03-01", reason: "Agreed by phone." }), 409, "delivered_terms_locked");
    expect(refused.error.details).toMatchObject({ fields: ["dueDate"] });
    await expectError(await e.patch(`/deliverables/${deliverable.id}`, { fee: "900", reason: "Extra round." }), 409, "delivered_terms_locked");
    // Effort is time entries' now (ADR 039): not a field of the deliverable.
    await expectError(await e.patch(`/deliverables/${deliverable.id}`, { effortMinutes: 90, reason: "Timesheets." }), 400, "invalid_request");
    const unchanged = (await body<{ deliverable: PresentedDeliverable }>(await e.get(`/deliverables/${deliverable.id}`))).deliverable;
    expect([unchanged.dueDate, unchanged.baselineDueDate, unchanged.fee.formatted]).toEqual(["2026-02-03", "2026-02-03", "500.00"]);
    // A title is not a term of the delivery: no reason needed.
    expect((await e.patch(`/deliverables/${deliverable.id}`, { title: "NDA (Northwind)" })).status).toBe(200);

    const events = await db().prisma.auditEvent.findMany({ where: { targetId: mandate.id, action: "deliverable.updated" }, orderBy: { createdAt: "asc" } });
    expect(events.map((x) => x.data)).toContainEqual(expect.objectContaining({ reason: "The client asked for two more days.", after: expect.objectContaining({ dueDate: "2026-02-03" }) }));

    // Delivered today, long after its due date: late, and nothing after delivery can make it on time.
    const mandateKpis = (await body<{ kpis: { onTime: { onTime: number; late: number } } }>(await e.get(`/mandates/${mandate.id}/kpis`))).kpis;
    expect(mandateKpis.onTime).toMatchObject({ onTime: 0, late: 1 });
    const today = new Date().toISOString().slice(0, 10);
    const portfolio = (await body<{ kpis: { onTimeRate: { numerator?: number; denominator?: number } } }>(await e.get(`/kpis?from=${today}&to=${today}&client=${clientMember.organization.id}`))).kpis;
    // Every delivery in this file is late against its baseline (all due in early 2026).
    expect(portfolio.onTimeRate).toMatchObject({ numerator: 0 });
    expect(portfolio.onTimeRate.denominator).toBeGreaterThan(0);
  });

  test("the database refuses to change or delete a delivery record", async () => {
    const { deliverable } = await deliverableWithGeneratedDocument();
    expect((await api(editor.token).patch(`/deliverables/${deliverable.id}`, { status: "DELIVERED" })).status).toBe(200);
    const p = db().prisma;
    const record = await p.deliveryRecord.findFirstOrThrow({ where: { deliverableId: deliverable.id }, include: { items: true } });
    await expect(p.deliveryRecord.update({ where: { id: record.id }, data: { deliveredByName: "Someone else" } })).rejects.toThrow(/immutable/);
    await expect(p.deliveryRecordItem.update({ where: { id: record.items[0]!.id }, data: { contentHash: "0".repeat(64) } })).rejects.toThrow(/immutable/);
    await expect(p.deliveryRecordItem.deleteMany({ where: { recordId: record.id } })).rejects.toThrow(/immutable/);
    await expect(p.$executeRawUnsafe(`DELETE FROM "DeliveryRecord" WHERE id = $1`, record.id)).rejects.toThrow(/immutable/);
    const again = await p.deliveryRecord.findUniqueOrThrow({ where: { id: record.id }, include: { items: true } });
    expect(again).toEqual(record);
    // The hash is the content's: anyone can recompute it from the stored version.
    const version = await p.documentVersion.findUniqueOrThrow({ where: { id: record.items[0]!.versionId! } });
    expect(createHash("sha256").update(canonical(version.contentJson)).digest("hex")).toBe(record.items[0]!.contentHash);
  });
});

/** The stored text of a document: its compacted state and the update log, as the server loads it. */
async function liveText(documentId: string) {
  const row = await db().prisma.document.findUniqueOrThrow({ where: { id: documentId }, select: { ydocState: true } });
  const log = await db().prisma.documentUpdate.findMany({ where: { documentId }, orderBy: { id: "asc" } });
  const doc = new Y.Doc();
  try {
    if (row.ydocState?.length) Y.applyUpdate(doc, row.ydocState);
    for (const u of log) Y.applyUpdate(doc, u.data);
    return fragmentText(doc);
  } finally {
    doc.destroy();
  }
}

/** JSON with sorted keys, as the record's hash is taken (server/mandates/delivery-record.ts). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}
