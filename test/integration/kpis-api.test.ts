// The KPIs API over HTTP, on a small portfolio built through the real mandates API, with every
// expected figure worked out by hand in the comments. Status changes are stamped "now" by the
// server, so dates are set relative to today (UTC): "due tomorrow" is on time, "due yesterday" late.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { computePortfolioKpis, presentPortfolioKpis, type PresentedMandateKpis, type PortfolioKpisView } from "../../server/kpis/index.ts";
import { readableMandatesWhere } from "../../server/mandates/policy.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { createUser, viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { enterTime, priceTimeOf } from "../helpers/effort.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let clientA: Client;
let clientB: Client;
let otherFirm: Client;
let orgs: { clientA: string; clientB: string };
let editorId: string;
let m1: PresentedMandate;
let m2: PresentedMandate;
let docs: { internalPlaybook: string; sharedPlaybook: string; toolkit: string };

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
const today = day(0);
const thisMonth = today.slice(0, 7);

const body = async <T>(response: Response) => (await response.json()) as T;
type PortfolioBody = { kpis: PortfolioKpisView };
type MandateKpisBody = { kpis: PresentedMandateKpis };
type Issues = Array<{ path: string; message: string }>;

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

/** A status move: the client answers a delivery (ADR 042), the team makes every other move. */
async function moveTo(id: string, status: string, client: Client) {
  const response =
    status === "ACCEPTED" || status === "REJECTED"
      ? await client.post(`/api/v1/deliverables/${id}/acceptance`, status === "ACCEPTED" ? { decision: "accept" } : { decision: "reject", reason: "Not right yet." })
      : await editor.patch(`/api/v1/deliverables/${id}`, { status });
  expect(response.status, await response.clone().text()).toBe(200);
}

async function signIn(role: "EDITOR" | "CLIENT", organizationName: string) {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, organization, user };
}

async function makeDocument(input: Record<string, unknown>) {
  const response = await editor.post("/api/v1/documents", { status: "PUBLISHED", markdown: "Body.", ...input });
  expect(response.status).toBe(201);
  return (await body<{ document: PresentedDocument }>(response)).document.id;
}

async function createMandate(input: Record<string, unknown>) {
  const response = await editor.post("/api/v1/mandates", {
    title: "Mandate",
    reference: `K-${Math.random().toString(36).slice(2, 8)}`,
    startDate: day(-30),
    targetDate: day(30),
    status: "ACTIVE",
    ...input,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ mandate: PresentedMandate }>(response)).mandate;
}

/** Adds deliverables; `minutes` is the editor's time on one, priced by their rate card in its currency (ADR 039). */
async function addDeliverables(mandateId: string, deliverables: Array<Record<string, unknown> & { minutes?: number }>) {
  const response = await editor.post(`/api/v1/mandates/${mandateId}/deliverables`, { deliverables: deliverables.map(({ minutes: _m, ...d }) => d) });
  expect(response.status, await response.clone().text()).toBe(201);
  const created = (await body<{ deliverables: PresentedDeliverable[] }>(response)).deliverables;
  for (const [i, d] of deliverables.entries()) if (d.minutes) await enterTime(editor, created[i]!.id, d.minutes);
  return created;
}

async function deliver(deliverableId: string) {
  for (const status of ["IN_PROGRESS", "DELIVERED"]) {
    const response = await editor.patch(`/api/v1/deliverables/${deliverableId}`, { status });
    expect(response.status, await response.clone().text()).toBe(200);
  }
}

/** RFC 4180 back to rows: quoted cells, doubled quotes, CRLF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") row.push(cell), (cell = "");
    else if (c === "\r" && text[i + 1] === "\n") {
      row.push(cell);
      rows.push(row);
      (row = []), (cell = ""), i++;
    } else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const e = await signIn("EDITOR", "Provider LLP");
  editor = e.client;
  editorId = e.user.id;
  const a = await signIn("CLIENT", "Client A");
  const b = await signIn("CLIENT", "Client B");
  clientA = a.client;
  clientB = b.client;
  otherFirm = (await signIn("EDITOR", "Other Firm")).client;
  orgs = { clientA: a.organization.id, clientB: b.organization.id };

  const internalPlaybook = await makeDocument({ kind: "PLAYBOOK", title: "Internal playbook" });
  const sharedPlaybook = await makeDocument({ kind: "PLAYBOOK", title: "Shared playbook", visibility: "SHARED", sharedWithOrganizationIds: [orgs.clientA] });
  const template = await makeDocument({ kind: "TEMPLATE", title: "Memo template" });
  const toolkit = await makeDocument({ kind: "TOOLKIT", title: "Memo toolkit" });
  expect((await editor.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json: { documentIds: [sharedPlaybook, template] } })).status).toBe(200);
  docs = { internalPlaybook, sharedPlaybook, toolkit };

  // The editor's time costs 100.00/h in EUR, 50.00/h in GBP, 70.00/h in USD; CHF has no rate card.
  await priceTimeOf(db().prisma, editorId, { EUR: 10_000, GBP: 5_000, USD: 7_000 });
  // M1, client A: EUR, budget 10,000.00, memo SLA 2 business days.
  m1 = await createMandate({
    clientOrganizationId: orgs.clientA,
    title: "Northwind",
    pricingModel: "FIXED_PER_DELIVERABLE",
    currency: "EUR",
    budgetMinor: 1_000_000,
    serviceLevels: [{ deliverableType: "memo", turnaroundBusinessDays: 2 }],
  });
  const [d1, d2, d3, , d5] = await addDeliverables(m1.id, [
    { title: "D1", type: "Memo", dueDate: day(1), feeMinor: 100_000, minutes: 60 }, // on time
    { title: "D2", type: "memo", dueDate: day(5), feeMinor: 200_000, minutes: 120 }, // on time
    { title: "D3", type: "contract", dueDate: day(-1), feeMinor: 300_000, minutes: 30 }, // late
    { title: "D4", type: "memo", feeMinor: 0 }, // not started, no due date
    { title: "D5", type: "note", feeMinor: 0 }, // delivered, no due date, no effort
  ]);
  for (const d of [d1!, d2!, d3!, d5!]) await deliver(d.id);

  // M2, client B: CAPPED GBP, budget 500.00; E1 delivered on time.
  m2 = await createMandate({ clientOrganizationId: orgs.clientB, title: "Contoso", pricingModel: "CAPPED", currency: "GBP", budgetMinor: 50_000 });
  const [e1] = await addDeliverables(m2.id, [{ title: "E1", type: "memo", dueDate: day(1), feeMinor: 10_000, minutes: 60 }]);
  await deliver(e1!.id);

  // Links: the internal playbook on both mandates; the toolkit (bringing the shared playbook) on M1.
  for (const [mandateId, documentId] of [[m1.id, internalPlaybook], [m2.id, internalPlaybook], [m1.id, toolkit]] as const) {
    const response = await editor.post(`/api/v1/mandates/${mandateId}/resources`, { documentId });
    expect(response.status, await response.clone().text()).toBe(201);
  }
});
afterAll(() => server?.close());

describe("portfolio KPIs", () => {
  test("the provider's staff see every mandate, margins per pricing model and currency", async () => {
    const response = await editor.get("/api/v1/kpis");
    expect(response.status).toBe(200);
    const { kpis } = await body<PortfolioBody>(response);
    // on time: D1, D2, E1 of D1, D2, D3, E1 (D5 has no due date) → 3 / 4 = 75.00 %
    expect(kpis.onTimeRate).toEqual({ kind: "ratio", numerator: 3, denominator: 4, basisPoints: 7500, percent: "75.00" });
    // default range: 12 months up to today, this month last with D1, D2, D3, D5, E1 = 5
    expect(kpis.range.to).toBe(today);
    expect(kpis.deliveredPerMonth).toHaveLength(12);
    expect(kpis.deliveredPerMonth.at(-1)).toEqual({ month: thisMonth, delivered: 5 });
    // turnaround: all started and delivered today → 0 business days, 5 measured; SLA ("memo",
    // matched ignoring case) on D1 ("Memo"), D2 and E1 (no SLA on M2: only D1, D2) → 2 of 2 within
    expect(kpis.turnaround).toMatchObject({ measured: 5, averageHundredths: 0, withSla: 2, withinSla: { percent: "100.00" } });
    // links: internal playbook on M1 and M2 = 2; shared playbook brought by the toolkit = 1
    expect(kpis.mostUsedPlaybooks).toEqual([
      { documentId: docs.internalPlaybook, title: "Internal playbook", linkCount: 2 },
      { documentId: docs.sharedPlaybook, title: "Shared playbook", linkCount: 1 },
    ]);
    expect(kpis.client).toBeNull();
    // CAPPED GBP: fee 10,000; cost 60 min × 5,000/h ÷ 60 = 5,000 → margin 5,000 / 10,000 = 50.00 %
    // FIXED EUR: fees 100,000 + 200,000 + 300,000 + 0 (D5 unmeasured: no effort) = 600,000;
    //   cost (60 + 120 + 30) min × 10,000/h ÷ 60 = 35,000 → 565,000 / 600,000 = 94.1666 % → 9417 bp
    expect(kpis.marginByPricingModel).toEqual([
      expect.objectContaining({ pricingModel: "CAPPED", currency: "GBP", deliverables: 1, feesMinor: 10_000, costMinor: 5_000, marginMinor: 5_000, unmeasured: 0 }),
      expect.objectContaining({
        pricingModel: "FIXED_PER_DELIVERABLE", currency: "EUR", deliverables: 3, feesMinor: 600_000, costMinor: 35_000, marginMinor: 565_000, unmeasured: 1,
        margin: { kind: "ratio", numerator: 565_000, denominator: 600_000, basisPoints: 9417, percent: "94.17" },
      }),
    ]);
    expect(kpis.marginByPricingModel?.[1]?.formatted.fees).toMatch(/6,000\.00/);
  });

  test("one client, and a range that leaves today out", async () => {
    const { kpis } = await body<PortfolioBody>(await editor.get(`/api/v1/kpis?client=${orgs.clientA}`));
    // M1 only: D1, D2 on time, D3 late → 2 / 3 = 66.67 %
    expect(kpis.onTimeRate).toMatchObject({ numerator: 2, denominator: 3, percent: "66.67" });
    expect(kpis.client).toEqual({ id: orgs.clientA, name: "Client A" });
    expect(kpis.marginByPricingModel?.map((r) => r.pricingModel)).toEqual(["FIXED_PER_DELIVERABLE"]);

    const past = await body<PortfolioBody>(await editor.get(`/api/v1/kpis?from=${day(-60)}&to=${day(-1)}`));
    expect(past.kpis.onTimeRate).toEqual({ kind: "no-data" });
    expect(past.kpis.mostUsedPlaybooks).toEqual([]);
    expect(past.kpis.range).toEqual({ from: day(-60), to: day(-1) });
  });

  test("a client member sees their own organisation only, and no margin", async () => {
    const { kpis } = await body<PortfolioBody>(await clientA.get("/api/v1/kpis"));
    expect(kpis.onTimeRate).toMatchObject({ numerator: 2, denominator: 3, percent: "66.67" });
    expect(kpis.marginByPricingModel).toBeNull();
    // named as their own organisation, never "every client" (issue 14)
    expect(kpis.client).toEqual({ id: orgs.clientA, name: "Client A" });
    // the internal playbook is not theirs to see; the shared one, on their mandate, is
    expect(kpis.mostUsedPlaybooks).toEqual([{ documentId: docs.sharedPlaybook, title: "Shared playbook", linkCount: 1 }]);
    expect(JSON.stringify(kpis)).not.toMatch(/Internal playbook|Contoso|costMinor|effort/);

    const own = await clientA.get(`/api/v1/kpis?client=${orgs.clientA}`);
    expect(own.status).toBe(200);
    // another client's id and a made-up one answer the same: nothing learnt
    const other = await expectError(await clientA.get(`/api/v1/kpis?client=${orgs.clientB}`), 404, "client_not_found");
    const madeUp = await expectError(await clientA.get("/api/v1/kpis?client=cl_made_up"), 404, "client_not_found");
    expect(other).toEqual(madeUp);
  });

  test("another firm sees none of it", async () => {
    const { kpis } = await body<PortfolioBody>(await otherFirm.get("/api/v1/kpis"));
    expect(kpis).toMatchObject({ onTimeRate: { kind: "no-data" }, mostUsedPlaybooks: [], marginByPricingModel: [] });
    await expectError(await otherFirm.get(`/api/v1/kpis?client=${orgs.clientA}`), 404, "client_not_found");
  });

  test("CSV: a download that parses back to the same figures; no margin rows for a client", async () => {
    const response = await editor.get(`/api/v1/kpis?format=csv&client=${orgs.clientA}&from=${day(-10)}&to=${today}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="kpis-portfolio-${day(-10)}-to-${today}.csv"`);
    const rows = parseCsv(await response.text());
    expect(rows[0]).toEqual(["kpi", "item", "value", "unit", "numerator", "denominator", "currency"]);
    expect(rows).toContainEqual(["range", `${day(-10)} to ${today}`, "", "", "", "", ""]);
    expect(rows).toContainEqual(["on-time rate", "", "66.67", "%", "2", "3", ""]);
    expect(rows).toContainEqual(["margin", "FIXED_PER_DELIVERABLE", "94.17", "%", "565000", "600000", "EUR"]);
    expect(rows).toContainEqual(["playbook links", "Shared playbook", "1", "links", "", "", ""]);

    const forClient = parseCsv(await (await clientA.get("/api/v1/kpis?format=csv")).text());
    expect(forClient).toContainEqual(["on-time rate", "", "66.67", "%", "2", "3", ""]);
    expect(forClient.some((r) => ["margin", "fees", "measured fees", "cost", "unmeasured deliverables"].includes(r[0]!))).toBe(false);
  });

  test("bad parameters are a 400 naming each one, and nothing is computed", async () => {
    const error = await expectError(await editor.get("/api/v1/kpis?from=2026-02-30&to=soon&form=x&format=xml"), 400, "invalid_request");
    const paths = (error.error.details?.issues as Issues).map((i) => i.path).sort();
    expect(paths).toEqual(["form", "format", "from", "to"]);
    const reversed = await expectError(await editor.get(`/api/v1/kpis?from=${today}&to=${day(-1)}`), 400, "invalid_request");
    expect(reversed.error.details?.issues).toEqual([expect.objectContaining({ path: "from" })]);
    const tooLong = await expectError(await editor.get("/api/v1/kpis?from=2010-01-01&to=2026-01-01"), 400, "invalid_request");
    expect((tooLong.error.details?.issues as Issues)[0]?.message).toMatch(/at most/);
    const twice = await expectError(await editor.get(`/api/v1/kpis?client=${orgs.clientA}&client=${orgs.clientB}`), 400, "invalid_request");
    expect((twice.error.details?.issues as Issues).map((i) => i.path)).toEqual(["client"]);
    await expectError(await createClient(server.url).get("/api/v1/kpis"), 401, "unauthenticated");
  });
});

describe("margin fees", () => {
  test("a delivered deliverable's fee shows without effort; only its margin is unmeasured (issue 14)", async () => {
    // Its own currency, so it has a row of its own: CHF, one delivery of 250.00 with no time entered.
    const chf = await createMandate({ clientOrganizationId: orgs.clientB, pricingModel: "FIXED_PER_DELIVERABLE", currency: "CHF", budgetMinor: 100_000 });
    const [g] = await addDeliverables(chf.id, [{ title: "G", type: "note", feeMinor: 25_000 }]);
    await deliver(g!.id);
    const { kpis } = await body<PortfolioBody>(await editor.get(`/api/v1/kpis?client=${orgs.clientB}`));
    const row = kpis.marginByPricingModel?.find((r) => r.currency === "CHF");
    expect(row).toMatchObject({ deliverables: 0, feesMinor: 25_000, measuredFeesMinor: 0, costMinor: 0, margin: { kind: "no-data" }, unmeasured: 1 });
    expect(row?.formatted.fees).toMatch(/250\.00/);
  });
});

describe("mandate KPIs", () => {
  test("by status, on time, budget and burn-down of one mandate", async () => {
    const response = await editor.get(`/api/v1/mandates/${m1.id}/kpis`);
    expect(response.status).toBe(200);
    const { kpis } = await body<MandateKpisBody>(response);
    expect(kpis.mandateId).toBe(m1.id);
    expect(kpis.byStatus.filter((s) => s.count > 0)).toEqual([
      { status: "NOT_STARTED", count: 1 }, // D4
      { status: "DELIVERED", count: 4 }, // D1, D2, D3, D5
    ]);
    // D1, D2 on time, D3 late → 2 / 3 = 66.67 %; D5 delivered without a due date, apart
    expect(kpis.onTime).toEqual({
      rate: { kind: "ratio", numerator: 2, denominator: 3, basisPoints: 6667, percent: "66.67" },
      delivered: 3, onTime: 2, late: 1, awaitingRedelivery: 0, withoutDueDate: 1,
    });
    // consumed 100,000 + 200,000 + 300,000 + 0 = 600,000 of 1,000,000 → 60.00 %
    expect(kpis.budget).toMatchObject({ currency: "EUR", agreedMinor: 1_000_000, consumedMinor: 600_000, remainingMinor: 400_000, consumed: { percent: "60.00" }, cap: null });
    expect(kpis.budget.formatted.consumed).toMatch(/6,000\.00/);
    // start −30 to target +30: 61 daily points; scope 5, today 1 open (D4), ideal 5 → 0; the
    // deliverables were created today, so before today none was open
    expect(kpis.burndown).toMatchObject({ granularity: "day", scope: 5, hasIdeal: true });
    expect(kpis.burndown.points).toHaveLength(61);
    expect(kpis.burndown.points[0]).toEqual({ date: day(-30), ideal: 5, actual: 0 });
    expect(kpis.burndown.points.find((p) => p.date === day(-1))?.actual).toBe(0);
    expect(kpis.burndown.points.find((p) => p.date === today)).toEqual({ date: today, ideal: 2.5, actual: 1 });
    expect(kpis.burndown.points.at(-1)).toEqual({ date: day(30), ideal: 0, actual: null });
  });

  test("weekly burn-down: open from creation until accepted, with today's point between the weekly ones (issue 14)", async () => {
    // start −100 to target +100: 201 days → weekly points at −100, −93, …, −2, +5; today is off that grid
    const long = await createMandate({ clientOrganizationId: orgs.clientA, pricingModel: "FIXED_PER_DELIVERABLE", currency: "EUR", budgetMinor: 0, startDate: day(-100), targetDate: day(100) });
    const [accepted] = await addDeliverables(long.id, [{ title: "G1", type: "memo" }, { title: "G2", type: "memo" }, { title: "G3", type: "memo" }]);
    await deliver(accepted!.id);
    await moveTo(accepted!.id, "ACCEPTED", clientA);

    const { kpis } = await body<MandateKpisBody>(await editor.get(`/api/v1/mandates/${long.id}/kpis`));
    expect(kpis.burndown).toMatchObject({ granularity: "week", scope: 3 });
    const actual = (date: string) => kpis.burndown.points.find((p) => p.date === date)?.actual;
    expect(actual(day(-100))).toBe(0); // created today: not open before
    expect(actual(day(-2))).toBe(0);
    expect(actual(today)).toBe(2); // G1 accepted today
    expect(actual(day(5))).toBeNull();
    expect(kpis.burndown.points.filter((p) => p.actual !== null).at(-1)?.date).toBe(today);
  });

  test("a mandate without a target date has no ideal line", async () => {
    const open = await createMandate({ clientOrganizationId: orgs.clientA, pricingModel: "FIXED_PER_PERIOD", currency: "EUR", budgetMinor: 0, startDate: day(-2), targetDate: null });
    const { kpis } = await body<MandateKpisBody>(await editor.get(`/api/v1/mandates/${open.id}/kpis`));
    // start −2 to today: 3 points, nothing to burn
    expect(kpis.burndown).toMatchObject({ hasIdeal: false, scope: 0 });
    expect(kpis.burndown.points.map((p) => p.date)).toEqual([day(-2), day(-1), today]);
    expect(kpis.budget.consumed).toEqual({ kind: "no-data" });
  });

  test("CSV download of a mandate's KPIs", async () => {
    const response = await editor.get(`/api/v1/mandates/${m1.id}/kpis?format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(`attachment; filename="kpis-mandate-${m1.id}-${today}.csv"`);
    const rows = parseCsv(await response.text());
    expect(rows).toContainEqual(["on-time rate", "", "66.67", "%", "2", "3", ""]);
    expect(rows).toContainEqual(["budget consumed", "", "600000", "minor units", "", "", "EUR"]);
    expect(rows).toContainEqual(["delivered without due date", "", "1", "deliverables", "", "", ""]);
    expect(rows).toContainEqual(["burn-down remaining", today, "1", "deliverables", "", "", ""]);
  });

  test("client isolation: another client or firm gets the same 404 as for a mandate that does not exist", async () => {
    const own = await clientA.get(`/api/v1/mandates/${m1.id}/kpis`);
    expect(own.status).toBe(200);
    expect(await own.text()).not.toMatch(/effort|cost|margin/i);
    const missing = await expectError(await clientA.get("/api/v1/mandates/cl_missing/kpis"), 404, "mandate_not_found");
    for (const [client, mandateId] of [[clientA, m2.id], [clientB, m1.id], [otherFirm, m1.id]] as const) {
      expect(await expectError(await client.get(`/api/v1/mandates/${mandateId}/kpis`), 404, "mandate_not_found")).toEqual(missing);
      await expectError(await client.get(`/api/v1/mandates/${mandateId}/kpis?format=csv`), 404, "mandate_not_found");
    }
  });

  test("bad parameters are a 400 naming each one", async () => {
    const error = await expectError(await editor.get(`/api/v1/mandates/${m1.id}/kpis?format=pdf&asof=x`), 400, "invalid_request");
    expect((error.error.details?.issues as Issues).map((i) => i.path).sort()).toEqual(["asof", "format"]);
  });
});

describe("the pure formulas are the reference", () => {
  test("the portfolio summed in SQL equals the formulas over every row, rejections and undated work included", async () => {
    // More history on a third mandate: delivered, rejected, reworked and delivered again; rejected and left; delivered undated.
    const m3 = await createMandate({ clientOrganizationId: orgs.clientB, pricingModel: "FIXED_PER_DELIVERABLE", currency: "USD", budgetMinor: 90_000,
      serviceLevels: [{ deliverableType: "opinion", turnaroundBusinessDays: 1 }] });
    const [f1, f2, f3] = await addDeliverables(m3.id, [
      { title: "F1", type: "Opinion", dueDate: day(2), feeMinor: 30_000, minutes: 45 },
      { title: "F2", type: "opinion", dueDate: day(-1), feeMinor: 20_000 },
      { title: "F3", type: "memo", feeMinor: 10_000, minutes: 10 },
    ]);
    for (const [id, statuses] of [
      [f1!.id, ["IN_PROGRESS", "IN_REVIEW", "DELIVERED", "REJECTED", "IN_PROGRESS", "DELIVERED", "ACCEPTED"]],
      [f2!.id, ["IN_PROGRESS", "DELIVERED", "REJECTED"]],
      [f3!.id, ["IN_PROGRESS", "DELIVERED"]],
    ] as const) {
      for (const status of statuses) await moveTo(id, status, clientB);
    }

    const viewer = await viewerOf(db().prisma, editorId);
    const rows = await db().prisma.mandate.findMany({
      where: readableMandatesWhere(viewer),
      include: { deliverables: { include: { statusChanges: true } }, resourceLinks: { include: { document: true } } },
    });
    const from = new Date(`${day(-30)}T00:00:00Z`);
    const to = new Date(`${today}T00:00:00Z`);
    const usage = new Map<string, { documentId: string; title: string; linkCount: number }>();
    for (const link of rows.flatMap((m) => m.resourceLinks)) {
      if (link.document.kind !== "PLAYBOOK") continue;
      const u = usage.get(link.documentId) ?? { documentId: link.documentId, title: link.document.title, linkCount: 0 };
      u.linkCount += 1;
      usage.set(link.documentId, u);
    }
    const reference = presentPortfolioKpis(
      computePortfolioKpis({
        mandates: rows.map((m) => ({ ...m, serviceLevels: m.serviceLevels as { deliverableType: string; turnaroundBusinessDays: number }[] })),
        deliverables: rows.flatMap((m) => m.deliverables.map((d) => ({ ...d, statusChanges: d.statusChanges.map((c) => ({ to: c.toStatus, at: c.at })) }))),
        playbookUsage: [...usage.values()],
        range: { from, to },
      }),
    );
    const { kpis } = await body<PortfolioBody>(await editor.get(`/api/v1/kpis?from=${day(-30)}&to=${today}`));
    const { client: _client, ...figures } = kpis;
    expect(figures).toEqual(reference);
    // and what that reference says, by hand: on time D1, D2, E1, F1 of D1, D2, D3, E1, F1 (F2 rejected, D5 and F3 undated) → 4 / 5
    expect(kpis.onTimeRate).toMatchObject({ numerator: 4, denominator: 5, percent: "80.00" });
  });
});
