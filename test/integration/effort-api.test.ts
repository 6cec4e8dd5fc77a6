// Time entries, rate cards, the estimate at completion and the loss warning over HTTP (issue 17,
// docs/decisions/039-time-entries-and-rate-cards.md), with every cost worked out by hand in the
// comments. Cards by role: a senior associate costs 100.00/h until 31 March 2026 and 130.00/h
// from 1 April; a partner 300.00/h. A trainee has no title, so their time is unrated.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedMandate } from "../../server/mandates/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Who = { client: Client; id: string };
let admin: Who;
let pm: Who; // EDITOR, "Partner", the mandate's PM
let associate: Who; // EDITOR, "Senior associate", on the team
let trainee: Who; // VIEWER, no title, on the team
let outsider: Who; // EDITOR, not on the team
let clientE: Who;
let clientOrg: string;
let mandate: PresentedMandate;
const d: Record<"d1" | "d2" | "d3" | "d4" | "d5", string> = { d1: "", d2: "", d3: "", d4: "", d5: "" };
const cards: Record<string, string> = {};

const today = new Date().toISOString().slice(0, 10);
type Money = { minor: number; currency: string; formatted: string };
type Entry = { id: string; person: { id: string } | null; date: string; minutes: number; taskCode: string; rated: boolean; cost: Money | null; hourlyRate: Money | null; canChange: boolean };
type Sheet = {
  deliverable: { effortMinutes: number | null; cost: Money | null; unratedMinutes: number; loss: { code: string; message: string } | null };
  entries: Entry[];
  people: { id: string }[];
  taskCodes: { code: string; label: string }[];
};
type Estimate = {
  costSoFar: Money;
  remaining: Money;
  estimateAtCompletion: Money;
  fees: Money;
  budget: Money;
  marginAtCompletion: Money;
  budgetLeftAtCompletion: Money;
  unratedMinutes: number;
  basis: string[];
  history: { type: string; delivered: number; medianCost: Money }[];
  withoutHistory: { id: string; type: string }[];
  deliverables: { id: string; spent: Money; expected: Money | null; loss: { code: string } | null }[];
};
type Margin = { pricingModel: string; currency: string; deliverables: number; feesMinor: number; costMinor: number; marginMinor: number; unmeasured: number };

async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName: string): Promise<Who> {
  const { client, user } = await signInNewUser(server, role, organizationName);
  return { client, id: user.id };
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(status);
  return (await response.json()) as T;
}

async function setTitle(who: Who, title: string) {
  const membership = await db().prisma.membership.findFirstOrThrow({ where: { userId: who.id } });
  expect((await admin.client.patch(`/api/v1/members/${membership.id}`, { title })).status).toBe(200);
}

const sheet = (deliverableId: string, who: Who = pm) => who.client.get(`/api/v1/deliverables/${deliverableId}/time-entries`).then((r) => json<Sheet>(r));
const enter = (who: Who, deliverableId: string, input: Record<string, unknown>) =>
  who.client.post(`/api/v1/deliverables/${deliverableId}/time-entries`, { taskCode: "drafting", ...input });
const estimate = () => pm.client.get(`/api/v1/mandates/${mandate.id}/estimate`).then((r) => json<{ estimate: Estimate }>(r).then((b) => b.estimate));
const margin = () =>
  pm.client.get(`/api/v1/kpis?from=${today}&to=${today}&client=${clientOrg}`).then((r) => json<{ kpis: { marginByPricingModel: Margin[] } }>(r).then((b) => b.kpis.marginByPricingModel));

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await signIn("ADMIN", "Effort LLP");
  pm = await signIn("EDITOR", "Effort LLP");
  associate = await signIn("EDITOR", "Effort LLP");
  trainee = await signIn("VIEWER", "Effort LLP");
  outsider = await signIn("EDITOR", "Effort LLP");
  clientE = await signIn("CLIENT", "Client E");
  clientOrg = (await db().prisma.membership.findFirstOrThrow({ where: { userId: clientE.id } })).organizationId;
  await setTitle(pm, "Partner");
  await setTitle(associate, "Senior associate");

  mandate = (
    await json<{ mandate: PresentedMandate }>(
      await pm.client.post("/api/v1/mandates", {
        clientOrganizationId: clientOrg,
        title: "Effort mandate",
        reference: "EFF-1",
        pricingModel: "FIXED_PER_DELIVERABLE",
        currency: "EUR",
        budget: "1,000.00",
        startDate: "2026-01-05",
        status: "ACTIVE",
        memberIds: [associate.id, trainee.id],
      }),
      201,
    )
  ).mandate;
  const { deliverables } = await json<{ deliverables: { id: string }[] }>(
    await pm.client.post(`/api/v1/mandates/${mandate.id}/deliverables`, {
      deliverables: [
        { title: "NDA one", type: "NDA", fee: "300" },
        { title: "NDA two", type: "nda", fee: "200" },
        { title: "NDA three", type: "NDA", fee: "250" },
        { title: "Memo", type: "Memo", fee: "100" },
        { title: "Opinion", type: "Opinion", fee: "50" },
      ],
    }),
    201,
  );
  for (const [i, key] of (["d1", "d2", "d3", "d4", "d5"] as const).entries()) d[key] = deliverables[i]!.id;
}, 60_000);
afterAll(() => server?.close());

describe("rate cards", () => {
  test("an admin keeps them by role and currency; dates may not overlap (409), bad input is a 400, editors and clients are refused", async () => {
    const create = (body: Record<string, unknown>) => admin.client.post("/api/v1/rate-cards", body);
    cards.early = (await json<{ rateCard: { id: string } }>(await create({ role: "Senior associate", currency: "eur", hourlyRate: "100.00", validFrom: "2026-01-01", validTo: "2026-03-31" }), 201)).rateCard.id;
    const late = await json<{ rateCard: { id: string; role: string; hourlyRate: Money; validTo: string | null } }>(
      await create({ role: "Senior associate", currency: "EUR", hourlyRateMinor: 13_000, validFrom: "2026-04-01" }),
      201,
    );
    expect(late.rateCard).toMatchObject({ hourlyRate: { minor: 13_000, formatted: "130.00" }, validTo: null });
    cards.late = late.rateCard.id;
    cards.partner = (await json<{ rateCard: { id: string } }>(await create({ role: "Partner", currency: "EUR", hourlyRate: "300", validFrom: "2026-01-01" }), 201)).rateCard.id;

    // The same role written otherwise, over both cards' days: refused, nothing made.
    const overlap = await expectError(await create({ role: "senior  ASSOCIATE", currency: "EUR", hourlyRate: "1", validFrom: "2026-03-15", validTo: "2026-05-01" }), 409, "rate_card_overlap");
    expect(overlap.error.message).toMatch(/Senior associate in EUR already applies from 2026-01-01 to 2026-03-31/);
    // Another currency is another card.
    expect((await create({ role: "Senior associate", currency: "GBP", hourlyRate: "90", validFrom: "2026-03-15" })).status).toBe(201);
    const bad = await expectError(await create({ role: "", currency: "XXX", validFrom: "2026-05-01", validTo: "2026-04-01" }), 400, "invalid_request");
    expect((bad.error.details?.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(["currency", "hourlyRate", "role", "validTo"]);
    expect(await db().prisma.rateCard.count()).toBe(4);

    for (const who of [pm, clientE]) {
      expect((await who.client.get("/api/v1/rate-cards")).status).toBe(403);
      expect((await who.client.post("/api/v1/rate-cards", { role: "Partner", currency: "USD", hourlyRate: "1", validFrom: "2026-01-01" })).status).toBe(403);
    }
    const { rateCards } = await json<{ rateCards: { role: string; currency: string }[] }>(await admin.client.get("/api/v1/rate-cards"));
    expect(rateCards.map((c) => `${c.role} ${c.currency}`)).toEqual(["Partner EUR", "Senior associate EUR", "Senior associate EUR", "Senior associate GBP"]);
  });
});

describe("time entries", () => {
  test("an entry costs its minutes at its role's card on its day: across the 1 April boundary, by hand", async () => {
    // 90 min on 31 March at 100.00/h = 150.00; 45 min on 1 April at 130.00/h = 97.50.
    await json(await enter(associate, d.d1, { date: "2026-03-31", minutes: 90 }), 201);
    const april = await json<{ entry: Entry }>(await enter(associate, d.d1, { date: "2026-04-01", minutes: 45, taskCode: "review", note: "Second turn" }), 201);
    expect(april.entry).toMatchObject({ person: { id: associate.id }, rated: true, hourlyRate: { minor: 13_000 }, cost: { minor: 9_750 }, canChange: true });
    const one = await sheet(d.d1);
    // 15,000 + 9,750 = 24,750 over 135 minutes
    expect(one.deliverable).toMatchObject({ effortMinutes: 135, cost: { minor: 24_750, formatted: "247.50" }, unratedMinutes: 0 });
    expect(one.entries.map((e) => [e.date, e.minutes, e.cost?.minor])).toEqual([["2026-04-01", 45, 9_750], ["2026-03-31", 90, 15_000]]);
    expect(one.taskCodes.map((t) => t.code)).toEqual(["drafting", "review", "negotiation", "call", "research", "admin", "other"]);
    // The PM enters for anyone on the team; a member only for themselves.
    expect(one.people.map((p) => p.id).sort()).toEqual([associate.id, pm.id, trainee.id].sort());
    expect((await sheet(d.d1, associate)).people.map((p) => p.id)).toEqual([associate.id]);

    // D2: 7 min on 2 April at 130.00/h = 15.1666… → 15.17 (half up, per entry); the partner's hour = 300.00.
    expect((await json<{ entry: Entry }>(await enter(associate, d.d2, { date: "2026-04-02", minutes: 7 }), 201)).entry.cost?.minor).toBe(1_517);
    await json(await enter(pm, d.d2, { date: "2026-04-02", minutes: 60, taskCode: "negotiation" }), 201);
    // D3 (stays open): the associate's hour on 3 April = 130.00. D5: the trainee's half hour, no title → unrated.
    await json(await enter(pm, d.d3, { userId: associate.id, date: "2026-04-03", minutes: 60 }), 201);
    const unrated = await json<{ entry: Entry }>(await enter(trainee, d.d5, { date: "2026-04-03", minutes: 30, taskCode: "research" }), 201);
    expect(unrated.entry).toMatchObject({ rated: false, cost: null, hourlyRate: null });
    expect((await sheet(d.d5)).deliverable).toMatchObject({ effortMinutes: 30, cost: null, unratedMinutes: 30 });
  });

  test("bad entries are a 400 naming the field and change nothing; a day holds 24 hours a person", async () => {
    const before = await db().prisma.timeEntry.count();
    const bad = await expectError(await enter(associate, d.d3, { date: "2026-02-30", minutes: 0, taskCode: "golf", extra: 1 }), 400, "invalid_request");
    expect((bad.error.details?.issues as { path: string }[]).map((i) => i.path).sort()).toEqual(["", "date", "minutes", "taskCode"]);
    await expectError(await enter(associate, d.d3, { date: "2026-04-05", minutes: 1441 }), 400, "invalid_request");
    // 45 min already on 1 April (on D1): 1,396 more would pass 24 hours.
    const full = await expectError(await enter(associate, d.d3, { date: "2026-04-01", minutes: 1_396 }), 400, "invalid_request");
    expect((full.error.details?.issues as { path: string; message: string }[])[0]).toMatchObject({ path: "minutes", message: expect.stringMatching(/already has 0 h 45 min/) });
    // Only people on the team.
    const off = await expectError(await enter(pm, d.d3, { userId: outsider.id, date: "2026-04-05", minutes: 10 }), 400, "invalid_request");
    expect((off.error.details?.issues as { path: string }[])[0]?.path).toBe("userId");
    expect(await db().prisma.timeEntry.count()).toBe(before);
  });

  test("each changes their own entries, the PM anyone's; someone off the team reads nothing; every change is on the activity feed", async () => {
    const [pmEntry] = (await sheet(d.d2)).entries.filter((e) => e.person?.id === pm.id);
    expect((await enter(associate, d.d3, { userId: pm.id, date: "2026-04-05", minutes: 10 })).status).toBe(403);
    expect((await associate.client.patch(`/api/v1/deliverables/${d.d2}/time-entries/${pmEntry!.id}`, { minutes: 1 })).status).toBe(403);
    expect((await associate.client.delete(`/api/v1/deliverables/${d.d2}/time-entries/${pmEntry!.id}`)).status).toBe(403);
    expect((await outsider.client.get(`/api/v1/deliverables/${d.d2}/time-entries`)).status).toBe(404);

    // The associate moves a spare entry of their own, then the PM deletes it.
    const spare = (await json<{ entry: Entry }>(await enter(associate, d.d4, { date: "2026-04-06", minutes: 20 }), 201)).entry;
    const moved = await json<{ entry: Entry }>(await associate.client.patch(`/api/v1/deliverables/${d.d4}/time-entries/${spare.id}`, { date: "2026-03-06", minutes: 30 }));
    expect(moved.entry).toMatchObject({ date: "2026-03-06", minutes: 30, cost: { minor: 5_000 } }); // 30 min at 100.00/h
    expect((await pm.client.delete(`/api/v1/deliverables/${d.d4}/time-entries/${spare.id}`)).status).toBe(204);
    expect((await sheet(d.d4)).deliverable).toMatchObject({ effortMinutes: null, cost: null, unratedMinutes: 0 });
    await expectError(await pm.client.delete(`/api/v1/deliverables/${d.d4}/time-entries/${spare.id}`), 404, "time_entry_not_found");

    const { activity } = await json<{ activity: { action: string; deliverableId?: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] }>(
      await pm.client.get(`/api/v1/mandates/${mandate.id}/activity`),
    );
    const spareEvents = activity.filter((e) => e.deliverableId === d.d4 && e.action.startsWith("time_entry.")).map((e) => e.action);
    expect(spareEvents).toEqual(["time_entry.deleted", "time_entry.updated", "time_entry.created"]);
    expect(activity.find((e) => e.action === "time_entry.updated")).toMatchObject({ before: { date: "2026-04-06", minutes: 20 }, after: { date: "2026-03-06", minutes: 30 } });
  });
});

describe("margin, estimate at completion and the loss warning", () => {
  test("delivered deliverables' margin reads their cost; unrated time leaves it unmeasured", async () => {
    for (const id of [d.d1, d.d2, d.d5]) {
      for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await pm.client.patch(`/api/v1/deliverables/${id}`, { status })).status).toBe(200);
    }
    // Measured D1 24,750 + D2 (1,517 + 30,000 = 31,517) = 56,267 against fees 30,000 + 20,000; D5 unrated → unmeasured.
    expect(await margin()).toEqual([
      expect.objectContaining({ pricingModel: "FIXED_PER_DELIVERABLE", currency: "EUR", deliverables: 2, feesMinor: 55_000, costMinor: 56_267, marginMinor: -6_267, unmeasured: 1 }),
    ]);
  });

  test("cost so far plus each open deliverable's remaining from its type's median; a fixed fee losing money is flagged", async () => {
    const e = await estimate();
    // NDA history: D1 24,750 and D2 31,517 → median 28,133.5 → 28,134.
    // D3 (open NDA): spent 13,000 → expected 28,134, remaining 15,134, above its fee of 25,000.
    // D4 (open Memo): no delivered memo → left out, listed. Cost so far: 24,750 + 31,517 + 13,000 = 69,267.
    expect(e.history).toEqual([{ type: "nda", delivered: 2, medianCost: expect.objectContaining({ minor: 28_134 }) }]);
    expect(e).toMatchObject({
      costSoFar: { minor: 69_267 },
      remaining: { minor: 15_134 },
      estimateAtCompletion: { minor: 84_401, formatted: "844.01" },
      fees: { minor: 90_000 },
      budget: { minor: 100_000 },
      marginAtCompletion: { minor: 5_599 },
      budgetLeftAtCompletion: { minor: 15_599 },
      unratedMinutes: 30,
      withoutHistory: [{ id: d.d4, type: "Memo" }],
    });
    expect(e.basis.join(" ")).toMatch(/median cost of the provider's delivered deliverables of its type in EUR/);
    expect(e.basis.join(" ")).toMatch(/Not in the estimate: 1 open deliverable of a type with no delivered history \(Memo\)/);
    const loss = Object.fromEntries(e.deliverables.map((x) => [x.id, x.loss?.code ?? null]));
    // D2 cost 315.17 > fee 200.00; D3 expected 281.34 > 250.00; D1 247.50 < 300.00.
    expect(loss).toEqual({ [d.d1]: null, [d.d2]: "cost_above_fee", [d.d3]: "expected_above_fee", [d.d4]: null, [d.d5]: null });
    expect((await sheet(d.d3)).deliverable.loss).toMatchObject({ code: "expected_above_fee", message: expect.stringMatching(/expected cost is above its fixed fee/) });
    // Never a client's, never someone's off the team.
    await expectError(await clientE.client.get(`/api/v1/mandates/${mandate.id}/estimate`), 403, "forbidden");
    await expectError(await outsider.client.get(`/api/v1/mandates/${mandate.id}/estimate`), 404, "mandate_not_found");
  });

  test("changing or removing a card prices its entries again, and the margin follows", async () => {
    // 130.00 → 140.00 from 1 April: D1's 45 min = 105.00 (was 97.50); D2's 7 min = 16.33.
    await json(await admin.client.patch(`/api/v1/rate-cards/${cards.late}`, { hourlyRate: "140.00" }));
    expect((await sheet(d.d1)).deliverable.cost?.minor).toBe(25_500);
    // 25,500 + 1,633 + 30,000 = 57,133
    expect((await margin())[0]).toMatchObject({ deliverables: 2, costMinor: 57_133, unmeasured: 1 });
    // Moving the boundary back a day: the 90 min of 31 March now cost 140.00/h too — refused while the early card covers that day.
    await expectError(await admin.client.patch(`/api/v1/rate-cards/${cards.late}`, { validFrom: "2026-03-31" }), 409, "rate_card_overlap");
    // No partner card: the PM's hour on D2 is unrated, so D2's margin is not measured.
    expect((await admin.client.delete(`/api/v1/rate-cards/${cards.partner}`)).status).toBe(204);
    expect((await sheet(d.d2)).deliverable).toMatchObject({ effortMinutes: 67, cost: null, unratedMinutes: 60 });
    expect((await margin())[0]).toMatchObject({ deliverables: 1, costMinor: 25_500, unmeasured: 2 });
  });
});

test("without a session every effort route is a 401", async () => {
  const anonymous = createClient(server.url);
  await expectError(await anonymous.get(`/api/v1/deliverables/${d.d1}/time-entries`), 401, "unauthenticated");
  await expectError(await anonymous.post(`/api/v1/deliverables/${d.d1}/time-entries`, { date: "2026-04-01", minutes: 5, taskCode: "call" }), 401, "unauthenticated");
  await expectError(await anonymous.get(`/api/v1/mandates/${mandate.id}/estimate`), 401, "unauthenticated");
  await expectError(await anonymous.get("/api/v1/rate-cards"), 401, "unauthenticated");
});
