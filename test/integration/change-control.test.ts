// Scope and change control over HTTP (ADR 043): the PM sets a mandate's assumptions; work that
// goes past them is flagged once with its evidence (volume, out of scope, rounds, and the sweep's
// response time, holidays of the mandate's calendar left out); a breach prefills a change request,
// the client approves it in their view, and the budget, target date, baseline and burn-down follow.
// Then a decline, the refusals (changing nothing) and the client-isolation cases: a client never
// sees breaches or drafts, another client nothing at all.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadViewer } from "../../server/auth/viewer.ts";
import { localDayKey } from "../../server/calendars/index.ts";
import { createChangeControlService } from "../../server/change-control/index.ts";
import type { PresentedBreach, PresentedChangeRequest } from "../../server/change-control/index.ts";
import type { PresentedMandate, PresentedDeliverable } from "../../server/mandates/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let pm: Client;
let teamEditor: Client;
let clientA: Client;
let clientB: Client;
let ids: { pm: string; teamEditor: string; clientA: string; clientAOrg: string; clientBOrg: string };
/** The change-control service's clock: approvals happen on 13 January 2027. */
let clock = new Date("2027-01-13T12:00:00.000Z");

type Scope = {
  assumptions: unknown;
  breaches: PresentedBreach[];
  changeRequests: PresentedChangeRequest[];
  baseline: { budget: { minor: number } | null; targetDate: string | null };
  abilities: { manage: boolean; decide: boolean };
};
const body = async <T>(response: Response) => (await response.json()) as T;

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
}

async function signIn(role: "EDITOR" | "CLIENT", organizationName: string) {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, organization, user };
}

async function newMandate(reference: string) {
  const created = await pm.post("/api/v1/mandates", {
    clientOrganizationId: ids.clientAOrg,
    title: `Northwind ${reference}`,
    reference,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "GBP",
    budget: "10,000.00",
    startDate: "2027-01-04",
    targetDate: "2027-01-29",
    memberIds: [ids.teamEditor],
  });
  expect(created.status).toBe(201);
  const { mandate } = await body<{ mandate: PresentedMandate }>(created);
  expect((await pm.patch(`/api/v1/mandates/${mandate.id}`, { status: "ACTIVE" })).status).toBe(200);
  return mandate.id;
}

async function addDeliverable(mandateId: string, title: string, type: string, fee = "500.00") {
  const response = await pm.post(`/api/v1/mandates/${mandateId}/deliverables`, { title, type, fee });
  expect(response.status).toBe(201);
  return (await body<{ deliverables: PresentedDeliverable[] }>(response)).deliverables[0]!.id;
}

const scopeOf = async (client: Client, mandateId: string) => {
  const response = await client.get(`/api/v1/mandates/${mandateId}/scope`);
  expect(response.status).toBe(200);
  return body<Scope>(response);
};
const moveTo = async (deliverableId: string, status: string) =>
  expect((await pm.patch(`/api/v1/deliverables/${deliverableId}`, { status })).status).toBe(200);
/** The client rejects a delivery: it goes back to rework (ADR 042). */
const clientRejects = async (deliverableId: string) =>
  expect((await clientA.post(`/api/v1/deliverables/${deliverableId}/acceptance`, { decision: "reject", reason: "Not what we asked for." })).status).toBe(200);

/** Row counts of change control's tables and the audit log: a refusal changes none. */
async function rows() {
  const p = db().prisma;
  const [breaches, changeRequests, auditEvents, mandates] = await Promise.all([
    p.scopeBreach.count(),
    p.changeRequest.count(),
    p.auditEvent.count(),
    p.mandate.findMany({ select: { budgetMinor: true, targetDate: true, assumptions: true }, orderBy: { id: "asc" } }),
  ]);
  return { breaches, changeRequests, auditEvents, mandates: JSON.stringify(mandates, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)) };
}

const ASSUMPTIONS = { volumes: [{ deliverableType: "NDA", maxPerMonth: 2 }], responseBusinessDays: 3, maxRounds: 2, outOfScopeTypes: ["Litigation"] };

let mandateId: string;
let ndas: string[];
let volumeBreach: PresentedBreach;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  server.services.changeControl = createChangeControlService({ db: db().prisma, appUrl: server.config.mail.appUrl, now: () => clock });
  const p = await signIn("EDITOR", "Provider LLP");
  pm = p.client;
  const e = await signIn("EDITOR", "Provider LLP");
  teamEditor = e.client;
  const a = await signIn("CLIENT", "Client A");
  clientA = a.client;
  const b = await signIn("CLIENT", "Client B");
  clientB = b.client;
  ids = { pm: p.user.id, teamEditor: e.user.id, clientA: a.user.id, clientAOrg: a.organization.id, clientBOrg: b.organization.id };
  mandateId = await newMandate("NW-CC-1");
});
afterAll(() => server?.close());

describe("assumptions", () => {
  test("the PM sets them; the team reads them; the client does not", async () => {
    const put = await pm.request(`/api/v1/mandates/${mandateId}/assumptions`, { method: "PUT", json: ASSUMPTIONS });
    expect(put.status).toBe(200);
    expect((await scopeOf(teamEditor, mandateId)).assumptions).toEqual(ASSUMPTIONS);
    const client = await scopeOf(clientA, mandateId);
    expect(client.assumptions).toBeNull();
    expect(client.abilities).toEqual({ manage: false, decide: true });
    const events = await db().prisma.auditEvent.findMany({ where: { targetId: mandateId, action: "mandate.assumptions_changed" } });
    expect(events).toHaveLength(1);
  });

  test("bad input, a team editor who is not the PM, the client and another client are refused, changing nothing", async () => {
    const before = await rows();
    const put = (client: Client, json: unknown) => client.request(`/api/v1/mandates/${mandateId}/assumptions`, { method: "PUT", json });
    await expectError(await put(pm, { volumes: [{ deliverableType: "NDA", maxPerMonth: -1 }] }), 400, "invalid_request");
    await expectError(await put(pm, { volumes: [{ deliverableType: "NDA", maxPerMonth: 1 }, { deliverableType: "nda", maxPerMonth: 2 }] }), 400, "invalid_request");
    await expectError(await put(pm, { surprise: true }), 400, "invalid_request");
    await expectError(await put(teamEditor, ASSUMPTIONS), 403, "forbidden");
    await expectError(await put(clientA, ASSUMPTIONS), 403, "forbidden");
    await expectError(await put(clientB, ASSUMPTIONS), 404, "mandate_not_found");
    expect(await rows()).toEqual(before);
  });
});

describe("breaches as work comes in", () => {
  test("the third NDA of a month breaches the volume of two, once, with the three as evidence; the PM is told", async () => {
    ndas = [await addDeliverable(mandateId, "NDA Acme", "NDA"), await addDeliverable(mandateId, "NDA Beta", "NDA")];
    expect((await scopeOf(pm, mandateId)).breaches).toEqual([]);
    ndas.push(await addDeliverable(mandateId, "NDA Gamma", "NDA", "750.00"));
    ndas.push(await addDeliverable(mandateId, "NDA Delta", "NDA")); // the same month: no second breach
    const { breaches } = await scopeOf(pm, mandateId);
    expect(breaches).toHaveLength(1);
    volumeBreach = breaches[0]!;
    const month = localDayKey(new Date(), "Europe/London").slice(0, 7);
    expect(volumeBreach).toMatchObject({ kind: "VOLUME", assumptionKey: "volume:NDA", period: month, counted: 3, limit: 2 });
    expect(volumeBreach.evidence.deliverables.map((d) => d.title)).toEqual(["NDA Acme", "NDA Beta", "NDA Gamma"]);
    expect(volumeBreach.sentence).toMatch(/^3 “NDA” deliverables came in in \w+ \d{4}, against an assumed 2 a month\.$/);
    const inbox = await db().prisma.notification.findMany({ where: { recipientId: ids.pm, kind: "SCOPE_BREACH" } });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.link).toBe(`/mandates/${mandateId}#scope`);
    expect(await db().prisma.notification.count({ where: { recipientId: ids.teamEditor } })).toBe(0);
    const mail = await db().prisma.emailOutbox.findMany({ where: { subject: inbox[0]!.title } });
    expect(mail).toHaveLength(1);
  });

  test("an out-of-scope type is flagged when it is added", async () => {
    const id = await addDeliverable(mandateId, "Claim against Initech", "Litigation");
    const breach = (await scopeOf(pm, mandateId)).breaches.find((b) => b.kind === "OUT_OF_SCOPE");
    expect(breach).toMatchObject({ counted: 1, limit: 0, evidence: { deliverables: [{ id, title: "Claim against Initech", type: "Litigation" }] } });
  });

  test("a third delivery of one deliverable breaches two rounds", async () => {
    const id = await addDeliverable(mandateId, "Supply agreement", "Supply agreement");
    await moveTo(id, "IN_PROGRESS");
    await moveTo(id, "DELIVERED");
    await clientRejects(id);
    await moveTo(id, "IN_PROGRESS");
    await moveTo(id, "DELIVERED"); // the second round: within the assumption
    expect((await scopeOf(pm, mandateId)).breaches.some((b) => b.kind === "ROUNDS")).toBe(false);
    await clientRejects(id);
    await moveTo(id, "IN_PROGRESS");
    await moveTo(id, "DELIVERED");
    const breach = (await scopeOf(pm, mandateId)).breaches.find((b) => b.kind === "ROUNDS");
    expect(breach).toMatchObject({ counted: 3, limit: 2, evidence: { deliverables: [{ id }] } });
    expect(breach!.evidence.deliveries).toHaveLength(3);
  });

  test("the sweep flags a wait on the client longer than the response time, in business days of the mandate's calendar", async () => {
    const p = db().prisma;
    // Thursday 31 December to Wednesday 6 January: 1 January is a bank holiday in England, so 3 business days (4, 5, 6 January): within.
    await p.deliverableWait.create({ data: { deliverableId: ndas[0]!, reason: "Counterparty's comments", startedAt: new Date("2026-12-31T10:00:00Z"), endedAt: new Date("2027-01-06T16:00:00Z") } });
    // Monday 4 to Monday 11 January: 5, 6, 7, 8 and 11 January = 5 business days: past 3.
    const long = await p.deliverableWait.create({ data: { deliverableId: ndas[1]!, reason: "Signed instructions", startedAt: new Date("2027-01-04T10:00:00Z"), endedAt: new Date("2027-01-11T09:00:00Z") } });
    // Still waiting since Friday 8 January; on Tuesday 12 January that is 2 business days.
    await p.deliverableWait.create({ data: { deliverableId: ndas[2]!, reason: "Board approval", startedAt: new Date("2027-01-08T10:00:00Z") } });
    expect(await server.services.changeControl.sweepResponseTimes(new Date("2027-01-12T12:00:00Z"))).toBe(1);
    expect(await server.services.changeControl.sweepResponseTimes(new Date("2027-01-12T13:00:00Z"))).toBe(0); // once
    const breach = (await scopeOf(pm, mandateId)).breaches.find((b) => b.kind === "RESPONSE_TIME");
    expect(breach).toMatchObject({ counted: 5, limit: 3, evidence: { wait: { id: long.id, reason: "Signed instructions", businessDays: 5 } } });
    expect(breach!.evidence.deliverables.map((d) => d.title)).toEqual(["NDA Beta"]);
    // The open wait passes the limit later: on Thursday 14 January it is 4 business days.
    expect(await server.services.changeControl.sweepResponseTimes(new Date("2027-01-14T12:00:00Z"))).toBe(1);
  });

  test("a client never sees breaches; another client sees nothing of the mandate", async () => {
    expect((await scopeOf(clientA, mandateId)).breaches).toEqual([]);
    await expectError(await clientB.get(`/api/v1/mandates/${mandateId}/scope`), 404, "mandate_not_found");
    const inbox = await db().prisma.notification.count({ where: { recipientId: { in: [ids.clientA] } } });
    expect(inbox).toBe(0);
  });
});

describe("change requests", () => {
  let requestId: string;

  test("a breach prefills a draft: the excess NDA added, its fee, the breach's sentence; the client does not see the draft", async () => {
    const created = await pm.post(`/api/v1/mandates/${mandateId}/change-requests`, { fromBreachId: volumeBreach.id, newTargetDate: "2027-02-12" });
    expect(created.status).toBe(201);
    const { changeRequest } = await body<{ changeRequest: PresentedChangeRequest }>(created);
    requestId = changeRequest.id;
    expect(changeRequest).toMatchObject({
      status: "DRAFT",
      title: `Additional volume in ${volumeBreach.period}`,
      justification: volumeBreach.sentence,
      scope: [{ deliverableType: "NDA", count: 1 }],
      budgetDelta: { minor: 75000, currency: "GBP", formatted: "+750.00" },
      newTargetDate: "2027-02-12",
      breach: { id: volumeBreach.id },
      actions: { edit: true, send: true, withdraw: true, decide: false },
    });
    await expectError(await clientA.get(`/api/v1/change-requests/${requestId}`), 404, "change_request_not_found");
    expect((await scopeOf(clientA, mandateId)).changeRequests).toEqual([]);
    await expectError(await clientA.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "APPROVED" }), 404, "change_request_not_found");
  });

  test("refusals change nothing: no title without a breach, a date before the start, another mandate's breach, the client drafting, deciding a draft", async () => {
    const other = await newMandate("NW-CC-2");
    const before = await rows();
    const post = (client: Client, json: unknown) => client.post(`/api/v1/mandates/${mandateId}/change-requests`, json);
    await expectError(await post(pm, { justification: "More work." }), 400, "invalid_request");
    await expectError(await post(pm, { title: "Earlier", justification: "x", newTargetDate: "2026-12-01" }), 400, "invalid_request");
    await expectError(await post(pm, { title: "x", justification: "x", budgetDeltaMinor: 1.5 }), 400, "invalid_request");
    await expectError(await post(pm, { title: "x", justification: "x", budgetDelta: "lots" }), 400, "invalid_request");
    await expectError(await post(pm, { title: "x", justification: "x", budgetDelta: "1.234" }), 400, "invalid_request"); // GBP has 2 decimals
    await expectError(await pm.post(`/api/v1/mandates/${other}/change-requests`, { fromBreachId: volumeBreach.id }), 400, "invalid_request");
    await expectError(await post(teamEditor, { title: "x", justification: "x" }), 403, "forbidden");
    await expectError(await post(clientA, { title: "x", justification: "x" }), 403, "forbidden");
    await expectError(await post(clientB, { title: "x", justification: "x" }), 404, "mandate_not_found");
    await expectError(await pm.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "APPROVED" }), 403, "forbidden");
    expect(await rows()).toEqual(before);
  });

  test("sent, the client's members are told and see it with the breach it cites; another client does not", async () => {
    const sent = await pm.post(`/api/v1/change-requests/${requestId}/send`);
    expect(sent.status).toBe(200);
    const inbox = await db().prisma.notification.findMany({ where: { recipientId: ids.clientA, kind: "CHANGE_REQUEST_SENT" } });
    expect(inbox.map((n) => n.link)).toEqual([`/mandates/${mandateId}#change-requests`]);
    const seen = (await scopeOf(clientA, mandateId)).changeRequests;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ id: requestId, status: "SENT", breach: { counted: 3, limit: 2 }, actions: { edit: false, send: false, withdraw: false, decide: true } });
    await expectError(await clientB.get(`/api/v1/change-requests/${requestId}`), 404, "change_request_not_found");
    await expectError(await clientB.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "APPROVED" }), 404, "change_request_not_found");
    await expectError(await clientA.patch(`/api/v1/change-requests/${requestId}`, { title: "Free" }), 403, "forbidden");
    await expectError(await pm.patch(`/api/v1/change-requests/${requestId}`, { title: "Changed after sending" }), 409, "change_request_not_draft");
    await expectError(await clientA.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "DECLINED" }), 400, "invalid_request");
  });

  test("approved by the client: budget and target date move, the baseline is kept, the PM is told, the burn-down steps", async () => {
    const approved = await clientA.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "APPROVED" });
    expect(approved.status).toBe(200);
    expect((await body<{ changeRequest: PresentedChangeRequest }>(approved)).changeRequest).toMatchObject({
      status: "APPROVED",
      decidedBy: { id: ids.clientA },
      decidedAt: "2027-01-13T12:00:00.000Z",
    });
    const { mandate } = await body<{ mandate: PresentedMandate }>(await pm.get(`/api/v1/mandates/${mandateId}`));
    expect({ budget: mandate.budget.minor, targetDate: mandate.targetDate }).toEqual({ budget: 1_075_000, targetDate: "2027-02-12" });
    expect((await scopeOf(pm, mandateId)).baseline).toEqual({ budget: { minor: 1_000_000, currency: "GBP", formatted: "10,000.00" }, targetDate: "2027-01-29" });
    expect(await db().prisma.notification.count({ where: { recipientId: ids.pm, kind: "CHANGE_REQUEST_DECIDED" } })).toBe(1);
    await expectError(await clientA.post(`/api/v1/change-requests/${requestId}/decision`, { decision: "APPROVED" }), 409, "change_request_not_sent");
    const events = await db().prisma.auditEvent.findMany({ where: { targetId: mandateId, action: "change_request.approved" } });
    expect(events[0]!.data).toMatchObject({ mandateBefore: { budgetMinor: 1_000_000, targetDate: "2027-01-29" }, mandateAfter: { budgetMinor: 1_075_000, targetDate: "2027-02-12" } });

    // Six deliverables; the change added one NDA. The first plan burns 5 from 4 to 29 January
    // (25 days); on 13 January it had 5 × 16/25 = 3.2 left, so the new plan starts at 3.2 + 1 =
    // 4.2 and burns to 0 on 12 February (30 days): 28 January = 4.2 × 15/30 = 2.1, while the
    // baseline there is 5 × 1/25 = 0.2.
    const viewer = (await loadViewer(db().prisma, ids.clientA))!;
    const kpis = await server.services.kpis.mandateKpis(viewer, mandateId, new Date("2027-01-20T12:00:00Z"));
    const point = (date: string) => kpis.burndown.points.find((p) => p.date === date);
    expect(kpis.burndown.scope).toBe(6);
    expect(kpis.burndown.changes).toEqual([{ date: "2027-01-13", addedDeliverables: 1, targetDate: "2027-02-12" }]);
    expect(point("2027-01-04")).toMatchObject({ ideal: 5, baseline: 5 });
    expect(point("2027-01-12")).toMatchObject({ ideal: 3.4, baseline: 3.4 });
    expect(point("2027-01-13")).toMatchObject({ ideal: 4.2, baseline: 3.2 });
    expect(point("2027-01-28")).toMatchObject({ ideal: 2.1, baseline: 0.2 });
    expect(point("2027-02-12")).toMatchObject({ ideal: 0, baseline: 0, actual: null });
    expect(kpis.budget).toMatchObject({ agreedMinor: 1_075_000, baselineMinor: 1_000_000 });
  });

  test("a second approval keeps the first baseline; a decline says why and changes nothing of the mandate", async () => {
    clock = new Date("2027-01-15T09:00:00.000Z");
    const draft = async (json: Record<string, unknown>) =>
      (await body<{ changeRequest: PresentedChangeRequest }>(await pm.post(`/api/v1/mandates/${mandateId}/change-requests`, json))).changeRequest.id;
    const declined = await draft({ title: "Two more rounds", justification: "The counterparty reopened the liability cap.", budgetDeltaMinor: 40000 });
    expect((await pm.post(`/api/v1/change-requests/${declined}/send`)).status).toBe(200);
    const before = await rows();
    const response = await clientA.post(`/api/v1/change-requests/${declined}/decision`, { decision: "DECLINED", reason: "Covered by the fixed fee." });
    expect(response.status).toBe(200);
    expect((await body<{ changeRequest: PresentedChangeRequest }>(response)).changeRequest).toMatchObject({ status: "DECLINED", declineReason: "Covered by the fixed fee." });
    expect((await rows()).mandates).toEqual(before.mandates);

    const cut = await draft({ title: "Fewer NDAs", justification: "One NDA dropped.", budgetDelta: "-500.00" }); // as the form sends it
    expect((await pm.post(`/api/v1/change-requests/${cut}/send`)).status).toBe(200);
    expect((await clientA.post(`/api/v1/change-requests/${cut}/decision`, { decision: "APPROVED" })).status).toBe(200);
    const scope = await scopeOf(pm, mandateId);
    expect(scope.baseline).toMatchObject({ budget: { minor: 1_000_000 }, targetDate: "2027-01-29" });
    const { mandate } = await body<{ mandate: PresentedMandate }>(await pm.get(`/api/v1/mandates/${mandateId}`));
    expect({ budget: mandate.budget.minor, targetDate: mandate.targetDate }).toEqual({ budget: 1_025_000, targetDate: "2027-02-12" });
  });

  test("withdrawn, a sent request leaves the client's view; the client sees only their own sent and decided ones", async () => {
    const id = (await body<{ changeRequest: PresentedChangeRequest }>(await pm.post(`/api/v1/mandates/${mandateId}/change-requests`, { title: "Later", justification: "Maybe." })))
      .changeRequest.id;
    expect((await pm.post(`/api/v1/change-requests/${id}/send`)).status).toBe(200);
    expect((await pm.post(`/api/v1/change-requests/${id}/withdraw`)).status).toBe(200);
    await expectError(await clientA.get(`/api/v1/change-requests/${id}`), 404, "change_request_not_found");
    await pm.post(`/api/v1/mandates/${mandateId}/change-requests`, { title: "A draft", justification: "Not sent." });
    const statuses = (await scopeOf(clientA, mandateId)).changeRequests.map((r) => r.status).sort();
    expect(statuses).toEqual(["APPROVED", "APPROVED", "DECLINED"]);
    const staff = (await scopeOf(teamEditor, mandateId)).changeRequests.map((r) => r.status).sort();
    expect(staff).toEqual(["APPROVED", "APPROVED", "DECLINED", "DRAFT", "WITHDRAWN"]);
    await expectError(await clientB.get(`/api/v1/mandates/${mandateId}/change-requests`), 404, "mandate_not_found");
  });
});
