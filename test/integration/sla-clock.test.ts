// The SLA clock (ADR 041), through the real mandates and KPI services on a real database: the
// turnaround leaves out the days the deliverable waited on the client and the holidays of the
// mandate's calendar (hand-computed across England's Christmas bank holidays), the clock starts at
// the client's request, a later calendar does not rewrite it, and the KPIs and their export say
// which definition they used. Then the rules over HTTP: only the PM (and admins) make work wait,
// with a reason, within the late-recording bounds; the client reads why it waits on them and
// nothing internal; due dates move with a reason and not at all once delivered.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Viewer } from "../../server/auth/viewer.ts";
import { createAuthService } from "../../server/auth/service.ts";
import { loadConfig } from "../../server/config.ts";
import { createKpiService } from "../../server/kpis/service.ts";
import type { PresentedActivity, PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { createMandateService } from "../../server/mandates/service.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
const body = async <T>(response: Response) => (await response.json()) as T;

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

describe("turnaround in the mandate's calendar, waiting on the client excluded", () => {
  let clock = new Date("2026-12-21T09:00:00Z");
  const at = (iso: string) => (clock = new Date(iso));
  let pm: Viewer;
  let clientOrgId: string;

  beforeAll(async () => {
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false", LOG_LEVEL: "warn" });
    const auth = createAuthService({ db: db().prisma, config });
    const e = await createUser(auth, { role: "EDITOR", organizationName: "Provider LLP", name: "Pat PM" });
    const c = await createUser(auth, { role: "CLIENT", organizationName: "Client A", name: "Cat Client" });
    clientOrgId = c.organization.id;
    pm = await viewerOf(db().prisma, e.user.id);
  });

  test("a hand-computed figure across Christmas in England and Wales, stored at the first delivery", async () => {
    const mandates = createMandateService({ db: db().prisma, now: () => clock });
    const kpis = createKpiService({ db: db().prisma, now: () => clock });
    const mandate = await mandates.create(pm, {
      clientOrganizationId: clientOrgId,
      title: "Winter work",
      reference: "SLA-1",
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "GBP",
      budget: "10,000",
      startDate: "2026-12-01",
      status: "ACTIVE",
      serviceLevels: [{ deliverableType: "NDA", turnaroundBusinessDays: 5 }],
      holidayCalendar: "GB-ENG",
    });
    expect(mandate.mandate).toMatchObject({ holidayCalendar: "GB-ENG", timeZone: "Europe/London" });
    pm = await viewerOf(db().prisma, pm.id); // now on the client's team

    // Created Monday 21 December 09:00; requested by the client on Friday 18 December.
    const [nda, memo] = await mandates.addDeliverables(pm, mandate.mandate.id, {
      deliverables: [
        { title: "NDA with Contoso", type: "NDA" },
        { title: "Memo", type: "memo" },
      ],
    });
    await db().prisma.deliverable.update({ where: { id: memo!.id }, data: { requestedAt: new Date("2026-12-18T16:00:00Z") } });

    at("2026-12-22T10:00:00Z");
    await mandates.updateDeliverable(pm, nda!.id, { status: "IN_PROGRESS" });
    await mandates.updateDeliverable(pm, memo!.id, { status: "IN_PROGRESS" });
    at("2026-12-22T17:00:00Z");
    await mandates.updateDeliverable(pm, memo!.id, { status: "DELIVERED" });
    at("2026-12-23T11:00:00Z");
    await mandates.updateDeliverable(pm, nda!.id, { status: "WAITING_ON_CLIENT", reason: "The signed instructions" });
    // Recorded on Wednesday 30 December: the client answered on Tuesday 29 at 15:00.
    at("2026-12-30T09:00:00Z");
    await mandates.updateDeliverable(pm, nda!.id, { status: "IN_PROGRESS", answeredAt: "2026-12-29T15:00:00Z" });
    at("2027-01-04T12:00:00Z");
    const delivered = await mandates.updateDeliverable(pm, nda!.id, { status: "DELIVERED" });

    // Business days after Mon 21 Dec up to Mon 4 Jan: Tue 22, Wed 23, Thu 24, [Fri 25 Christmas,
    // Mon 28 Boxing Day substitute], Tue 29, Wed 30, Thu 31, [Fri 1 New Year], Mon 4 = 7; waiting
    // from Wed 23 to Tue 29 stops Thu 24 and Tue 29 → 5. Monday to Friday UTC with no holidays
    // and no waits (the old clock) would have said 10.
    expect(delivered).toMatchObject({ turnaroundBusinessDays: 5, turnaroundDefinition: "v2" });
    // The memo's clock starts at the request (Fri 18): Mon 21 and Tue 22 = 2; the queue counts.
    expect(await db().prisma.deliverable.findUniqueOrThrow({ where: { id: memo!.id } })).toMatchObject({ turnaroundBusinessDays: 2, turnaroundDefinition: "v2" });
    const waits = await db().prisma.deliverableWait.findMany({ where: { deliverableId: nda!.id } });
    expect(waits).toMatchObject([{ reason: "The signed instructions", startedAt: new Date("2026-12-23T11:00:00Z"), endedAt: new Date("2026-12-29T15:00:00Z") }]);

    // The portfolio: (5 + 2) / 2 = 3.50 business days, both within the NDA's 5 or without a level.
    const range = { from: "2026-12-01", to: "2027-01-31" };
    const figures = await kpis.portfolioKpis(pm, range);
    expect(figures.turnaround).toMatchObject({ measured: 2, measuredV1: 0, averageHundredths: 350, withSla: 1, withinSla: { numerator: 1, denominator: 1 } });
    expect(figures.turnaroundMeasuredUnder).toBe("all 2 measured under v2");
    expect(figures.definitions.map((d) => `${d.name} ${d.version}`)).toEqual(["On-time rate v1", "Turnaround v2", "Service level v2", "Margin v1"]);
    const csv = (await kpis.portfolioKpisCsv(pm, range)).split("\r\n");
    expect(csv).toContain("average turnaround,,3.5,business days,,2,");
    expect(csv.some((l) => l.startsWith('definition,Turnaround,"v2: requested (or created, for work the provider added) → first delivery, business days'))).toBe(true);

    // A new calendar counts from now on: the delivered figure stands (Germany works on 28 December).
    await mandates.update(pm, mandate.mandate.id, { holidayCalendar: "DE", timeZone: "Europe/Berlin" });
    expect(await db().prisma.deliverable.findUniqueOrThrow({ where: { id: nda!.id } })).toMatchObject({ turnaroundBusinessDays: 5 });
    expect((await kpis.portfolioKpis(pm, range)).turnaround.averageHundredths).toBe(350);
  });
});

describe("waiting on the client and due dates over HTTP", () => {
  let server: TestServer;
  let pm: Client;
  let teamEditor: Client;
  let clientA: Client;
  let clientB: Client;
  let clientAOrg: string;
  let teamEditorId: string;

  async function signIn(role: "EDITOR" | "CLIENT", organizationName: string) {
    const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
    const client = createClient(server.url);
    await client.login(email, password);
    return { client, organization, user };
  }

  beforeAll(async () => {
    server = await startTestServer({ db: db() });
    pm = (await signIn("EDITOR", "Provider LLP")).client;
    const t = await signIn("EDITOR", "Provider LLP");
    teamEditor = t.client;
    teamEditorId = t.user.id;
    const a = await signIn("CLIENT", "Client A");
    clientA = a.client;
    clientAOrg = a.organization.id;
    clientB = (await signIn("CLIENT", "Client B")).client;
  });
  afterAll(() => server?.close());

  async function activeDeliverable(extra: Record<string, unknown> = {}) {
    const created = await pm.post("/api/v1/mandates", {
      clientOrganizationId: clientAOrg,
      title: "Contracts",
      reference: `C-${Math.random().toString(36).slice(2, 8)}`,
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "EUR",
      budget: "5,000",
      startDate: "2026-01-05",
      status: "ACTIVE",
      memberIds: [teamEditorId],
      holidayCalendar: "FR",
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const { mandate } = await body<{ mandate: PresentedMandate }>(created);
    const added = await pm.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Supply agreement", type: "Contract", fee: "900", ...extra });
    expect(added.status).toBe(201);
    const [deliverable] = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables;
    return { mandate, deliverable: deliverable! };
  }

  test("the mandate's calendar: a known zone and calendar, shown as a line; anything else is a 400 naming it", async () => {
    const { mandate } = await activeDeliverable();
    expect(mandate).toMatchObject({ holidayCalendar: "FR", timeZone: "Europe/Paris", calendarLabel: "France, Europe/Paris" });
    const badZone = await expectError(await pm.patch(`/api/v1/mandates/${mandate.id}`, { timeZone: "Mars/Olympus" }), 400, "invalid_request");
    expect(badZone.error.details?.issues).toEqual([expect.objectContaining({ path: "timeZone" })]);
    const badCalendar = await expectError(await pm.patch(`/api/v1/mandates/${mandate.id}`, { holidayCalendar: "XX" }), 400, "invalid_request");
    expect(badCalendar.error.details?.issues).toEqual([expect.objectContaining({ path: "holidayCalendar" })]);
  });

  test("only the PM makes work wait, with a reason, within the bounds; the client reads why, nothing internal", async () => {
    const { mandate, deliverable } = await activeDeliverable();
    const path = `/api/v1/deliverables/${deliverable.id}`;
    expect((await pm.patch(path, { status: "IN_PROGRESS" })).status).toBe(200);
    const waitsBefore = await db().prisma.deliverableWait.count();

    await expectError(await teamEditor.patch(path, { status: "WAITING_ON_CLIENT", reason: "Their signature" }), 403, "forbidden");
    await expectError(await clientA.patch(path, { status: "WAITING_ON_CLIENT", reason: "Ours" }), 403, "forbidden");
    await expectError(await pm.patch(path, { status: "WAITING_ON_CLIENT" }), 400, "reason_required");
    const hour = 3_600_000;
    const since = (ms: number) => new Date(Date.now() + ms).toISOString();
    for (const late of [since(hour), since(-11 * 24 * hour), since(-hour)]) {
      // In the future; more than 10 days back; before the move to In progress a moment ago.
      const refused = await expectError(await pm.patch(path, { status: "WAITING_ON_CLIENT", reason: "Their signature", since: late }), 400, "invalid_request");
      expect(refused.error.details?.issues).toEqual([expect.objectContaining({ path: "since" })]);
    }
    expect(await db().prisma.deliverableWait.count()).toBe(waitsBefore);
    expect((await body<{ deliverable: PresentedDeliverable }>(await pm.get(path))).deliverable.status).toBe("IN_PROGRESS");
    // The team editor may not offer it either.
    expect((await body<{ deliverable: PresentedDeliverable }>(await teamEditor.get(path))).deliverable.allowedTransitions).not.toContain("WAITING_ON_CLIENT");

    const waiting = await pm.patch(path, { status: "WAITING_ON_CLIENT", reason: "Your signed instructions" });
    expect(waiting.status).toBe(200);
    const asPm = (await body<{ deliverable: PresentedDeliverable }>(waiting)).deliverable;
    expect(asPm).toMatchObject({ status: "WAITING_ON_CLIENT", waitingOn: { reason: "Your signed instructions" }, allowedTransitions: ["IN_PROGRESS"] });
    expect(asPm.waits).toEqual([expect.objectContaining({ reason: "Your signed instructions", endedAt: null, businessDays: 0 })]);

    // The client reads why it waits on them, since when; not the provider's waits log, effort or who recorded it.
    const asClient = (await body<{ deliverable: PresentedDeliverable }>(await clientA.get(path))).deliverable;
    expect(asClient.waitingOn).toEqual({ reason: "Your signed instructions", since: asPm.waitingOn!.since });
    expect(asClient.waits).toEqual([]);
    expect(asClient.effortMinutes).toBeUndefined();
    expect(asClient.allowedTransitions).toEqual([]);
    expect(JSON.stringify(asClient)).not.toContain("startedById");
    expect((await clientB.get(path)).status).toBe(404);

    await expectError(await pm.patch(path, { status: "IN_PROGRESS", answeredAt: since(hour) }), 400, "invalid_request");
    const answered = await pm.patch(path, { status: "IN_PROGRESS" });
    expect(answered.status).toBe(200);
    const resumed = (await body<{ deliverable: PresentedDeliverable }>(answered)).deliverable;
    expect(resumed.waitingOn).toBeNull();
    expect(resumed.waits).toEqual([expect.objectContaining({ reason: "Your signed instructions", businessDays: 0, endedAt: expect.any(String) })]);

    // The audit keeps the effective and the recorded time.
    const activity = (await body<{ activity: PresentedActivity[] }>(await pm.get(`/api/v1/mandates/${mandate.id}/activity`))).activity;
    const started = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: mandate.id, action: "deliverable.status_changed", data: { path: ["waitReason"], equals: "Your signed instructions" } } });
    expect(started.data).toMatchObject({ waitStartedAt: expect.any(String), recordedAt: expect.any(String), reason: "Your signed instructions" });
    expect(activity.some((a) => a.reason === "Your signed instructions")).toBe(true);
  });

  test("a due date moves with a reason, kept in a log beside the baseline; after delivery neither it nor the fee moves", async () => {
    const { deliverable } = await activeDeliverable({ dueDate: "2026-02-10" });
    const path = `/api/v1/deliverables/${deliverable.id}`;
    await expectError(await pm.patch(path, { dueDate: "2026-02-12" }), 400, "reason_required");
    expect(await db().prisma.deliverableDueDateChange.count({ where: { deliverableId: deliverable.id } })).toBe(0);
    const moved = await pm.patch(path, { dueDate: "2026-02-12", reason: "The client sent the draft late" });
    expect(moved.status).toBe(200);
    const after = (await body<{ deliverable: PresentedDeliverable }>(moved)).deliverable;
    expect(after.dueDate).toBe("2026-02-12");
    expect(after.dueDateChanges).toEqual([expect.objectContaining({ from: "2026-02-10", to: "2026-02-12", reason: "The client sent the draft late" })]);
    // The client sees the move and why.
    expect((await body<{ deliverable: PresentedDeliverable }>(await clientA.get(path))).deliverable.dueDateChanges).toHaveLength(1);

    // A first due date needs no reason: nothing moved.
    const { deliverable: undated } = await activeDeliverable();
    expect((await pm.patch(`/api/v1/deliverables/${undated.id}`, { dueDate: "2026-03-01" })).status).toBe(200);

    expect((await pm.patch(path, { status: "IN_PROGRESS" })).status).toBe(200);
    const delivered = (await body<{ deliverable: PresentedDeliverable }>(await pm.patch(path, { status: "DELIVERED" }))).deliverable;
    expect(delivered).toMatchObject({ termsLocked: true, turnaround: { definition: "v2", businessDays: expect.any(Number) } });
    await expectError(await pm.patch(path, { dueDate: "2026-02-20", reason: "Agreed by phone" }), 409, "delivered_terms_locked");
    await expectError(await pm.patch(path, { fee: "1,200", reason: "Extra round" }), 409, "delivered_terms_locked");
    expect((await body<{ deliverable: PresentedDeliverable }>(await pm.get(path))).deliverable).toMatchObject({ dueDate: "2026-02-12", fee: { minor: 90_000 } });
  });
});
