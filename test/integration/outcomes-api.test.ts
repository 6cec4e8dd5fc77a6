// Negotiation outcomes on a deliverable (ADR 036) over HTTP, against a real PGlite database: the
// checklist of the mandate's playbooks by perspective, recording (a refused body changes
// nothing), approvals asked of the role's holders (notified in the inbox and by mail), decided
// by them or an admin on their behalf, delivery blocked while one waits, the record locked after
// delivery, and the client: its members read their mandate's outcomes and approve a client role;
// another client's learn nothing.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDeliverable, PresentedDeliveryRecord, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { PresentedChecklist, PresentedPosition } from "../../server/outcomes/presenter.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;

type Person = { client: Client; id: string; email: string };
let editor: Person; // the PM, who records
let associate: Person; // on the team, "Supervising associate"
let teammate: Person; // on the team, no title
let partner: Person; // "Partner", not on the team
let admin: Person; // a provider admin on the team
let counsel: Person; // client A, "General counsel"
let clientA: Person; // client A, no title
let clientB: Person;
let clientAOrg: string;
let playbook: string;
let internalPlaybook: string;

const body = async <T>(response: Response) => (await response.json()) as T;
async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }, JSON.stringify(error)).toEqual({ status, code });
  return error;
}

async function person(role: "ADMIN" | "EDITOR" | "CLIENT", organizationName: string, title?: string): Promise<Person> {
  const { email, password, user, organization } = await createUser(server.services.auth, { role, organizationName });
  if (title) await db().prisma.membership.update({ where: { userId_organizationId: { userId: user.id, organizationId: organization.id } }, data: { title } });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, id: user.id, email };
}

const put = (who: Person, deliverableId: string, json: unknown) => who.client.request(`/api/v1/deliverables/${deliverableId}/outcomes`, { method: "PUT", json });
const decide = (who: Person, deliverableId: string, json: unknown) => who.client.post(`/api/v1/deliverables/${deliverableId}/outcomes/approval`, json);
const checklist = async (who: Person, deliverableId: string) => {
  const response = await who.client.get(`/api/v1/deliverables/${deliverableId}/outcomes`);
  expect(response.status, await response.clone().text()).toBe(200);
  return body<PresentedChecklist>(response);
};
const position = (c: PresentedChecklist, clauseId: string, documentId = playbook) =>
  c.playbooks.find((p) => p.document.id === documentId)!.positions.find((p) => p.clauseId === clauseId) as PresentedPosition;

// The version 2 fixture (clause c2: customer, required; fallback → Supervising associate, grey zone → Partner, red line → Client general counsel),
// a supplier clause, and one for any perspective whose grey zone and red line name nobody (it escalates to the Head of legal).
const PLAYBOOK_MARKDOWN = `${readFileSync(new URL("../fixtures/clause-position-v2.md", import.meta.url), "utf8")}

:::clause {id="sup" name="Supplier indemnity" escalateTo="Partner" perspective="supplier"}

:::preferred

No indemnity.

:::

:::redline

An uncapped indemnity.

:::

:::

:::clause {id="law" name="Governing law" escalateTo="Head of legal"}

:::preferred

English law.

:::

:::fallback

Irish law.

:::

:::fallback {approver="Supervising associate"}

New York law.

:::

:::redline

Any other law.

:::

:::
`;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  editor = await person("EDITOR", "Provider LLP");
  associate = await person("EDITOR", "Provider LLP", "  supervising Associate ");
  teammate = await person("EDITOR", "Provider LLP");
  partner = await person("EDITOR", "Provider LLP", "Partner");
  admin = await person("ADMIN", "Provider LLP");
  counsel = await person("CLIENT", "Client A", "General counsel");
  clientA = await person("CLIENT", "Client A");
  clientB = await person("CLIENT", "Client B");
  clientAOrg = (await db().prisma.membership.findFirstOrThrow({ where: { userId: counsel.id } })).organizationId;
  const created = await editor.client.post("/api/v1/documents", {
    kind: "PLAYBOOK",
    title: "Commercial playbook",
    status: "PUBLISHED",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientAOrg],
    markdown: PLAYBOOK_MARKDOWN,
  });
  expect(created.status, await created.clone().text()).toBe(201);
  playbook = (await body<{ document: { id: string } }>(created)).document.id;
  const internal = await editor.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Internal negotiation notes", status: "PUBLISHED", markdown: PLAYBOOK_MARKDOWN });
  internalPlaybook = (await body<{ document: { id: string } }>(internal)).document.id;
});
afterAll(() => server?.close());

/** An active mandate for client A (the associate, teammate and admin on its team) with both playbooks linked, and one deliverable in progress. */
async function deliverableInProgress() {
  const created = await editor.client.post("/api/v1/mandates", {
    clientOrganizationId: clientAOrg,
    title: "Northwind supply",
    reference: `NW-${Math.random().toString(36).slice(2, 8)}`,
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budget: "5,000.00",
    startDate: "2026-01-05",
    memberIds: [associate.id, teammate.id, admin.id],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const mandate = (await body<{ mandate: PresentedMandate }>(created)).mandate;
  expect((await editor.client.patch(`/api/v1/mandates/${mandate.id}`, { status: "ACTIVE" })).status).toBe(200);
  const added = await editor.client.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Supply agreement for Northwind", type: "Supply agreement" });
  const deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables[0]!;
  expect((await editor.client.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: playbook })).status).toBe(201);
  expect((await editor.client.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: internalPlaybook, deliverableId: deliverable.id })).status).toBe(201);
  expect((await editor.client.patch(`/api/v1/deliverables/${deliverable.id}`, { status: "IN_PROGRESS" })).status).toBe(200);
  return { mandate, deliverable };
}

async function outcomeRows() {
  const p = db().prisma;
  const [outcomes, notifications, mails, auditEvents] = await Promise.all([p.negotiationOutcome.findMany({ orderBy: { id: "asc" } }), p.notification.count(), p.emailOutbox.count(), p.auditEvent.count()]);
  return { outcomes, notifications, mails, auditEvents };
}

describe("negotiation outcomes", () => {
  test("the checklist lists each linked playbook's positions from the linked version, with its perspectives", async () => {
    const { deliverable } = await deliverableInProgress();
    const c = await checklist(editor, deliverable.id);
    expect(c.abilities.record).toBe(true);
    expect(c.playbooks.map((p) => p.document.title)).toEqual(["Commercial playbook", "Internal negotiation notes"]);
    const [shared] = c.playbooks;
    expect(shared!.version?.number).toBe(1);
    expect(shared!.perspectives).toEqual(["customer", "supplier"]);
    expect(shared!.positions.map((p) => [p.clauseId, p.perspective, p.required])).toEqual([
      ["c2", "customer", true],
      ["sup", "supplier", false],
      ["law", "", false],
    ]);
    expect(position(c, "law").fallbacks).toEqual([
      { index: 1, text: "Irish law.", approver: "" },
      { index: 2, text: "New York law.", approver: "Supervising associate" },
    ]);
    expect(position(c, "c2")).toMatchObject({ preferred: expect.stringContaining("Cap at 12 months"), redline: { text: "No cap at all.", approver: "Client general counsel" }, outcome: null });

    // Negotiating as the customer: the customer's clauses and those for any perspective, never the supplier's.
    const asCustomer = await put(editor, deliverable.id, {
      documentId: playbook,
      perspective: "customer",
      counterparty: "Northwind Ltd",
      outcomes: [
        { clauseId: "c2", outcome: "PREFERRED", note: "Accepted at once." },
        { clauseId: "law", outcome: "FALLBACK", fallbackIndex: 1 },
      ],
    });
    expect(asCustomer.status, await asCustomer.clone().text()).toBe(200);
    const saved = await body<PresentedChecklist>(asCustomer);
    expect(saved.playbooks[0]).toMatchObject({ perspective: "customer", counterparty: "Northwind Ltd" });
    expect(position(saved, "c2").outcome).toMatchObject({ outcome: "PREFERRED", note: "Accepted at once.", approval: null, versionNumber: 1 });
    expect(position(saved, "law").outcome).toMatchObject({ outcome: "FALLBACK", fallbackIndex: 1, approval: null });
    const refused = await expectError(await put(editor, deliverable.id, { documentId: playbook, perspective: "customer", outcomes: [{ clauseId: "sup", outcome: "PREFERRED" }] }), 422, "invalid_outcomes");
    expect(refused.error.details?.issues).toEqual([{ path: "outcomes.0.clauseId", message: expect.stringContaining("no such clause") }]);
    // With no perspective chosen every clause may be recorded; a new row takes the playbook's counterparty and its clause's perspective.
    expect((await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "sup", outcome: "NOT_APPLICABLE" }] })).status).toBe(200);
    expect(await db().prisma.negotiationOutcome.findFirstOrThrow({ where: { deliverableId: deliverable.id, clauseId: "sup" } })).toMatchObject({
      counterparty: "Northwind Ltd",
      perspective: "supplier",
      clauseName: "Supplier indemnity",
      recordedById: editor.id,
    });
    // Customer and supplier outcomes: the page shows every perspective.
    expect((await checklist(editor, deliverable.id)).playbooks[0]!.perspective).toBe("");
  });

  test("a refused PUT is a 422 listing each path, and changes nothing", async () => {
    const { deliverable } = await deliverableInProgress();
    const before = await outcomeRows();
    const shape = await expectError(
      await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "c2", outcome: "PREFERRED", note: "x".repeat(2001) }, { clauseId: "law", outcome: "MAYBE" }] }),
      422,
      "invalid_outcomes",
    );
    expect((shape.error.details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual(["outcomes.0.note", "outcomes.1.outcome"]);
    const rules = await expectError(
      await put(editor, deliverable.id, {
        documentId: playbook,
        perspective: "customer",
        outcomes: [
          { clauseId: "c2", outcome: "FALLBACK", fallbackIndex: 1 }, // fine on its own: not saved either
          { clauseId: "law", outcome: "FALLBACK", fallbackIndex: 3 },
          { clauseId: "law", outcome: "PREFERRED", fallbackIndex: 1 },
          { clauseId: "nope", outcome: "PREFERRED" },
        ],
      }),
      422,
      "invalid_outcomes",
    );
    expect((rules.error.details?.issues as Array<{ path: string }>).map((i) => i.path)).toEqual([
      "outcomes.1.fallbackIndex",
      "outcomes.2.clauseId",
      "outcomes.2.fallbackIndex",
      "outcomes.3.clauseId",
    ]);
    await expectError(await put(editor, deliverable.id, { documentId: playbook, perspective: "buyer", outcomes: [] }), 422, "invalid_outcomes");
    expect(await outcomeRows()).toEqual(before);
  });

  test("an outcome the playbook asks approval for waits for its role's holder, who is notified; delivery waits for the approval", async () => {
    const { deliverable } = await deliverableInProgress();
    const recorded = await put(editor, deliverable.id, { documentId: playbook, perspective: "customer", outcomes: [{ clauseId: "c2", outcome: "FALLBACK", fallbackIndex: 1 }] });
    expect(recorded.status).toBe(200);
    const approval = position(await body<PresentedChecklist>(recorded), "c2").outcome!.approval!;
    expect(approval).toMatchObject({ role: "Supervising associate", status: "PENDING", holders: [{ id: associate.id }], viewerMayDecide: false, message: null });

    // The holder's inbox and mail; nobody else's.
    const notes = await db().prisma.notification.findMany({ where: { kind: "OUTCOME_APPROVAL_REQUESTED", link: { contains: deliverable.id } } });
    expect(notes.map((n) => n.recipientId)).toEqual([associate.id]);
    expect(notes[0]!.link).toBe(`/mandates/${deliverable.mandateId}/deliverables/${deliverable.id}/outcomes#clause-c2`);
    expect(await db().prisma.emailOutbox.count({ where: { to: associate.email, subject: notes[0]!.title } })).toBe(1);
    const inbox = await body<{ notifications: Array<{ title: string; link: string }> }>(await associate.client.get("/api/v1/notifications"));
    expect(inbox.notifications[0]).toMatchObject({ title: "Approval needed: Limitation of liability on “Supply agreement for Northwind”", link: notes[0]!.link });
    expect(position(await checklist(associate, deliverable.id), "c2").outcome!.approval!.viewerMayDecide).toBe(true);

    // A teammate without the title may not decide; nor may a partner off the team (who cannot even see the deliverable).
    await expectError(await decide(teammate, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" }), 403, "forbidden");
    await expectError(await decide(partner, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" }), 404, "deliverable_not_found");
    // Declining needs a reason.
    const noReason = await expectError(await decide(associate, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "decline" }), 422, "invalid_outcomes");
    expect(noReason.error.details?.issues).toEqual([{ path: "reason", message: expect.any(String) }]);

    const blocked = await expectError(await editor.client.patch(`/api/v1/deliverables/${deliverable.id}`, { status: "DELIVERED" }), 409, "approvals_pending");
    expect(blocked.error.message).toContain("Limitation of liability (awaiting Supervising associate)");
    expect((await db().prisma.deliverable.findUniqueOrThrow({ where: { id: deliverable.id } })).status).toBe("IN_PROGRESS");

    const approved = await decide(associate, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" });
    expect(approved.status, await approved.clone().text()).toBe(200);
    expect(position(await body<PresentedChecklist>(approved), "c2").outcome!.approval).toMatchObject({ status: "APPROVED", decidedBy: { id: associate.id }, onBehalf: false, viewerMayDecide: false });
    expect(await db().prisma.notification.count({ where: { recipientId: editor.id, kind: "OUTCOME_APPROVAL_DECIDED", link: { contains: deliverable.id } } })).toBe(1);
    await expectError(await decide(associate, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" }), 409, "approval_not_pending");

    const audit = await db().prisma.auditEvent.findMany({ where: { targetId: deliverable.mandateId, action: { startsWith: "outcome." } }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["outcome.recorded", editor.id],
      ["outcome.approved", associate.id],
    ]);

    const delivered = await editor.client.patch(`/api/v1/deliverables/${deliverable.id}`, { status: "DELIVERED" });
    expect(delivered.status, await delivered.clone().text()).toBe(200);
    const [record] = (await body<{ deliveryRecords: PresentedDeliveryRecord[] }>(await editor.client.get(`/api/v1/deliverables/${deliverable.id}/delivery-records`))).deliveryRecords;
    expect(record!.outcomes).toEqual([
      expect.objectContaining({ clauseId: "c2", clauseName: "Limitation of liability", outcome: "FALLBACK", fallbackIndex: 1, approvalStatus: "APPROVED", decidedBy: expect.any(String), versionNumber: 1 }),
    ]);
    const forClient = (await body<{ deliveryRecords: PresentedDeliveryRecord[] }>(await clientA.client.get(`/api/v1/deliverables/${deliverable.id}/delivery-records`))).deliveryRecords;
    expect(forClient[0]!.outcomes).toEqual([]);

    // Delivered: the outcomes are on the record.
    const before = await outcomeRows();
    await expectError(await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "c2", outcome: "PREFERRED" }] }), 409, "outcomes_locked");
    expect((await checklist(editor, deliverable.id)).abilities.record).toBe(false);
    expect(await outcomeRows()).toEqual(before);
  });

  test("a changed outcome starts its approval over; a note alone keeps it, and keeps recordedAt", async () => {
    const { deliverable } = await deliverableInProgress();
    await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "law", outcome: "FALLBACK", fallbackIndex: 2 }] });
    expect((await decide(associate, deliverable.id, { documentId: playbook, clauseId: "law", decision: "approve" })).status).toBe(200);
    const row = () => db().prisma.negotiationOutcome.findFirstOrThrow({ where: { deliverableId: deliverable.id, clauseId: "law" } });
    const approved = await row();
    expect((await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "law", outcome: "FALLBACK", fallbackIndex: 2, note: "Counsel agreed by phone.", finalWording: "This agreement is governed by New York law." }] })).status).toBe(200);
    expect(await row()).toMatchObject({ approvalStatus: "APPROVED", recordedAt: approved.recordedAt, note: "Counsel agreed by phone." });
    expect((await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "law", outcome: "FALLBACK", fallbackIndex: 1 }] })).status).toBe(200);
    expect(await row()).toMatchObject({ approvalStatus: null, approverRole: null, approvalDecidedById: null, note: "Counsel agreed by phone." });
    expect((await row()).recordedAt.getTime()).toBeGreaterThan(approved.recordedAt.getTime());
  });

  test("a grey zone needs its approver, else the red line's, else the clause's escalation; with nobody holding it, an admin decides on their behalf", async () => {
    const { deliverable } = await deliverableInProgress();
    const saved = await body<PresentedChecklist>(
      await put(editor, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "c2", outcome: "GREY_ZONE" }, { clauseId: "law", outcome: "GREY_ZONE" }] }),
    );
    // The partner holds "Partner" but is not on this mandate's team: nobody holds it here.
    expect(position(saved, "c2").outcome!.approval).toMatchObject({ role: "Partner", status: "PENDING", holders: [], message: "Nobody holds the role Partner: ask an admin to set a member's title." });
    expect(position(saved, "law").outcome!.approval).toMatchObject({ role: "Head of legal", status: "PENDING" });
    expect(await db().prisma.notification.count({ where: { link: { contains: deliverable.id } } })).toBe(0);

    expect(position(await checklist(admin, deliverable.id), "c2").outcome!.approval!.viewerMayDecide).toBe(true);
    const declined = await decide(admin, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "decline", reason: "Outside our insurance." });
    expect(declined.status, await declined.clone().text()).toBe(200);
    expect(position(await body<PresentedChecklist>(declined), "c2").outcome!.approval).toMatchObject({ status: "DECLINED", reason: "Outside our insurance.", onBehalf: true, decidedBy: { id: admin.id } });
    const audit = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: deliverable.mandateId, action: "outcome.declined" } });
    expect(audit.data).toMatchObject({ clauseId: "c2", onBehalf: true, reason: "Outside our insurance.", approverRole: "Partner" });
    // Declined blocks delivery too.
    const blocked = await expectError(await editor.client.patch(`/api/v1/deliverables/${deliverable.id}`, { status: "DELIVERED" }), 409, "approvals_pending");
    expect((blocked.error.details?.clauses as Array<{ clauseId: string; approvalStatus: string }>).map((c) => [c.clauseId, c.approvalStatus])).toEqual([
      ["law", "PENDING"],
      ["c2", "DECLINED"],
    ]);
    // The mandate page's link counts both, as each blocks delivery.
    const counts = await server.services.outcomes.countsForMandate(await viewerOf(db().prisma, editor.id), deliverable.mandateId);
    expect(counts[deliverable.id]).toEqual({ recorded: 2, pending: 1, declined: 1 });
  });

  test("the client's members read their mandate's outcomes and approve a client role; another client's members learn nothing", async () => {
    const { deliverable } = await deliverableInProgress();
    await put(editor, deliverable.id, { documentId: playbook, perspective: "customer", counterparty: "Northwind Ltd", outcomes: [{ clauseId: "c2", outcome: "RED_LINE", note: "Client to confirm." }] });
    expect(await db().prisma.notification.findMany({ where: { link: { contains: deliverable.id } }, select: { recipientId: true } })).toEqual([{ recipientId: counsel.id }]);

    const forClient = await checklist(clientA, deliverable.id);
    expect(forClient.abilities.record).toBe(false);
    // Only the playbook shared with them: never the internal one linked to the deliverable.
    expect(forClient.playbooks.map((p) => p.document.id)).toEqual([playbook]);
    expect(position(forClient, "c2").outcome).toMatchObject({ outcome: "RED_LINE", approval: { role: "Client general counsel", status: "PENDING", holders: [], viewerMayDecide: false } });
    const before = await outcomeRows();
    await expectError(await put(clientA, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "c2", outcome: "PREFERRED" }] }), 403, "forbidden");
    await expectError(await decide(clientA, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" }), 403, "forbidden");
    await expectError(await decide(teammate, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" }), 403, "forbidden");

    for (const [name, run] of [
      ["get", () => clientB.client.get(`/api/v1/deliverables/${deliverable.id}/outcomes`)],
      ["put", () => put(clientB, deliverable.id, { documentId: playbook, outcomes: [{ clauseId: "c2", outcome: "PREFERRED" }] })],
      ["approve", () => decide(clientB, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" })],
    ] as const) {
      const response = await run();
      const text = await response.text();
      expect(response.status, name).toBe(404);
      for (const secret of ["Supply agreement for Northwind", "Northwind Ltd", "Limitation of liability", "Client to confirm"]) expect(text, name).not.toContain(secret);
    }
    expect(await outcomeRows()).toEqual(before);

    expect(position(await checklist(counsel, deliverable.id), "c2").outcome!.approval!.viewerMayDecide).toBe(true);
    const approved = await decide(counsel, deliverable.id, { documentId: playbook, clauseId: "c2", decision: "approve" });
    expect(approved.status, await approved.clone().text()).toBe(200);
    expect(position(await body<PresentedChecklist>(approved), "c2").outcome!.approval).toMatchObject({ status: "APPROVED", decidedBy: { id: counsel.id }, onBehalf: false });
  });

  test("recording an outcome checks the playbook's review triggers at once: a red line conceded finds its way to the Reviews page", async () => {
    const rule = await editor.client.post(`/api/v1/documents/${playbook}/review-triggers`, { kind: "RED_LINE_IN_MONTH", minimumCount: 1 });
    expect(rule.status, await rule.clone().text()).toBe(201);
    const findings = async () => (await body<{ findings: Array<{ documentId: string; clauseId: string; count: number; sentence: string }> }>(await editor.client.get("/api/v1/review-findings"))).findings.filter((f) => f.documentId === playbook);
    expect(await findings(), "a new rule is judged when outcomes come, not before").toEqual([]);
    const { deliverable } = await deliverableInProgress();
    expect((await put(editor, deliverable.id, { documentId: playbook, perspective: "customer", outcomes: [{ clauseId: "c2", outcome: "RED_LINE" }] })).status).toBe(200);
    // Checked before the answer: the finding is there as soon as the save is.
    expect((await findings()).map((f) => [f.clauseId, f.count])).toEqual([["c2", expect.any(Number)]]);
    expect((await findings())[0]!.sentence).toMatch(/red line/i);
  });
});
