// Monthly status reports (ADR 040) over HTTP, against a real PGlite database: a report for
// November 2026 assembled from a mandate whose deliverables' history is set by hand (every figure
// worked out in the comments), the risk/issue/decision log, an outcome the client's counterparty
// pushed back on, the internal review (four eyes), the release — the client's members notified
// and shown the frozen report, which stays the same after the data changes — and the Word file
// parsed back with its charts as pictures.
import { inflateSync } from "node:zlib";
import { strFromU8, unzipSync } from "fflate";
import mammoth from "mammoth";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { PresentedReport, PresentedReportSummary } from "../../server/status-reports/index.ts";
import type { ReportBlock } from "../../server/status-reports/blocks.ts";
import { measureTurnaround } from "../../server/sla/turnaround.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Person = { client: Client; id: string; email: string };
let pm: Person; // EDITOR, the mandate's PM
let reviewer: Person; // EDITOR on the team
let viewerOnTeam: Person; // VIEWER on the team
let counsel: Person; // client A
let colleague: Person; // client A
let clientB: Person;
let clientAOrg: string;
let mandate: PresentedMandate;
let playbook: string;

const body = async <T>(response: Response) => (await response.json()) as T;
async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }, JSON.stringify(error)).toEqual({ status, code });
  return error;
}

async function person(role: "EDITOR" | "VIEWER" | "CLIENT", organizationName: string): Promise<Person> {
  const { email, password, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, id: user.id, email };
}

const at = (iso: string) => new Date(`${iso}T10:00:00.000Z`);

/** Sets a deliverable's history by hand: created on `created`, then each status at its day (the shortcut columns as timestampsFor would). */
async function history(deliverableId: string, created: string, changes: [status: "IN_PROGRESS" | "DELIVERED", day: string][]) {
  const p = db().prisma;
  await p.deliverable.update({ where: { id: deliverableId }, data: { createdAt: at(created) } });
  await p.deliverableStatusChange.updateMany({ where: { deliverableId, fromStatus: null }, data: { at: at(created) } });
  for (const [status, day] of changes) {
    await p.deliverableStatusChange.updateMany({ where: { deliverableId, toStatus: status }, data: { at: at(day) } });
  }
  const delivered = changes.find(([s]) => s === "DELIVERED");
  const started = changes.find(([s]) => s === "IN_PROGRESS");
  await p.deliverable.update({
    where: { id: deliverableId },
    data: {
      ...(started ? { startedAt: at(started[1]) } : {}),
      ...(delivered ? { deliveredAt: at(delivered[1]), firstDeliveredAt: at(delivered[1]), finalDeliveredAt: at(delivered[1]) } : {}),
      // The SLA clock as the first delivery stores it: from creation, England and Wales (ADR 041).
      ...(delivered
        ? { turnaroundBusinessDays: measureTurnaround({ requestedAt: null, createdAt: at(created) }, at(delivered[1]), { timeZone: "Europe/London", holidayCalendar: "GB-ENG" }, []), turnaroundDefinition: "v2" }
        : {}),
    },
  });
}

async function addDeliverable(input: Record<string, unknown>, moves: string[]) {
  const added = await pm.client.post(`/api/v1/mandates/${mandate.id}/deliverables`, input);
  expect(added.status, await added.clone().text()).toBe(201);
  const deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(added)).deliverables[0]!;
  for (const status of moves) expect((await pm.client.patch(`/api/v1/deliverables/${deliverable.id}`, { status })).status).toBe(200);
  return deliverable;
}

const PLAYBOOK = `:::clause {id="law" name="Governing law" escalateTo="Partner"}

:::preferred

English law.

:::

:::fallback

Irish law.

:::

:::greyzone {approver="Partner"}

New York law.

:::

:::

:::clause {id="cap" name="Liability cap" escalateTo="Partner"}

:::preferred

12 months' fees.

:::

:::

`;

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  pm = await person("EDITOR", "Provider LLP");
  reviewer = await person("EDITOR", "Provider LLP");
  viewerOnTeam = await person("VIEWER", "Provider LLP");
  counsel = await person("CLIENT", "Client A");
  colleague = await person("CLIENT", "Client A");
  clientB = await person("CLIENT", "Client B");
  clientAOrg = (await db().prisma.membership.findFirstOrThrow({ where: { userId: counsel.id } })).organizationId;
  await db().prisma.membership.updateMany({ where: { userId: reviewer.id }, data: { title: "Partner" } });

  const created = await pm.client.post("/api/v1/mandates", {
    clientOrganizationId: clientAOrg,
    title: "Northwind contracts",
    reference: "NW-17",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budget: "10,000.00",
    startDate: "2026-09-01",
    serviceLevels: [{ deliverableType: "NDA", turnaroundBusinessDays: 3 }],
    memberIds: [reviewer.id, viewerOnTeam.id],
  });
  expect(created.status, await created.clone().text()).toBe(201);
  mandate = (await body<{ mandate: PresentedMandate }>(created)).mandate;
  expect((await pm.client.patch(`/api/v1/mandates/${mandate.id}`, { status: "ACTIVE" })).status).toBe(200);

  // Alpha: created and started Mon 2 Nov, delivered Thu 5 Nov (3 business days: within the NDA's 3), due 10 Nov: on time.
  const alpha = await addDeliverable({ title: "NDA Alpha", type: "NDA", dueDate: "2026-11-10", fee: "1,000.00" }, ["IN_PROGRESS", "DELIVERED"]);
  await history(alpha.id, "2026-11-02", [["IN_PROGRESS", "2026-11-02"], ["DELIVERED", "2026-11-05"]]);
  // Beta: created and started Mon 9 Nov, delivered Mon 16 Nov (5 business days: over 3), due 12 Nov: late.
  const beta = await addDeliverable({ title: "NDA Beta", type: "NDA", dueDate: "2026-11-12", fee: "2,000.00" }, ["IN_PROGRESS", "DELIVERED"]);
  await history(beta.id, "2026-11-09", [["IN_PROGRESS", "2026-11-09"], ["DELIVERED", "2026-11-16"]]);
  // Supply: delivered 14 Oct, due 15 Oct: on time, in October; no service level for its type.
  const supply = await addDeliverable({ title: "Supply agreement", type: "Supply agreement", dueDate: "2026-10-15", fee: "3,000.00" }, ["IN_PROGRESS", "DELIVERED"]);
  await history(supply.id, "2026-09-15", [["IN_PROGRESS", "2026-10-01"], ["DELIVERED", "2026-10-14"]]);
  // Open: not started, 500.00: in the plan, never consumed.
  const open = await addDeliverable({ title: "NDA Gamma", type: "NDA", fee: "500.00" }, []);
  await history(open.id, "2026-11-20", []);

  // The log: a risk open through November, an issue closed in October (not shown), a decision in November.
  const add = (json: Record<string, unknown>) => pm.client.post(`/api/v1/mandates/${mandate.id}/log`, json);
  expect((await add({ kind: "RISK", title: "Counterparty slow to respond", detail: "Two rounds waited a week.", ownerId: reviewer.id, raisedOn: "2026-10-01" })).status).toBe(201);
  const issue = await body<{ entry: { id: string } }>(await add({ kind: "ISSUE", title: "Template out of date", raisedOn: "2026-09-10" }));
  expect((await pm.client.patch(`/api/v1/log-entries/${issue.entry.id}`, { status: "CLOSED", closedOn: "2026-10-05" })).status).toBe(200);
  expect((await add({ kind: "DECISION", title: "Accept Irish law as a fallback", raisedOn: "2026-11-03" })).status).toBe(201);

  // A playbook shared with the client, an outcome recorded against it: Acme pushed governing law into the grey zone.
  const doc = await pm.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "NDA playbook", status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientAOrg], markdown: PLAYBOOK });
  expect(doc.status, await doc.clone().text()).toBe(201);
  playbook = (await body<{ document: { id: string } }>(doc)).document.id;
  expect((await pm.client.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: playbook })).status).toBe(201);
  const deal = await addDeliverable({ title: "NDA Delta", type: "NDA", fee: "0" }, ["IN_PROGRESS"]);
  const recorded = await pm.client.request(`/api/v1/deliverables/${deal.id}/outcomes`, {
    method: "PUT",
    json: { documentId: playbook, counterparty: "Acme GmbH", outcomes: [{ clauseId: "law", outcome: "GREY_ZONE" }, { clauseId: "cap", outcome: "PREFERRED" }] },
  });
  expect(recorded.status, await recorded.clone().text()).toBe(200);
  await db().prisma.negotiationOutcome.updateMany({ where: { deliverableId: deal.id }, data: { recordedAt: at("2026-11-18") } });
  await db().prisma.deliverable.update({ where: { id: deal.id }, data: { createdAt: at("2026-11-17") } });
  await db().prisma.deliverableStatusChange.updateMany({ where: { deliverableId: deal.id }, data: { at: at("2026-11-17") } });
}, 60_000);
afterAll(() => server?.close());

const blocksOf = (report: PresentedReport, key: string) => report.content.sections.find((s) => s.key === key)!.blocks;
const factsOf = (blocks: ReportBlock[]) => Object.fromEntries(blocks.flatMap((b) => (b.kind === "facts" ? b.items.map((i) => [i.label, i.value]) : [])));
const tableOf = (blocks: ReportBlock[], caption: string) => blocks.find((b): b is Extract<ReportBlock, { kind: "table" }> => b.kind === "table" && b.caption === caption)!;
const chartOf = (blocks: ReportBlock[]) => blocks.find((b): b is Extract<ReportBlock, { kind: "chart" }> => b.kind === "chart")!.chart;
const get = async (who: Person, id: string) => {
  const response = await who.client.get(`/api/v1/status-reports/${id}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ report: PresentedReport }>(response)).report;
};

describe("a monthly status report", () => {
  let reportId: string;

  test("is created for a month and assembled from the mandate's data, with the KPI definitions", async () => {
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-13" }), 400, "invalid_request");
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-08" }), 400, "invalid_request"); // before the start
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2999-01" }), 400, "invalid_request"); // not begun
    await expectError(await viewerOnTeam.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-11" }), 403, "forbidden");
    // Beta waited on the client Tue 10 → Thu 12 November (Wed and Thu: 2 business days); an older
    // wait closed in October is not November's. A volume breach, and the change request it led to.
    const p = db().prisma;
    const beta = await p.deliverable.findFirstOrThrow({ where: { mandateId: mandate.id, title: "NDA Beta" } });
    await p.deliverableWait.create({ data: { deliverableId: beta.id, reason: "The client's signed term sheet", startedAt: at("2026-11-10"), endedAt: at("2026-11-12") } });
    await p.deliverableWait.create({ data: { deliverableId: beta.id, reason: "An October question", startedAt: at("2026-10-05"), endedAt: at("2026-10-06") } });
    const breach = await p.scopeBreach.create({
      data: { mandateId: mandate.id, kind: "VOLUME", assumptionKey: "volume:NDA", subject: "", period: "2026-11", counted: 3, limit: 2, detectedAt: at("2026-11-16"), evidence: { deliverables: [{ id: beta.id, title: "NDA Beta", type: "NDA", at: at("2026-11-16").toISOString() }] } },
    });
    await p.changeRequest.create({
      data: { mandateId: mandate.id, breachId: breach.id, status: "APPROVED", title: "A third NDA in November", justification: "Volume above the assumption.", budgetDeltaMinor: 150000n, sentAt: at("2026-11-17"), decidedAt: at("2026-11-19") },
    });
    await p.changeRequest.create({ data: { mandateId: mandate.id, status: "DRAFT", title: "Not sent yet", justification: "A draft." } });

    const created = await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-11" });
    expect(created.status, await created.clone().text()).toBe(201);
    reportId = (await body<{ report: PresentedReportSummary }>(created)).report.id;
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-11" }), 409, "status_report_exists");

    const report = await get(pm, reportId);
    expect(report).toMatchObject({ status: "DRAFT", periodTitle: "November 2026", content: { mandate: { reference: "NW-17" }, releasedAt: null } });
    expect(report.content.sections.map((s) => s.key)).toEqual(["deliveries", "waiting", "budget", "changes", "log", "negotiations"]);

    const waiting = blocksOf(report, "waiting");
    expect(factsOf(waiting)).toEqual({ "Waits this month": "1", "Still waiting": "0" });
    expect(tableOf(waiting, "Waits on the client (the service-level clock stands still while work waits)").rows).toEqual([["NDA Beta", "The client's signed term sheet", "2026-11-10", "2026-11-12", "2"]]);
    // The approved change request, not the draft; the breach it answered, in words.
    const changes = blocksOf(report, "changes");
    expect(tableOf(changes, "Change requests").rows).toEqual([["A third NDA in November", "approved", "+1,500.00", "unchanged", "2026-11-17", "2026-11-19"]]);
    expect(tableOf(changes, "Assumptions exceeded").rows).toEqual([["3 “NDA” deliverables came in in November 2026, against an assumed 2 a month.", "2026-11-16"]]);

    // Deliveries in November: Alpha and Beta. On time 1 of 2; turnaround (3 + 5) / 2 = 4.00; within the NDA's 3 days: Alpha only.
    const deliveries = blocksOf(report, "deliveries");
    expect(factsOf(deliveries)).toEqual({
      "Delivered this month": "2",
      "On time": "50.00 % (1 of 2)",
      "Average turnaround": "4.00 business days",
      "Within service level": "50.00 % (1 of 2)",
    });
    expect(tableOf(deliveries, "Delivered this month").rows).toEqual([
      ["NDA Alpha", "NDA", "2026-11-10", "2026-11-05", "yes"],
      ["NDA Beta", "NDA", "2026-11-12", "2026-11-16", "late"],
    ]);
    expect(tableOf(deliveries, "Turnaround by type").rows).toEqual([["NDA", "3 business days", "2", "4.00 business days", "50.00 % (1 of 2)"]]);
    // Six months to November: October has Supply (on time, no service level), November Alpha and Beta.
    const trend = chartOf(deliveries);
    expect(trend.categories).toEqual(["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]);
    expect(trend.series.map((s) => [s.name, s.values])).toEqual([
      ["Delivered", [0, 0, 0, 0, 1, 2]],
      ["On time", [0, 0, 0, 0, 1, 1]],
      ["Within service level", [0, 0, 0, 0, 0, 1]],
    ]);
    expect(deliveries.find((b) => b.kind === "definitions")).toMatchObject({ items: expect.arrayContaining([expect.objectContaining({ term: "On-time rate" }), expect.objectContaining({ term: "Turnaround", definition: expect.stringContaining("waiting on client excluded") })]) });

    // Budget by 30 November: 1,000 + 2,000 + 3,000 = 6,000.00 of 10,000.00 = 60.00 %; 4,000.00 left. Burn: 3,000 by October, 6,000 by November.
    const budget = blocksOf(report, "budget");
    expect(factsOf(budget)).toEqual({ "Agreed budget": "EUR 10,000.00", "Consumed by the end of the month": "EUR 6,000.00 (60.00 %)", Remaining: "EUR 4,000.00" });
    expect(chartOf(budget)).toMatchObject({ series: [{ values: [0, 0, 0, 0, 300000, 600000], labels: expect.arrayContaining(["EUR 3,000.00", "EUR 6,000.00"]) }], level: { value: 1000000, label: "EUR 10,000.00" } });

    // The log: the risk (open) and the decision; the issue closed on 5 October is not November's.
    const log = blocksOf(report, "log");
    expect(tableOf(log, "Risks").rows).toEqual([["Counterparty slow to respond", "Two rounds waited a week.", expect.any(String), "open", "2026-10-01", "", ""]]);
    expect(tableOf(log, "Issues").rows).toEqual([]);
    expect(tableOf(log, "Decisions").rows.map((r) => r[0])).toEqual(["Accept Irish law as a fallback"]);

    // Negotiations: governing law in the grey zone needed the Partner; Acme held the cap (1 of 2 preferred).
    const negotiations = blocksOf(report, "negotiations");
    expect(tableOf(negotiations, "Escalations: positions that needed an approval").rows).toEqual([
      ["NDA Delta", "Governing law (NDA playbook)", "Acme GmbH", "a grey zone position", "Partner", "awaiting approval", "2026-11-18"],
    ]);
    expect(tableOf(negotiations, "What counterparties pushed back on").rows).toEqual([
      ["Acme GmbH", "2", "1 (50.00 %)", "0 (0.00 %)", "1 (50.00 %)", "0 (0.00 %)", "Governing law"],
    ]);
  });

  test("is written by the PM, reviewed by someone else, then released to the client, who is told", async () => {
    // Neither the client nor a viewer sees or writes the draft; the client learns nothing of it.
    await expectError(await counsel.client.get(`/api/v1/status-reports/${reportId}`), 404, "status_report_not_found");
    expect((await body<{ reports: unknown[] }>(await counsel.client.get(`/api/v1/mandates/${mandate.id}/status-reports`))).reports).toEqual([]);
    await expectError(await viewerOnTeam.client.patch(`/api/v1/status-reports/${reportId}`, { rag: "GREEN" }), 403, "forbidden");

    await expectError(await pm.client.post(`/api/v1/status-reports/${reportId}/submit`), 400, "invalid_request");
    await expectError(await pm.client.patch(`/api/v1/status-reports/${reportId}`, { rag: "PURPLE" }), 400, "invalid_request");
    const written = await pm.client.patch(`/api/v1/status-reports/${reportId}`, {
      rag: "AMBER",
      ragReasons: "One NDA was late.",
      wentWell: "Alpha inside the service level.",
      wentBadly: "Beta late after slow counterparty replies.",
      nextSteps: "Chase Acme on governing law.",
    });
    expect(written.status, await written.clone().text()).toBe(200);
    expect((await pm.client.post(`/api/v1/status-reports/${reportId}/submit`)).status).toBe(200);
    await expectError(await pm.client.patch(`/api/v1/status-reports/${reportId}`, { rag: "GREEN" }), 403, "forbidden"); // frozen for the review
    // Four eyes: the PM who submitted it neither approves it nor releases it unapproved.
    await expectError(await pm.client.post(`/api/v1/status-reports/${reportId}/approve`), 403, "forbidden");
    await expectError(await pm.client.post(`/api/v1/status-reports/${reportId}/release`), 409, "status_report_not_approved");
    // Sent back with a note, fixed, submitted again, approved.
    await expectError(await reviewer.client.post(`/api/v1/status-reports/${reportId}/return`, { note: "" }), 400, "invalid_request");
    expect((await reviewer.client.post(`/api/v1/status-reports/${reportId}/return`, { note: "Say when Acme replies." })).status).toBe(200);
    expect((await get(pm, reportId)).review).toMatchObject({ returnNote: "Say when Acme replies." });
    expect((await pm.client.patch(`/api/v1/status-reports/${reportId}`, { nextSteps: "Chase Acme on governing law by 4 December." })).status).toBe(200);
    expect((await pm.client.post(`/api/v1/status-reports/${reportId}/submit`)).status).toBe(200);
    expect((await reviewer.client.post(`/api/v1/status-reports/${reportId}/approve`)).status).toBe(200);
    await expectError(await reviewer.client.post(`/api/v1/status-reports/${reportId}/approve`), 409, "status_report_approved");
    await expectError(await counsel.client.get(`/api/v1/status-reports/${reportId}`), 404, "status_report_not_found");

    const before = await db().prisma.notification.count({ where: { kind: "STATUS_REPORT_RELEASED" } });
    const released = await pm.client.post(`/api/v1/status-reports/${reportId}/release`);
    expect(released.status, await released.clone().text()).toBe(200);
    expect((await body<{ report: PresentedReportSummary }>(released)).report.status).toBe("RELEASED");

    // Both of the client's members are told, in the inbox and by mail; nobody else.
    const notes = await db().prisma.notification.findMany({ where: { kind: "STATUS_REPORT_RELEASED" } });
    expect(notes.length - before).toBe(2);
    expect(notes.map((n) => n.recipientId).sort()).toEqual([counsel.id, colleague.id].sort());
    expect(notes[0]).toMatchObject({ title: "Status report for November 2026: Northwind contracts", link: `/mandates/${mandate.id}/reports/${reportId}` });
    expect(await db().prisma.emailOutbox.count({ where: { to: { in: [counsel.email, colleague.email] }, subject: { contains: "Status report for November 2026" } } })).toBe(2);
    const inbox = await body<{ notifications: { title: string }[] }>(await counsel.client.get("/api/v1/notifications"));
    expect(inbox.notifications.map((n) => n.title)).toContain("Status report for November 2026: Northwind contracts");

    // The client sees it, as released, without the review's trail; client B does not.
    const seen = await get(counsel, reportId);
    expect(seen).toMatchObject({ status: "RELEASED", rag: "AMBER", review: null, content: { rag: "AMBER", nextSteps: "Chase Acme on governing law by 4 December.", releasedBy: expect.any(String) } });
    expect(factsOf(blocksOf(seen, "deliveries"))["On time"]).toBe("50.00 % (1 of 2)");
    expect((await body<{ reports: PresentedReportSummary[] }>(await counsel.client.get(`/api/v1/mandates/${mandate.id}/status-reports`))).reports.map((r) => r.id)).toEqual([reportId]);
    await expectError(await clientB.client.get(`/api/v1/status-reports/${reportId}`), 404, "status_report_not_found");
    await expectError(await counsel.client.patch(`/api/v1/status-reports/${reportId}`, { rag: "GREEN" }), 403, "forbidden");
    await expectError(await pm.client.patch(`/api/v1/status-reports/${reportId}`, { rag: "GREEN" }), 403, "forbidden"); // on the record

    // Audited on the mandate, step by step.
    const actions = (await db().prisma.auditEvent.findMany({ where: { targetId: mandate.id, action: { startsWith: "status_report." } }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual([
      "status_report.created",
      "status_report.updated",
      "status_report.submitted",
      "status_report.returned",
      "status_report.updated",
      "status_report.submitted",
      "status_report.approved",
      "status_report.released",
    ]);
  });

  test("stays as released when the data changes later", async () => {
    const before = await get(counsel, reportId);
    // Beta's fee changes and another NDA is delivered in November after the release; the log changes too.
    const late = await addDeliverable({ title: "NDA Epsilon", type: "NDA", dueDate: "2026-11-30", fee: "4,000.00" }, ["IN_PROGRESS", "DELIVERED"]);
    await history(late.id, "2026-11-02", [["IN_PROGRESS", "2026-11-23"], ["DELIVERED", "2026-11-24"]]);
    await pm.client.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "RISK", title: "A new risk", raisedOn: "2026-11-05" });
    const after = await get(counsel, reportId);
    expect(after.content).toEqual(before.content);
    expect(factsOf(blocksOf(after, "deliveries"))["Delivered this month"]).toBe("2");
    // A new draft for the same month would count it: the snapshot, not the data, is the record.
    const december = await pm.client.post(`/api/v1/mandates/${mandate.id}/status-reports`, { period: "2026-12" });
    expect(december.status).toBe(201);
  });

  test("downloads as a Word file with its charts as pictures, and as a print page with SVG charts", async () => {
    const response = await counsel.client.get(`/api/v1/status-reports/${reportId}/export?format=docx`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="status-report-NW-17-2026-11.docx"');
    const buffer = Buffer.from(await response.arrayBuffer());
    const files = unzipSync(new Uint8Array(buffer));
    const media = Object.keys(files).filter((name) => name.startsWith("word/media/") && name.endsWith(".png"));
    expect(media).toHaveLength(2); // deliveries per month, budget burn
    const png = Buffer.from(files[media[0]!]!);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(1280); // twice the layout's 640 wide: sharp at the size Word shows it
    expect(strFromU8(files["word/document.xml"]!)).toContain("<pic:pic");
    const { value: text } = await mammoth.extractRawText({ buffer });
    for (const expected of ["Status report November 2026: Northwind contracts", "Status: Amber", "One NDA was late.", "Deliveries against service levels", "50.00 % (1 of 2)", "EUR 6,000.00 (60.00 %)", "Counterparty slow to respond", "Acme GmbH", "On-time rate: Deliveries whose final delivery falls on or before"]) {
      expect(text).toContain(expected);
    }
    // The print page: the same report, charts as inline SVG, nothing that runs or loads.
    const print = await counsel.client.get(`/api/v1/status-reports/${reportId}/export?format=html`);
    expect(print.headers.get("content-type")).toContain("text/html");
    const html = await print.text();
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain("EUR 6,000.00 (60.00 %)");
    expect(html).not.toContain("<script");
    await expectError(await counsel.client.get(`/api/v1/status-reports/${reportId}/export?format=pdf`), 400, "invalid_request");
    // The downloads are on the client's access record.
    expect(await db().prisma.accessEvent.count({ where: { userId: counsel.id, mandateId: mandate.id, kind: "EXPORT" } })).toBe(2);
  });

  test("a bar of the chart is drawn in its series' colour", async () => {
    const response = await pm.client.get(`/api/v1/status-reports/${reportId}/export?format=docx`);
    const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
    const png = Buffer.from(files[Object.keys(files).find((n) => n.startsWith("word/media/"))!]!);
    // Chunks after the 8-byte signature: IHDR, then IDAT, whose zlib data inflates to filtered rows.
    const idatLength = png.readUInt32BE(33);
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    const width = png.readUInt32BE(16);
    let blue = 0;
    for (let i = 0; i < rows.length; i += 3) if (rows[i] === 0x1f && rows[i + 1] === 0x5f && rows[i + 2] === 0x9e) blue++;
    expect(blue).toBeGreaterThan(width); // the November bar of "Delivered" at least
  });
});

describe("the mandate's log", () => {
  test("is the provider's: the team reads it, its editors write it, a client gets a 404", async () => {
    const entries = await body<{ entries: { title: string; owner: { name: string } | null; status: string }[] }>(await viewerOnTeam.client.get(`/api/v1/mandates/${mandate.id}/log`));
    expect(entries.entries.map((e) => e.title)).toContain("Counterparty slow to respond");
    await expectError(await viewerOnTeam.client.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "RISK", title: "x", raisedOn: "2026-11-01" }), 403, "forbidden");
    await expectError(await counsel.client.get(`/api/v1/mandates/${mandate.id}/log`), 404, "mandate_log_not_found");
    await expectError(await clientB.client.get(`/api/v1/mandates/${mandate.id}/log`), 404, "mandate_not_found");
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "WORRY", title: "", raisedOn: "2026-11-31" }), 400, "invalid_request");
    await expectError(await pm.client.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "RISK", title: "Owned by a client", ownerId: counsel.id, raisedOn: "2026-11-01" }), 400, "invalid_request");
    const entry = entries.entries.find((e) => e.title === "Counterparty slow to respond")!;
    const reviewerName = (await db().prisma.user.findUniqueOrThrow({ where: { id: reviewer.id } })).name;
    expect(entry.owner?.name).toBe(reviewerName);
    // Closing without a date closes it today; it cannot close before it was raised.
    const added = await pm.client.post(`/api/v1/mandates/${mandate.id}/log`, { kind: "ISSUE", title: "Signature pages missing", ownerId: reviewer.id, raisedOn: "2026-11-20" });
    const { entry: issue } = await body<{ entry: { id: string; owner: { name: string } } }>(added);
    expect(issue.owner.name).toBe(reviewerName);
    await expectError(await pm.client.patch(`/api/v1/log-entries/${issue.id}`, { status: "CLOSED", closedOn: "2026-11-19" }), 400, "invalid_request");
    const closed = await body<{ entry: { status: string; closedOn: string } }>(await pm.client.patch(`/api/v1/log-entries/${issue.id}`, { status: "CLOSED" }));
    expect(closed.entry).toMatchObject({ status: "CLOSED", closedOn: new Date().toISOString().slice(0, 10) });
    await expectError(await counsel.client.patch(`/api/v1/log-entries/${issue.id}`, { status: "OPEN" }), 404, "log_entry_not_found");
  });
});
