// A playbook's positions analytics, version comparison and review triggers over HTTP (ADR 037).
// Outcomes are seeded straight into NegotiationOutcome (the outcomes service is another part of
// issue 16) on real organisations, mandates, deliverables and playbooks, so the policy is real;
// every expected figure is worked out by hand in the comments.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PositionsView, VersionComparisonView } from "../../server/kpis/positions.ts";
import type { PresentedReviewFinding, PresentedReviewTrigger } from "../../server/kpis/review-trigger-service.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { enterTime, priceTimeOf } from "../helpers/effort.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Who = { client: Client; id: string };
let editor: Who; // owns the playbooks; on client A's and client B's teams
let admin: Who; // on no team: sees that every mandate exists (the portfolio's rule)
let walled: Who; // on both teams, then walled off client B
let clientA: Who;
let otherFirm: Who;
let orgs: { provider: string; a: string; b: string };
let playbook: string;
let nda: string;
let d: Record<"a1" | "a2" | "a3" | "a4" | "b1" | "b2", PresentedDeliverable>;
let mA: PresentedMandate;
let mB: PresentedMandate;

const RANGE = "from=2026-01-01&to=2026-12-31";
const body = async <T>(response: Response) => (await response.json()) as T;
const positions = async (who: Who, query: string) => {
  const response = await who.client.get(`/api/v1/kpis/positions?documentId=${playbook}&${RANGE}${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await body<{ positions: PositionsView }>(response)).positions;
};
const pct = (percent: string) => expect.objectContaining({ kind: "ratio", percent });

async function signIn(role: "EDITOR" | "ADMIN" | "CLIENT", organizationName: string): Promise<Who & { organization: string }> {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, id: user.id, organization: organization!.id };
}

async function created<T>(response: Response, key: string): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as Record<string, T>)[key]!;
}

type Seed = {
  deliverable: PresentedDeliverable;
  mandate: PresentedMandate;
  clauseId: string;
  clauseName: string;
  perspective?: string;
  outcome: "PREFERRED" | "FALLBACK" | "GREY_ZONE" | "RED_LINE" | "NOT_APPLICABLE";
  fallbackIndex?: number;
  counterparty?: string;
  versionNumber: number | null;
  at: string;
  documentId?: string;
};

async function seed(rows: Seed[]) {
  await db().prisma.negotiationOutcome.createMany({
    data: rows.map((r) => ({
      deliverableId: r.deliverable.id,
      mandateId: r.mandate.id,
      providerOrganizationId: orgs.provider,
      clientOrganizationId: r.mandate.id === mA.id ? orgs.a : orgs.b,
      documentId: r.documentId ?? playbook,
      versionNumber: r.versionNumber,
      clauseId: r.clauseId,
      clauseName: r.clauseName,
      perspective: r.perspective ?? "",
      outcome: r.outcome,
      fallbackIndex: r.fallbackIndex ?? null,
      counterparty: r.counterparty ?? "",
      recordedAt: new Date(r.at),
    })),
  });
}

const DAY_MS = 86_400_000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const e = await signIn("EDITOR", "Provider LLP");
  editor = e;
  admin = await signIn("ADMIN", "Provider LLP");
  walled = await signIn("EDITOR", "Provider LLP");
  const a = await signIn("CLIENT", "Client A");
  const b = await signIn("CLIENT", "Client B");
  clientA = a;
  otherFirm = await signIn("EDITOR", "Other Firm");
  orgs = { provider: e.organization, a: a.organization, b: b.organization };

  const doc = (title: string) =>
    editor.client.post("/api/v1/documents", {
      kind: "PLAYBOOK",
      title,
      status: "PUBLISHED",
      markdown: "Positions.",
      visibility: "SHARED",
      sharedWithOrganizationIds: [orgs.a, orgs.b],
    });
  playbook = (await created<PresentedDocument>(await doc("Supply playbook"), "document")).id;
  nda = (await created<PresentedDocument>(await doc("NDA playbook"), "document")).id;

  const mandate = async (client: string, title: string) =>
    created<PresentedMandate>(
      await editor.client.post("/api/v1/mandates", {
        clientOrganizationId: client,
        title,
        reference: `P-${title}`,
        startDate: day(-30),
        status: "ACTIVE",
        pricingModel: "FIXED_PER_DELIVERABLE",
        currency: "EUR",
        budgetMinor: 1_000_000,
        serviceLevels: [{ deliverableType: "contract", turnaroundBusinessDays: 2 }],
        memberIds: [walled.id],
      }),
      "mandate",
    );
  mA = await mandate(orgs.a, "Northwind");
  mB = await mandate(orgs.b, "Contoso");
  const add = async (m: PresentedMandate, rows: Record<string, unknown>[]) =>
    created<PresentedDeliverable[]>(await editor.client.post(`/api/v1/mandates/${m.id}/deliverables`, { deliverables: rows }), "deliverables");
  const [a1, a2, a3, a4] = await add(mA, [
    { title: "A1", type: "contract", dueDate: day(1), feeMinor: 100_000 },
    { title: "A2", type: "contract", dueDate: day(5), feeMinor: 100_000 },
    { title: "A3", type: "contract", feeMinor: 100_000 },
    { title: "A4", type: "contract", feeMinor: 100_000 },
  ]);
  const [b1, b2] = await add(mB, [
    { title: "B1", type: "contract", dueDate: day(-1), feeMinor: 50_000 },
    { title: "B2", type: "contract", feeMinor: 50_000 },
  ]);
  d = { a1: a1!, a2: a2!, a3: a3!, a4: a4!, b1: b1!, b2: b2! };
  // The editor's time at 100.00/h: A1 60 min, A2 120, A3 30, B1 60.
  await priceTimeOf(db().prisma, editor.id, { EUR: 10_000 });
  for (const [x, minutes] of [[d.a1, 60], [d.a2, 120], [d.a3, 30], [d.b1, 60]] as const) await enterTime(editor.client, x.id, minutes);
  // A1 delivered on time (due tomorrow), B1 late (due yesterday); both started and delivered today.
  for (const x of [d.a1, d.b1]) {
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await editor.client.patch(`/api/v1/deliverables/${x.id}`, { status })).status).toBe(200);
  }

  const wall = await admin.client.post("/api/v1/walls", { userId: walled.id, clientOrganizationId: orgs.b, reason: "Acts for Contoso's counterparty" });
  expect(wall.status, await wall.clone().text()).toBe(201);

  const cap = { clauseId: "cap", clauseName: "Liability cap", perspective: "recipient" };
  const term = { clauseId: "term", clauseName: "Term" };
  await seed([
    { ...cap, clauseName: "Cap on liability", deliverable: d.a1, mandate: mA, outcome: "PREFERRED", counterparty: "ACME LTD", versionNumber: 1, at: "2026-05-10T10:00:00Z" },
    { ...cap, deliverable: d.a2, mandate: mA, outcome: "FALLBACK", fallbackIndex: 1, counterparty: " Acme Ltd ", versionNumber: 1, at: "2026-05-20T10:00:00Z" },
    { ...cap, deliverable: d.a3, mandate: mA, outcome: "FALLBACK", fallbackIndex: 1, counterparty: "", versionNumber: 2, at: "2026-08-01T10:00:00Z" },
    { ...cap, deliverable: d.a4, mandate: mA, outcome: "NOT_APPLICABLE", counterparty: "BETA", versionNumber: 2, at: "2026-08-02T10:00:00Z" },
    { ...cap, deliverable: d.b1, mandate: mB, outcome: "FALLBACK", fallbackIndex: 2, counterparty: "beta", versionNumber: 2, at: "2026-08-03T10:00:00Z" },
    // The last minute of Q3 in UTC (already Q4 east of Greenwich).
    { ...cap, deliverable: d.b2, mandate: mB, outcome: "RED_LINE", counterparty: "Beta", versionNumber: 2, at: "2026-09-30T23:59:00Z" },
    { ...term, deliverable: d.a1, mandate: mA, outcome: "GREY_ZONE", counterparty: "ACME LTD", versionNumber: 1, at: "2026-05-10T10:00:00Z" },
    { ...term, deliverable: d.b1, mandate: mB, outcome: "PREFERRED", counterparty: "Beta", versionNumber: 2, at: "2026-08-03T10:00:00Z" },
    // Outside the range: not counted.
    { ...term, deliverable: d.a2, mandate: mA, outcome: "PREFERRED", counterparty: "Acme", versionNumber: 1, at: "2025-12-31T23:59:00Z" },
  ]);
});
afterAll(() => server?.close());

describe("positions analytics", () => {
  test("per clause: deals leave out not applicable; each position's share of them", async () => {
    const p = await positions(editor, "");
    expect(p.document).toEqual({ id: playbook, title: "Supply playbook" });
    expect(p.range).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    // Liability cap: 6 outcomes, 1 not applicable → 5 deals: preferred 1 (20 %), fallback 1 ×2 (40 %),
    // fallback 2 ×1 (20 %), fallbacks 3 (60 %), grey 0, red line 1 (20 %). Its latest name wins.
    // Term: 2 deals (the 2025 outcome is outside the range): preferred 1, grey zone 1.
    expect(p.clauses.map((c) => [c.clauseName, c.perspective])).toEqual([
      ["Liability cap", "recipient"],
      ["Term", ""],
    ]);
    const cap = p.clauses[0]!.figures;
    expect(cap).toMatchObject({ deals: 5, preferred: 1, fallback: 3, greyZone: 0, redLine: 1, notApplicable: 1, fallbacks: [{ index: 1, count: 2 }, { index: 2, count: 1 }] });
    expect(cap.rates).toEqual({
      preferred: pct("20.00"),
      fallbacks: [{ index: 1, rate: pct("40.00") }, { index: 2, rate: pct("20.00") }],
      fallback: pct("60.00"),
      greyZone: pct("0.00"),
      redLine: pct("20.00"),
    });
    expect(p.clauses[1]!.figures).toMatchObject({ deals: 2, preferred: 1, greyZone: 1, rates: { preferred: pct("50.00"), greyZone: pct("50.00") } });
    // Every clause: 7 deals, preferred 2 (28.57 %).
    expect(p.total).toMatchObject({ deals: 7, preferred: 2, fallback: 3, greyZone: 1, redLine: 1, notApplicable: 1, rates: { preferred: pct("28.57") } });
    expect(p.perspectives).toEqual(["", "recipient"]);
  });

  test("by quarter (UTC), client, counterparty (case and spaces ignored) and version", async () => {
    const p = await positions(editor, "");
    // Q2: cap P, cap F1, term grey → 3 deals. Q3: cap F1, (N/A), F2, red line at 23:59 on 30 September UTC, term P → 4 deals.
    expect(p.byQuarter.map((q) => [q.label, q.total.deals, q.total.notApplicable])).toEqual([
      ["2026 Q2", 3, 0],
      ["2026 Q3", 4, 1],
    ]);
    expect(p.byQuarter[1]!.clauses.find((c) => c.clauseId === "cap")!.figures).toMatchObject({ deals: 3, redLine: 1, rates: { redLine: pct("33.33") } });
    // Client A: cap P, F1, F1, (N/A), term grey → 4 deals; client B: cap F2, red line, term P → 3.
    expect(p.byClient.map((c) => [c.label, c.total.deals, c.total.rates.fallback])).toEqual([
      ["Client A", 4, pct("50.00")],
      ["Client B", 3, pct("33.33")],
    ]);
    // "ACME LTD" and " Acme Ltd " are one counterparty, shown as last written; "BETA", "beta", "Beta"
    // one (N/A left out: 3 deals); none written down: "(not recorded)".
    expect(p.byCounterparty.map((c) => [c.label, c.total.deals])).toEqual([
      ["Acme Ltd", 3],
      ["Beta", 3],
      ["(not recorded)", 1],
    ]);
    // Version 1: cap P, F1, term grey → 3; version 2: cap F1, (N/A), F2, red line, term P → 4.
    expect(p.byVersion.map((v) => [v.label, v.total.deals, v.total.rates.preferred])).toEqual([
      ["Version 1", 3, pct("33.33")],
      ["Version 2", 4, pct("25.00")],
    ]);
  });

  test("filters: one client, one perspective, a range", async () => {
    const b = await positions(editor, `&client=${orgs.b}`);
    expect(b.client).toEqual({ id: orgs.b, name: "Client B" });
    expect(b.total).toMatchObject({ deals: 3, preferred: 1, fallback: 1, redLine: 1 });
    const recipient = await positions(editor, "&perspective=recipient");
    expect(recipient.clauses.map((c) => c.clauseId)).toEqual(["cap"]);
    expect(recipient.total.deals).toBe(5);
    const q2 = await (await editor.client.get(`/api/v1/kpis/positions?documentId=${playbook}&from=2026-04-01&to=2026-06-30`)).json();
    expect((q2 as { positions: PositionsView }).positions.total.deals).toBe(3);
  });

  test("a client member sees only their organisation's outcomes, whatever client= says", async () => {
    const own = await positions(clientA, "");
    // Client A: cap P, F1, F1, (N/A) → 3 deals; term grey → 1.
    expect(own.total).toMatchObject({ deals: 4, notApplicable: 1 });
    expect(own.byClient.map((c) => c.label)).toEqual(["Client A"]);
    const asB = await clientA.client.get(`/api/v1/kpis/positions?documentId=${playbook}&${RANGE}&client=${orgs.b}`);
    expect(asB.status).toBe(404);
    expect(((await asB.json()) as ErrorBody).error.code).toBe("client_not_found");
  });

  test("a member walled off a client does not see its outcomes; an admin off the teams sees every unwalled client's", async () => {
    const w = await positions(walled, "");
    expect(w.byClient.map((c) => c.label)).toEqual(["Client A"]);
    expect(w.total.deals).toBe(4);
    expect((await positions(admin, "")).total.deals).toBe(7);
  });

  test("someone who cannot read the playbook gets 404; bad parameters are 400 naming them", async () => {
    const response = await otherFirm.client.get(`/api/v1/kpis/positions?documentId=${playbook}`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.code).toBe("document_not_found");
    const bad = await editor.client.get(`/api/v1/kpis/positions?documentId=${playbook}&from=2026-13-01&form=x`);
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as ErrorBody).error.details?.issues as { path: string }[];
    expect(issues.map((i) => i.path).sort()).toEqual(["form", "from"]);
    const missing = await editor.client.get(`/api/v1/kpis/positions`);
    expect(((await missing.json()) as ErrorBody).error.details?.issues).toEqual([expect.objectContaining({ path: "documentId" })]);
  });

  test("the CSV holds the same figures, one row per breakdown, clause and position", async () => {
    const response = await editor.client.get(`/api/v1/kpis/positions?documentId=${playbook}&${RANGE}&format=csv`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(response.headers.get("content-disposition")).toContain(`positions-${playbook}-2026-01-01-to-2026-12-31.csv`);
    const lines = (await response.text()).split("\r\n");
    expect(lines[0]).toBe("breakdown,value,clause,perspective,position,outcomes,share,unit,numerator,denominator");
    expect(lines).toContain("all,2026-01-01 to 2026-12-31,Liability cap,recipient,fallback 1,2,40,%,2,5");
    expect(lines).toContain("all,2026-01-01 to 2026-12-31,Liability cap,recipient,not applicable,1,,,,");
    expect(lines).toContain("quarter,2026 Q3,(every clause),,deals,4,,,,");
    expect(lines).toContain("counterparty,(not recorded),(every clause),,fallback 1,1,100,%,1,1");
    // Counterparties are counted for every clause together, not per clause (ADR 037).
    expect(lines.some((l) => l.startsWith("counterparty,(not recorded),Liability cap"))).toBe(false);
  });
});

describe("version comparison", () => {
  test("the two latest versions with outcomes: deliverables, on time, turnaround, effort, margin, concessions", async () => {
    const response = await editor.client.get(`/api/v1/kpis/positions/versions?documentId=${playbook}`);
    expect(response.status, await response.clone().text()).toBe(200);
    const { comparison } = await body<{ comparison: VersionComparisonView }>(response);
    const [v1, v2] = comparison.versions;
    // Version 1: A1 (delivered on time, 0 business days, 60 min) and A2 (not delivered, 120 min).
    expect(v1).toMatchObject({
      versionNumber: 1,
      deliverables: 2,
      onTimeRate: pct("100.00"),
      medianTurnaroundHundredths: 0,
      turnaround: { measured: 1, withSla: 1, withinSla: pct("100.00") },
      effort: { measured: 2, meanMinutes: 90 },
    });
    // A1's margin: fee 100,000 − 60 min × 10,000/h = 90,000 → 90.00 %.
    expect(v1!.margin).toEqual([expect.objectContaining({ currency: "EUR", deliverables: 1, marginMinor: 90_000, margin: pct("90.00") })]);
    // Concessions under version 1, over its whole life (the 2025 outcome too): cap P, F1, term grey,
    // term P → 4 deals, preferred 50 %.
    expect(v1!.positions).toMatchObject({ deals: 4, rates: { preferred: pct("50.00"), fallback: pct("25.00"), greyZone: pct("25.00") } });
    // Version 2: A3 (30 min), A4, B1 (late, 60 min), B2 → 4 deliverables, on time 0 of 1, mean effort 45.
    expect(v2).toMatchObject({ versionNumber: 2, deliverables: 4, onTimeRate: pct("0.00"), effort: { measured: 2, meanMinutes: 45 } });
    // B1: 50,000 − 10,000 = 40,000 → 80.00 %.
    expect(v2!.margin).toEqual([expect.objectContaining({ marginMinor: 40_000, margin: pct("80.00") })]);
    expect(v2!.positions).toMatchObject({ deals: 4, rates: { fallback: pct("50.00"), redLine: pct("25.00") } });
  });

  test("a client member compares their own deliverables, without effort or margin", async () => {
    const { comparison } = await body<{ comparison: VersionComparisonView }>(await clientA.client.get(`/api/v1/kpis/positions/versions?documentId=${playbook}&versions=2`));
    expect(comparison.versions).toEqual([expect.objectContaining({ versionNumber: 2, deliverables: 2, effort: null, margin: null })]);
  });
});

describe("review triggers", () => {
  beforeAll(async () => {
    const conf = { clauseId: "conf", clauseName: "Confidentiality term", documentId: nda, versionNumber: 1 };
    const law = { clauseId: "law", clauseName: "Governing law", documentId: nda, versionNumber: 1 };
    // Confidentiality term, August 2026: fallback 1 ×3, preferred ×2, red line ×1, N/A ×1 → 6 deals, fallback 1 at 50 %.
    // Governing law: fallback 1 in 2 of 2 deals — 100 %, but under the 5 deals a rule needs.
    const rows: Seed[] = [
      ...[d.a1, d.a2, d.a3].map((deliverable): Seed => ({ ...conf, deliverable, mandate: mA, outcome: "FALLBACK", fallbackIndex: 1, at: "2026-08-10T09:00:00Z" })),
      ...[d.a4, d.b1].map((deliverable): Seed => ({ ...conf, deliverable, mandate: deliverable === d.b1 ? mB : mA, outcome: "PREFERRED", at: "2026-08-11T09:00:00Z" })),
      { ...conf, deliverable: d.b2, mandate: mB, outcome: "RED_LINE", at: "2026-08-12T09:00:00Z" },
      ...[d.a1, d.a2].map((deliverable): Seed => ({ ...law, deliverable, mandate: mA, outcome: "FALLBACK", fallbackIndex: 1, at: "2026-08-10T09:00:00Z" })),
    ];
    await seed(rows);
  });

  test("the NDA rule fires once per period, not under the minimum deals; the owner is told once; an editor dismisses it", async () => {
    const added = await editor.client.post(`/api/v1/documents/${nda}/review-triggers`, { preset: "fallback-third" });
    const trigger = await created<PresentedReviewTrigger>(added, "trigger");
    expect(trigger).toMatchObject({ shareNumerator: 1, shareDenominator: 3, minimumDeals: 5, description: "The same fallback on any clause used in more than a third of deals in a quarter (at least 5 deals)" });

    const first = await server.services.reviewTriggers.checkReviewTriggers([nda]);
    expect(first.map((f) => f.sentence)).toEqual(["Fallback 1 on “Confidentiality term” used in 3 of 6 deals in 2026 Q3 (50 %)"]);
    // Checked again (the periodic job, another outcome recorded): nothing new.
    expect(await server.services.reviewTriggers.checkReviewTriggers([nda])).toEqual([]);
    expect(await db().prisma.playbookReviewFinding.count({ where: { documentId: nda } })).toBe(1);

    const notes = await db().prisma.notification.findMany({ where: { kind: "PLAYBOOK_REVIEW_FINDING" } });
    expect(notes.map((n) => [n.recipientId, n.title, n.link])).toEqual([[editor.id, "Playbook review suggested: NDA playbook", `/documents/${nda}`]]);
    expect(await db().prisma.emailOutbox.count({ where: { subject: "Playbook review suggested: NDA playbook" } })).toBe(1);

    // On the playbook and the Reviews page for staff; a client member of a client it is shared with is refused.
    const view = await body<{ findings: PresentedReviewFinding[]; mayEdit: boolean }>(await walled.client.get(`/api/v1/documents/${nda}/review-triggers`));
    expect(view.findings.map((f) => f.clauseName)).toEqual(["Confidentiality term"]);
    expect((await clientA.client.get(`/api/v1/documents/${nda}/review-triggers`)).status).toBe(403);
    expect((await otherFirm.client.get(`/api/v1/documents/${nda}/review-triggers`)).status).toBe(404);
    const open = await body<{ findings: PresentedReviewFinding[] }>(await admin.client.get("/api/v1/review-findings"));
    expect(open.findings.map((f) => f.documentTitle)).toEqual(["NDA playbook"]);
    expect((await body<{ findings: unknown[] }>(await clientA.client.get("/api/v1/review-findings"))).findings).toEqual([]);

    expect((await clientA.client.post(`/api/v1/review-findings/${first[0]!.id}/dismiss`, {})).status).toBe(403);
    expect((await otherFirm.client.post(`/api/v1/review-findings/${first[0]!.id}/dismiss`, {})).status).toBe(404);
    expect((await editor.client.post(`/api/v1/review-findings/${first[0]!.id}/dismiss`, {})).status).toBe(204);
    expect((await body<{ findings: unknown[] }>(await admin.client.get("/api/v1/review-findings"))).findings).toEqual([]);
    // Dismissed stays dismissed: the same period does not fire again.
    expect(await server.services.reviewTriggers.checkReviewTriggers([nda])).toEqual([]);
  });

  test("a red-line rule on one clause; only the playbook's editors change rules", async () => {
    expect((await clientA.client.post(`/api/v1/documents/${nda}/review-triggers`, { kind: "RED_LINE_IN_MONTH", minimumCount: 1 })).status).toBe(403);
    const bad = await editor.client.post(`/api/v1/documents/${nda}/review-triggers`, { kind: "RED_LINE_IN_MONTH", minimumCount: 0 });
    expect(bad.status).toBe(400);
    const rule = await created<PresentedReviewTrigger>(
      await editor.client.post(`/api/v1/documents/${nda}/review-triggers`, { kind: "RED_LINE_IN_MONTH", clauseId: "conf", minimumCount: 1 }),
      "trigger",
    );
    expect(rule.description).toBe("Red line on “Confidentiality term” conceded 1 or more times in a month");
    const found = await server.services.reviewTriggers.checkReviewTriggers([nda]);
    expect(found.map((f) => f.sentence)).toEqual(["Red line on “Confidentiality term” conceded 1 time in August 2026 (of 6 deals)"]);
    expect((await editor.client.request(`/api/v1/documents/${nda}/review-triggers/${rule.id}`, { method: "DELETE" })).status).toBe(204);
    const { triggers } = await body<{ triggers: PresentedReviewTrigger[] }>(await editor.client.get(`/api/v1/documents/${nda}/review-triggers`));
    expect(triggers.map((t) => t.kind)).toEqual(["FALLBACK_SHARE_IN_QUARTER"]);
  });
});
