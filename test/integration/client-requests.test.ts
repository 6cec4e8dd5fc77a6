// Client requests and acceptance by the client over HTTP (ADR 042): a request with a Word file,
// the refusal of a file that is not what its name says, the PM's acceptance with the due date from
// the service level across the Christmas bank holidays, a decline, the client's reject and accept,
// an admin's answer on the client's behalf, the deemed-acceptance sweep at a given time, the
// mandate KPIs leaving requests out until accepted — and the client-isolation cases.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { createRequestService, deemedAcceptanceAt } from "../../server/requests/index.ts";
import type { presentRequest } from "../../server/requests/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client, ErrorBody } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let pm: Client;
let teamEditor: Client;
let admin: Client;
let clientA: Client;
let clientB: Client;
let offTeamEditor: Client;
let ids: { pm: string; clientA: string; clientAOrg: string; clientBOrg: string; admin: string };
let mandate: PresentedMandate;

const DOCX = readFileSync(new URL("../fixtures/docx/side-letter-with-extras.docx", import.meta.url));
const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
const EXE = Buffer.concat([Buffer.from("MZ"), Buffer.alloc(64, 0x90)]);

type DeliverableBody = { deliverable: PresentedDeliverable };
type RequestRow = ReturnType<typeof presentRequest>;
const body = async <T>(response: Response) => (await response.json()) as T;
async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

/** The request service, with its clock set to `at` (the API looks it up per call). */
function clockAt(at: Date) {
  server.services.requests = createRequestService({ db: db().prisma, now: () => at, appUrl: server.config.mail.appUrl, sweepIntervalMs: 60_000 });
}

function requestForm(fields: Record<string, string>, files: Array<{ name: string; bytes: Buffer; type?: string }> = []) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  for (const f of files) form.append("attachments", new Blob([new Uint8Array(f.bytes)], { type: f.type ?? "application/octet-stream" }), f.name);
  return form;
}
const submit = (client: Client, form: FormData, mandateId = mandate.id) => client.request(`/api/v1/mandates/${mandateId}/requests`, { method: "POST", body: form });

async function counts() {
  const p = db().prisma;
  const [deliverables, attachments, notifications, auditEvents] = await Promise.all([p.deliverable.count(), p.requestAttachment.count(), p.notification.count(), p.auditEvent.count()]);
  return { deliverables, attachments, notifications, auditEvents };
}

async function notificationsOf(userId: string, kind: string) {
  return db().prisma.notification.findMany({ where: { recipientId: userId, kind: kind as never }, orderBy: { createdAt: "asc" } });
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const p = await signInNewUser(server, "EDITOR", "Provider LLP", "Pat Manager");
  const t = await signInNewUser(server, "EDITOR", "Provider LLP", "Toni Team");
  const ad = await signInNewUser(server, "ADMIN", "Provider LLP", "Ada Admin");
  const off = await signInNewUser(server, "EDITOR", "Provider LLP", "Otto Offteam");
  const a = await signInNewUser(server, "CLIENT", "Client A", "Alex Client");
  const b = await signInNewUser(server, "CLIENT", "Client B", "Bea Other");
  pm = p.client;
  teamEditor = t.client;
  admin = ad.client;
  offTeamEditor = off.client;
  clientA = a.client;
  clientB = b.client;
  ids = { pm: p.user.id, clientA: a.user.id, clientAOrg: a.organization.id, clientBOrg: b.organization.id, admin: ad.user.id };
  const created = await pm.post("/api/v1/mandates", {
    clientOrganizationId: ids.clientAOrg,
    title: "Northwind contracts",
    reference: "NW-REQ-1",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budget: "10,000.00",
    startDate: "2026-12-01",
    status: "ACTIVE",
    serviceLevels: [{ deliverableType: "NDA review", turnaroundBusinessDays: 3 }],
    memberIds: [t.user.id, ad.user.id],
    deemedAcceptanceBusinessDays: 2,
  });
  expect(created.status, await created.clone().text()).toBe(201);
  mandate = (await body<{ mandate: PresentedMandate }>(created)).mandate;
  // The PM asks for the counterparty on NDA reviews and hides the desired date.
  const forms = await pm.request(`/api/v1/mandates/${mandate.id}/request-forms`, {
    method: "PUT",
    json: { forms: [{ deliverableType: "NDA review", fields: { counterparty: "required", desiredDate: "hidden" }, guidance: "Attach the counterparty's draft." }, { deliverableType: "Board minutes" }] },
  });
  expect(forms.status, await forms.clone().text()).toBe(200);
});
afterAll(() => server?.close());

describe("client requests", () => {
  test("the forms: the PM's settings per type, read by the client; only the PM or an admin sets them", async () => {
    const { forms } = await body<{ forms: Array<{ deliverableType: string; fields: Record<string, string>; guidance: string; turnaroundBusinessDays: number | null }> }>(
      await clientA.get(`/api/v1/mandates/${mandate.id}/request-forms`),
    );
    expect(forms).toEqual([
      { deliverableType: "NDA review", fields: { description: "optional", priority: "optional", counterparty: "required", desiredDate: "hidden", attachments: "optional" }, guidance: "Attach the counterparty's draft.", turnaroundBusinessDays: 3 },
      { deliverableType: "Board minutes", fields: { description: "optional", priority: "optional", counterparty: "optional", desiredDate: "optional", attachments: "optional" }, guidance: "", turnaroundBusinessDays: null },
    ]);
    await expectError(await teamEditor.request(`/api/v1/mandates/${mandate.id}/request-forms`, { method: "PUT", json: { forms: [] } }), 403, "forbidden");
    await expectError(await clientA.request(`/api/v1/mandates/${mandate.id}/request-forms`, { method: "PUT", json: { forms: [] } }), 403, "forbidden");
    await expectError(await clientB.get(`/api/v1/mandates/${mandate.id}/request-forms`), 404, "mandate_not_found");
  });

  test("a client member asks for work with a Word file; the team is told; the file is theirs and the team's only", async () => {
    const at = new Date("2026-12-23T10:00:00Z");
    clockAt(at);
    const response = await submit(
      clientA,
      requestForm({ type: "nda review", title: "NDA with Acme", description: "Their paper, mutual.", priority: "high", counterparty: "Acme Ltd" }, [{ name: "acme-nda.docx", bytes: DOCX }]),
    );
    expect(response.status, await response.clone().text()).toBe(201);
    const { deliverable } = await body<DeliverableBody>(response);
    expect(deliverable).toMatchObject({ title: "NDA with Acme", type: "NDA review", status: "REQUESTED", stage: "requested", dueDate: null });
    expect(deliverable.request).toMatchObject({ requestedAt: at.toISOString(), requestedById: ids.clientA, priority: "HIGH", counterparty: "Acme Ltd", desiredDate: null });
    const [file] = deliverable.request!.attachments;
    expect(file).toMatchObject({ name: "acme-nda.docx", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", sizeBytes: DOCX.length, sha256: createHash("sha256").update(DOCX).digest("hex") });

    const [received] = await notificationsOf(ids.pm, "CLIENT_REQUEST_RECEIVED");
    expect(received).toMatchObject({ title: "New request on NW-REQ-1: “NDA with Acme”", link: `/mandates/${mandate.id}` });
    expect(received!.body).toContain("Alex Client (Client A) asked for “NDA with Acme” (NDA review, high priority)");

    // The client's members and the team download it, byte for byte.
    for (const reader of [clientA, pm, admin]) {
      const download = await reader.get(file!.href);
      expect(download.status).toBe(200);
      expect(download.headers.get("content-disposition")).toContain('filename="acme-nda.docx"');
      expect(Buffer.from(await download.arrayBuffer()).equals(DOCX)).toBe(true);
    }
    // Another client, and staff off the client's teams, never: by id or listing.
    await expectError(await clientB.get(file!.href), 404, "attachment_not_found");
    await expectError(await offTeamEditor.get(file!.href), 404, "attachment_not_found");
    await expectError(await clientB.get(`/api/v1/mandates/${mandate.id}/requests`), 404, "mandate_not_found");
    await expectError(await offTeamEditor.get(`/api/v1/mandates/${mandate.id}/requests`), 404, "mandate_not_found");
    await expectError(await clientB.get(`/api/v1/deliverables/${deliverable.id}`), 404, "deliverable_not_found");
    // And another client cannot ask for work on this mandate; staff do not "request" their own work.
    await expectError(await submit(clientB, requestForm({ type: "Board minutes", title: "Sneaky" })), 404, "mandate_not_found");
    await expectError(await submit(teamEditor, requestForm({ type: "Board minutes", title: "Ours" })), 403, "forbidden");
  });

  test("a file is judged by its bytes: an executable named .pdf, or a PDF named .docx, is refused and nothing is written", async () => {
    clockAt(new Date("2026-12-23T11:00:00Z"));
    const before = await counts();
    const fakePdf = await expectError(await submit(clientA, requestForm({ type: "Board minutes", title: "Minutes" }, [{ name: "minutes.pdf", bytes: EXE, type: "application/pdf" }])), 400, "invalid_request");
    expect(fakePdf.error.details).toMatchObject({ issues: [{ path: "attachments.0", message: "“minutes.pdf” is not a Word (.docx) or PDF file: only those can be attached." }] });
    await expectError(await submit(clientA, requestForm({ type: "Board minutes", title: "Minutes" }, [{ name: "minutes.docx", bytes: PDF }])), 400, "invalid_request");
    // The form's rules: NDA reviews need the counterparty and take no desired date.
    const formRules = await expectError(await submit(clientA, requestForm({ type: "NDA review", title: "NDA", desiredDate: "2027-01-10" })), 400, "invalid_request");
    expect(formRules.error.details).toMatchObject({ issues: [{ path: "counterparty", message: "This form needs the counterparty." }, { path: "desiredDate", message: "This form does not ask for a desired date." }] });
    expect(await counts()).toEqual(before);
    // A real PDF goes in.
    expect((await submit(clientA, requestForm({ type: "Board minutes", title: "Minutes" }, [{ name: "minutes.pdf", bytes: PDF }]))).status).toBe(201);
  });

  test("the PM accepts: due 3 business days on, past Christmas Day and the Boxing Day holiday; the client is told", async () => {
    const requested = await db().prisma.deliverable.findFirstOrThrow({ where: { title: "NDA with Acme" } });
    // Refused to the team editor (not the PM) and to the client.
    await expectError(await teamEditor.post(`/api/v1/deliverables/${requested.id}/request-decision`, { decision: "accept" }), 403, "forbidden");
    await expectError(await clientA.post(`/api/v1/deliverables/${requested.id}/request-decision`, { decision: "accept" }), 403, "forbidden");
    // Nor through the deliverable PATCH, which would skip the due date and the client's notice.
    await expectError(await pm.patch(`/api/v1/deliverables/${requested.id}`, { status: "NOT_STARTED" }), 409, "decide_request");
    // The service level sets the date: the PM does not give one.
    await expectError(await pm.post(`/api/v1/deliverables/${requested.id}/request-decision`, { decision: "accept", dueDate: "2027-01-20" }), 400, "invalid_request");

    // Wednesday 23 December 2026, London: Thu 24 (1), Fri 25 and Mon 28 are bank holidays, Tue 29 (2), Wed 30 (3).
    clockAt(new Date("2026-12-23T16:00:00Z"));
    const accepted = await pm.post(`/api/v1/deliverables/${requested.id}/request-decision`, { decision: "accept" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    const { deliverable } = await body<DeliverableBody>(accepted);
    expect(deliverable).toMatchObject({ status: "NOT_STARTED", stage: "in_progress", dueDate: "2026-12-30", baselineDueDate: "2026-12-30" });
    const [decided] = await notificationsOf(ids.clientA, "CLIENT_REQUEST_DECIDED");
    expect(decided).toMatchObject({ title: "Your request “NDA with Acme” was accepted" });
    expect(decided!.body).toContain("it is due 2026-12-30");
    // Decided once.
    await expectError(await pm.post(`/api/v1/deliverables/${requested.id}/request-decision`, { decision: "decline", reason: "Changed my mind" }), 409, "not_requested");
  });

  test("without a service level the PM gives the date; a decline needs a reason, is final, and the client sees why", async () => {
    const minutes = await db().prisma.deliverable.findFirstOrThrow({ where: { title: "Minutes" } });
    await expectError(await pm.post(`/api/v1/deliverables/${minutes.id}/request-decision`, { decision: "accept" }), 400, "invalid_request");
    await expectError(await pm.post(`/api/v1/deliverables/${minutes.id}/request-decision`, { decision: "decline" }), 400, "invalid_request");
    const declined = await pm.post(`/api/v1/deliverables/${minutes.id}/request-decision`, { decision: "decline", reason: "Board minutes are out of scope of this mandate." });
    expect(declined.status).toBe(200);
    expect((await body<DeliverableBody>(declined)).deliverable).toMatchObject({ status: "DECLINED", stage: "declined" });
    const { requests } = await body<{ requests: RequestRow[] }>(await clientA.get(`/api/v1/mandates/${mandate.id}/requests`));
    expect(requests.map((r) => [r.title, r.stage, r.declineReason])).toEqual([
      ["Minutes", "declined", "Board minutes are out of scope of this mandate."],
      ["NDA with Acme", "in_progress", null],
    ]);
    // Who asked, by name, for both sides.
    const asker = await db().prisma.user.findUniqueOrThrow({ where: { id: ids.clientA }, select: { id: true, name: true } });
    const teamView = await body<{ requests: RequestRow[] }>(await pm.get(`/api/v1/mandates/${mandate.id}/requests`));
    expect([...requests, ...teamView.requests].map((r) => r.requestedBy)).toEqual([asker, asker, asker, asker]);
    await expectError(await pm.patch(`/api/v1/deliverables/${minutes.id}`, { status: "NOT_STARTED" }), 409, "invalid_transition");
  });

  test("the client rejects a delivery with a reason, it is reworked, and the client accepts it; staff cannot answer for them", async () => {
    const nda = await db().prisma.deliverable.findFirstOrThrow({ where: { title: "NDA with Acme" } });
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.patch(`/api/v1/deliverables/${nda.id}`, { status })).status).toBe(200);
    await expectError(await pm.patch(`/api/v1/deliverables/${nda.id}`, { status: "ACCEPTED" }), 409, "client_answers");
    await expectError(await admin.patch(`/api/v1/deliverables/${nda.id}`, { status: "REJECTED" }), 409, "client_answers");
    await expectError(await pm.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "accept" }), 403, "forbidden");
    await expectError(await pm.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "accept", onBehalf: true, clientAnswer: "Email" }), 403, "forbidden");
    await expectError(await clientB.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "accept" }), 404, "deliverable_not_found");
    await expectError(await clientA.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "reject" }), 400, "invalid_request");

    const rejected = await clientA.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "reject", reason: "Clause 7 still has the one-way indemnity." });
    expect(rejected.status).toBe(200);
    expect((await body<DeliverableBody>(rejected)).deliverable).toMatchObject({ status: "REJECTED", stage: "rework", rejectionReason: "Clause 7 still has the one-way indemnity." });
    const [told] = await notificationsOf(ids.pm, "DELIVERY_ANSWERED");
    expect(told).toMatchObject({ title: "“NDA with Acme” was rejected" });
    expect(told!.body).toContain("Clause 7 still has the one-way indemnity.");

    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.patch(`/api/v1/deliverables/${nda.id}`, { status })).status).toBe(200);
    const accepted = await clientA.post(`/api/v1/deliverables/${nda.id}/acceptance`, { decision: "accept" });
    expect((await body<DeliverableBody>(accepted)).deliverable).toMatchObject({ status: "ACCEPTED", stage: "accepted", acceptedVia: "CLIENT", deemedAcceptanceAt: null });
  });

  test("an admin records the client's written answer on their behalf, saying where it is", async () => {
    const added = await pm.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Supply agreement", type: "Contract", dueDate: "2027-01-29" });
    const [d] = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables;
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.patch(`/api/v1/deliverables/${d!.id}`, { status })).status).toBe(200);
    await expectError(await admin.post(`/api/v1/deliverables/${d!.id}/acceptance`, { decision: "accept", onBehalf: true }), 400, "invalid_request");
    const answered = await admin.post(`/api/v1/deliverables/${d!.id}/acceptance`, { decision: "accept", onBehalf: true, clientAnswer: "Alex's email of 4 January" });
    expect((await body<DeliverableBody>(answered)).deliverable).toMatchObject({ status: "ACCEPTED", acceptedVia: "ON_BEHALF" });
    const event = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: mandate.id, action: "deliverable.status_changed", actorId: ids.admin }, orderBy: { createdAt: "desc" } });
    expect(event.data).toMatchObject({ after: { status: "ACCEPTED", acceptedVia: "ON_BEHALF", clientAnswer: "Alex's email of 4 January" } });
    // The client hears of an answer they did not give themselves (every member: the provider planned this one).
    expect((await notificationsOf(ids.clientA, "DELIVERY_ANSWERED")).map((n) => n.title)).toContain("“Supply agreement” was accepted on the client's behalf");
  });

  test("a delivery nobody answers is deemed accepted by the sweep once the window has passed, and both sides are told", async () => {
    const added = await pm.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Data processing addendum", type: "Contract", dueDate: "2027-01-29" });
    const [d] = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables;
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.patch(`/api/v1/deliverables/${d!.id}`, { status })).status).toBe(200);
    const row = await db().prisma.deliverable.findUniqueOrThrow({ where: { id: d!.id } });
    const deadline = deemedAcceptanceAt(row.deliveredAt!, { timeZone: "Europe/London", holidayCalendar: "GB-ENG", deemedAcceptanceBusinessDays: 2 });
    const shown = (await body<DeliverableBody>(await clientA.get(`/api/v1/deliverables/${d!.id}`))).deliverable;
    expect(shown.deemedAcceptanceAt).toBe(deadline.toISOString());
    expect(deadline.getTime() - row.deliveredAt!.getTime()).toBeGreaterThanOrEqual(2 * 86_400_000);

    expect(await server.services.requests.sweepDeemedAcceptances(new Date(deadline.getTime() - 1000))).toBe(0);
    expect(await server.services.requests.sweepDeemedAcceptances(deadline)).toBe(1);
    const after = (await body<DeliverableBody>(await clientA.get(`/api/v1/deliverables/${d!.id}`))).deliverable;
    expect(after).toMatchObject({ status: "ACCEPTED", acceptedVia: "DEEMED", acceptedAt: deadline.toISOString() });
    const event = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: mandate.id, action: "deliverable.status_changed", actorId: null } });
    expect(event.data).toMatchObject({ deliverableId: d!.id, after: { status: "ACCEPTED", acceptedVia: "DEEMED" } });
    expect((await notificationsOf(ids.pm, "DELIVERY_ANSWERED")).map((n) => n.title)).toContain("“Data processing addendum” was deemed accepted");
    expect((await notificationsOf(ids.clientA, "DELIVERY_ANSWERED")).map((n) => n.title)).toContain("“Data processing addendum” was deemed accepted");
    // Run again: nothing more.
    expect(await server.services.requests.sweepDeemedAcceptances(new Date(deadline.getTime() + 86_400_000))).toBe(0);
  });

  test("a window of 0 days set on the mandate form: the next sweep deems the delivery accepted", async () => {
    const added = await pm.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Side letter", type: "Contract", dueDate: "2027-01-29" });
    const [d] = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables;
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.patch(`/api/v1/deliverables/${d!.id}`, { status })).status).toBe(200);
    await expectError(await pm.patch(`/api/v1/mandates/${mandate.id}`, { deemedAcceptanceBusinessDays: 31 }), 400, "invalid_request");
    expect((await pm.patch(`/api/v1/mandates/${mandate.id}`, { deemedAcceptanceBusinessDays: 0 })).status).toBe(200);
    expect(await server.services.requests.sweepDeemedAcceptances(new Date())).toBe(1);
    expect((await body<DeliverableBody>(await pm.get(`/api/v1/deliverables/${d!.id}`))).deliverable).toMatchObject({ status: "ACCEPTED", acceptedVia: "DEEMED" });
    expect((await pm.patch(`/api/v1/mandates/${mandate.id}`, { deemedAcceptanceBusinessDays: 2 })).status).toBe(200);
  });

  test("requests not yet accepted, and declined ones, are not work owed: the mandate KPIs leave them out", async () => {
    const before = (await body<{ kpis: { burndown: { scope: number }; budget: { plannedMinor: number } } }>(await pm.get(`/api/v1/mandates/${mandate.id}/kpis`))).kpis;
    clockAt(new Date("2026-12-24T09:00:00Z"));
    expect((await submit(clientA, requestForm({ type: "Board minutes", title: "Pending minutes" }))).status).toBe(201);
    const after = (await body<{ kpis: { burndown: { scope: number }; budget: { plannedMinor: number }; byStatus: Array<{ status: string; count: number }> } }>(await pm.get(`/api/v1/mandates/${mandate.id}/kpis`))).kpis;
    expect(after.burndown.scope).toBe(before.burndown.scope);
    expect(after.budget.plannedMinor).toBe(before.budget.plannedMinor);
    // Counted by status all the same: the PM sees what is asked of them.
    expect(after.byStatus.filter((s) => s.status === "REQUESTED" || s.status === "DECLINED")).toEqual([
      { status: "REQUESTED", count: 1 },
      { status: "DECLINED", count: 1 },
    ]);
    // Owed work: the accepted NDA, the three contracts.
    expect(after.burndown.scope).toBe(4);
  });
});

describe("a request's files before the team decides", () => {
  test("the client takes the wrong file back until the request is decided, never the last one a form needs; audited; nobody else may", async () => {
    const forms = await pm.request(`/api/v1/mandates/${mandate.id}/request-forms`, {
      method: "PUT",
      json: {
        forms: [
          { deliverableType: "NDA review", fields: { counterparty: "required", desiredDate: "hidden" }, guidance: "Attach the counterparty's draft." },
          { deliverableType: "Board minutes" },
          { deliverableType: "Contract review", fields: { attachments: "required" } },
        ],
      },
    });
    expect(forms.status, await forms.clone().text()).toBe(200);
    const sent = await submit(clientA, requestForm({ type: "Contract review", title: "Distribution agreement" }, [{ name: "supply.docx", bytes: DOCX }, { name: "wrong-client.pdf", bytes: PDF }]));
    expect(sent.status, await sent.clone().text()).toBe(201);
    const request = (await body<DeliverableBody>(sent)).deliverable;
    const filesOf = async () => {
      const { requests } = await body<{ requests: RequestRow[] }>(await clientA.get(`/api/v1/mandates/${mandate.id}/requests`));
      return requests.find((r) => r.id === request.id)!.attachments;
    };
    const [right, wrong] = await filesOf();
    const remove = (client: Client, id: string) => client.request(`/api/v1/request-attachments/${id}`, { method: "DELETE" });

    await expectError(await remove(clientB, wrong!.id), 404, "attachment_not_found");
    await expectError(await remove(pm, wrong!.id), 403, "forbidden");
    // Under a legal hold nothing of the mandate is deleted, a wrong file included.
    const held = await admin.post("/api/v1/legal-holds", { mandateId: mandate.id, reason: "Dispute with Northwind's supplier" });
    expect(held.status, await held.clone().text()).toBe(201);
    await expectError(await remove(clientA, wrong!.id), 409, "legal_hold");
    const { hold } = await body<{ hold: { id: string } }>(held);
    expect((await admin.post(`/api/v1/legal-holds/${hold.id}/lift`, { reason: "Dispute settled" })).status).toBe(200);
    expect((await remove(clientA, wrong!.id)).status).toBe(204);
    expect((await filesOf()).map((f) => f.name)).toEqual(["supply.docx"]);
    await expectError(await clientA.get(wrong!.href), 404, "attachment_not_found");
    expect(await db().prisma.auditEvent.findFirstOrThrow({ where: { action: "request.attachment_removed", actorId: ids.clientA } })).toMatchObject({
      targetId: mandate.id,
      data: { before: { file: "wrong-client.pdf", sha256: wrong!.sha256 }, after: null },
    });

    // The form needs a file: the last one stays.
    await expectError(await remove(clientA, right!.id), 409, "attachment_required");
    // Once the PM has decided, the files are the request's record.
    const accepted = await pm.post(`/api/v1/deliverables/${request.id}/request-decision`, { decision: "accept", dueDate: "2027-02-01" });
    expect(accepted.status, await accepted.clone().text()).toBe(200);
    await expectError(await remove(clientA, right!.id), 409, "request_decided");
    expect((await filesOf()).map((f) => f.name)).toEqual(["supply.docx"]);
  });
});
