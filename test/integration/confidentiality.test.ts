// Client confidentiality over HTTP (ADR 013): client B's material — a mandate, its deliverable,
// a document filled from a template for it, a privileged memo shared with B — seen by everyone
// who might ask. An editor off B's teams, a walled member and a walled admin get nothing of B
// from any endpoint, search, KPIs, exports, "Used by" or the sync socket; an admin off the team
// sees that B's mandates exist and nothing more; B's team gets what it needs. Then the rules
// that keep client material with its client, and team changes taking effect at once.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { can } from "../../server/auth/policy.ts";
import { loadViewer } from "../../server/auth/viewer.ts";
import { documentResource } from "../../server/documents/policy.ts";
import { mandateResource, readableMandatesWhere } from "../../server/mandates/policy.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { priceTimeOf } from "../helpers/effort.ts";
import { SESSION_COOKIE } from "../../server/http/cookies.ts";
import type { Client } from "../helpers/http.ts";
import { signInNewUser } from "../helpers/server.ts";
import { connectClient, startCollab, upgradeStatus, waitFor, type CollabHarness } from "./collab-harness.ts";

const db = useTestDatabase();
let server: CollabHarness;
type Who = { client: Client; id: string };
let pm: Who; // EDITOR, opens client B's mandate: on its team
let teamViewer: Who; // VIEWER on B's team
let offTeam: Who; // EDITOR on client A's team only
let walled: Who; // EDITOR on B's team, then walled off B
let admin: Who; // ADMIN on no team
let walledAdmin: Who; // ADMIN walled off B
let clientA: Who;
let clientB: Who;
let orgs: { provider: string; a: string; b: string };
let forB: PresentedMandate;
let forA: PresentedMandate;
let deliverableB: PresentedDeliverable;
let generatedB: string;
let memoB: string;
let template: string;
let toolkit: string;
/** Client B's request on its mandate, with a PDF (client material, ADR 042). */
let requestAttachmentB: string;

const SECRETS = ["Heron", "HER-2026", "Blue Lagoon"];
const created_ = async (response: Response) => {
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { report: { id: string } }).report.id;
};
const body = async <T>(response: Response) => (await response.json()) as T;

async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName: string): Promise<Who> {
  const { client, user, organization } = await signInNewUser(server, role, organizationName);
  if (role === "CLIENT") (orgs as Record<string, string>)[organizationName === "Client A" ? "a" : "b"] = organization.id;
  else orgs.provider = organization.id;
  return { client, id: user.id };
}

async function created<T>(response: Response, key: string): Promise<T> {
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as Record<string, T>)[key]!;
}

const mandateInput = (clientOrganizationId: string, extra: Record<string, unknown> = {}) => ({
  clientOrganizationId,
  title: "Project Heron",
  reference: `HER-2026-${Math.random().toString(36).slice(2, 6)}`,
  description: "Blue Lagoon acquisition support",
  pricingModel: "FIXED_PER_DELIVERABLE",
  currency: "EUR",
  budget: "50,000.00",
  startDate: "2026-01-05",
  serviceLevels: [{ deliverableType: "Memo", turnaroundBusinessDays: 3 }],
  ...extra,
});

beforeAll(async () => {
  server = await startCollab(db());
  orgs = { provider: "", a: "", b: "" };
  pm = await signIn("EDITOR", "Provider LLP");
  teamViewer = await signIn("VIEWER", "Provider LLP");
  offTeam = await signIn("EDITOR", "Provider LLP");
  walled = await signIn("EDITOR", "Provider LLP");
  admin = await signIn("ADMIN", "Provider LLP");
  walledAdmin = await signIn("ADMIN", "Provider LLP");
  clientA = await signIn("CLIENT", "Client A");
  clientB = await signIn("CLIENT", "Client B");

  // House knowledge: a template every mandate may use, and a toolkit holding it.
  template = (
    await created<PresentedDocument>(
      await pm.client.post("/api/v1/documents", { kind: "TEMPLATE", title: "Board memo template", status: "PUBLISHED", markdown: "Board memo." }),
      "document",
    )
  ).id;
  toolkit = (await created<PresentedDocument>(await pm.client.post("/api/v1/documents", { kind: "TOOLKIT", title: "Board toolkit", status: "PUBLISHED" }), "document")).id;
  expect((await pm.client.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json: { documentIds: [template] } })).status).toBe(200);

  forB = await created<PresentedMandate>(
    await pm.client.post("/api/v1/mandates", mandateInput(orgs.b, { status: "ACTIVE", memberIds: [teamViewer.id, walled.id] })),
    "mandate",
  );
  forA = await created<PresentedMandate>(
    await offTeam.client.post("/api/v1/mandates", mandateInput(orgs.a, { title: "Kestrel", reference: "KES-1", description: "Kestrel work", status: "ACTIVE" })),
    "mandate",
  );
  deliverableB = (
    await created<PresentedDeliverable[]>(
      await pm.client.post(`/api/v1/mandates/${forB.id}/deliverables`, { title: "Heron board memo", type: "Memo", dueDate: "2026-02-02", fee: "900" }),
      "deliverables",
    )
  )[0]!;
  expect((await pm.client.post(`/api/v1/mandates/${forB.id}/resources`, { documentId: template })).status).toBe(201);
  const generated = await pm.client.post(`/api/v1/deliverables/${deliverableB.id}/documents`, { templateId: template, values: {} });
  generatedB = (await created<PresentedDocument>(generated, "document")).id;
  memoB = (
    await created<PresentedDocument>(
      await pm.client.post("/api/v1/documents", {
        kind: "PRECEDENT",
        title: "Heron privileged advice",
        status: "PUBLISHED",
        mandateId: forB.id,
        confidentiality: "PRIVILEGED",
        visibility: "SHARED",
        sharedWithOrganizationIds: [orgs.b],
        markdown: "Advice on the Blue Lagoon acquisition.",
      }),
      "document",
    )
  ).id;
  // Client B may suggest on the memo's draft (ADR 032; set here directly, the switch's own rules
  // are tested in collab-suggest-only): everyone else must still get nothing of it.
  await db().prisma.document.update({ where: { id: memoB }, data: { clientMaySuggest: true } });
  // The PM's time on it, priced by a rate card (ADR 039): the provider's alone.
  await priceTimeOf(db().prisma, pm.id, { EUR: 12_000 });
  const time = await pm.client.post(`/api/v1/deliverables/${deliverableB.id}/time-entries`, { date: "2026-01-20", minutes: 90, taskCode: "drafting", note: "Heron drafting" });
  expect(time.status, await time.clone().text()).toBe(201);
  // Deliver the memo so the portfolio KPIs count it, after a wait on the client whose reason is client B's alone (ADR 041).
  for (const move of [{ status: "IN_PROGRESS" }, { status: "WAITING_ON_CLIENT", reason: "Heron board resolution" }, { status: "IN_PROGRESS" }, { status: "DELIVERED" }]) {
    expect((await pm.client.patch(`/api/v1/deliverables/${deliverableB.id}`, move)).status).toBe(200);
  }
  // The walls stand after the walled editor joined the team: they lose it all the same.
  const form = new FormData();
  form.append("type", "Memo");
  form.append("title", "Heron data room review");
  form.append("attachments", new Blob([new TextEncoder().encode("%PDF-1.4\nHeron: Blue Lagoon data room index\n%%EOF\n")]), "heron-index.pdf");
  const request = await created<PresentedDeliverable>(await clientB.client.request(`/api/v1/mandates/${forB.id}/requests`, { method: "POST", body: form }), "deliverable");
  requestAttachmentB = request.request!.attachments[0]!.id;
  for (const userId of [walled.id, walledAdmin.id]) {
    const wall = await admin.client.post("/api/v1/walls", { userId, clientOrganizationId: orgs.b, reason: "Acts for Blue Lagoon's seller in another matter" });
    expect(wall.status, await wall.clone().text()).toBe(201);
  }
  await server.services.search.indexer.idle();
}, 120_000);
afterAll(() => server?.close());

describe("client material is its client's", () => {
  test("a filled template and a document made for a mandate are client material, privileged where marked", async () => {
    const generated = await body<{ document: PresentedDocument }>(await pm.client.get(`/api/v1/documents/${generatedB}`));
    expect(generated.document).toMatchObject({ confidentiality: "CLIENT_CONFIDENTIAL", client: { id: orgs.b }, mandateId: forB.id, kind: "PRECEDENT" });
    const memo = await body<{ document: PresentedDocument }>(await pm.client.get(`/api/v1/documents/${memoB}`));
    expect(memo.document).toMatchObject({ confidentiality: "PRIVILEGED", client: { id: orgs.b } });
    const html = await (await pm.client.get(`/api/v1/documents/${memoB}/export?format=html`)).text();
    expect(html).toContain("Privileged &amp; confidential: client material of Client B");
    const md = await (await pm.client.get(`/api/v1/documents/${memoB}/export?format=md`)).text();
    expect(md.split("\n")[0]).toBe("> **Privileged & confidential: client material of Client B**");
    // Not in the house library.
    const library = await body<{ documents: Array<{ id: string }> }>(await pm.client.get("/api/v1/documents?client=house&pageSize=100"));
    expect(library.documents.map((d) => d.id)).not.toContain(generatedB);
  });

  test("it cannot be linked to, put in a house toolkit with, or shared with another client", async () => {
    const onTeamOfBoth = await signIn("EDITOR", "Provider LLP");
    await pm.client.patch(`/api/v1/mandates/${forB.id}`, { memberIds: [teamViewer.id, onTeamOfBoth.id] });
    await offTeam.client.patch(`/api/v1/mandates/${forA.id}`, { memberIds: [onTeamOfBoth.id] });
    const link = await onTeamOfBoth.client.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: memoB });
    expect(link.status).toBe(422);
    expect(((await link.json()) as { error: { code: string } }).error.code).toBe("link_not_allowed");
    const items = await pm.client.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json: { documentIds: [template, memoB] } });
    expect(items.status).toBe(400);
    const share = await pm.client.patch(`/api/v1/documents/${memoB}`, { sharedWithOrganizationIds: [orgs.b, orgs.a] });
    expect(share.status).toBe(400);
    const createShared = await pm.client.post("/api/v1/documents", {
      kind: "PRECEDENT",
      title: "x",
      mandateId: forB.id,
      visibility: "SHARED",
      sharedWithOrganizationIds: [orgs.a],
    });
    expect(createShared.status).toBe(400);
    // Starting client A's mandate from B's copies the team and service levels, never B's description, fees or material.
    const copy = await created<PresentedMandate>(
      await onTeamOfBoth.client.post("/api/v1/mandates", {
        fromMandateId: forB.id,
        clientOrganizationId: orgs.a,
        title: "Osprey",
        reference: "OSP-1",
        budget: "1,000.00",
        startDate: "2026-02-01",
      }),
      "mandate",
    );
    expect(copy.description).toBe("");
    expect(copy.budget.formatted).toBe("1,000.00");
    expect(copy.serviceLevels).toEqual([{ deliverableType: "Memo", turnaroundBusinessDays: 3 }]);
    expect(copy.resources.map((r) => r.document.id)).toEqual([template]);
    await pm.client.patch(`/api/v1/mandates/${forB.id}`, { memberIds: [teamViewer.id] });
  });

  test("a walled member cannot be put on the client's mandates", async () => {
    const response = await pm.client.patch(`/api/v1/mandates/${forB.id}`, { memberIds: [teamViewer.id, walled.id] });
    expect(response.status).toBe(409);
    expect(((await response.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: "walled_member" });
  });
});

test("client B reads its deliverable's SLA record, never the provider's log of waits", async () => {
  const asPm = (await body<{ deliverable: PresentedDeliverable }>(await pm.client.get(`/api/v1/deliverables/${deliverableB.id}`))).deliverable;
  expect(asPm.waits).toEqual([expect.objectContaining({ reason: "Heron board resolution", endedAt: expect.any(String) })]);
  const asClient = (await body<{ deliverable: PresentedDeliverable }>(await clientB.client.get(`/api/v1/deliverables/${deliverableB.id}`))).deliverable;
  expect(asClient.waits).toEqual([]);
  expect(asClient.waitingOn).toBeNull();
  expect(asClient.effortMinutes).toBeUndefined();
  expect(asClient.turnaround).toMatchObject({ definition: "v2" });
});

describe("need-to-know", () => {
  const endpoints = () => [
    `/api/v1/mandates/${forB.id}`,
    `/api/v1/mandates/${forB.id}/kpis`,
    `/api/v1/mandates/${forB.id}/kpis?format=csv`,
    `/api/v1/mandates/${forB.id}/activity`,
    `/api/v1/mandates/${forB.id}/status-reports`,
    `/api/v1/mandates/${forB.id}/log`,
    `/api/v1/mandates/${forB.id}/suggested-deliverables?toolkitId=${toolkit}`,
    `/api/v1/deliverables/${deliverableB.id}`,
    `/api/v1/deliverables/${deliverableB.id}/template-form`,
    `/api/v1/deliverables/${deliverableB.id}/time-entries`,
    `/api/v1/mandates/${forB.id}/estimate`,
    `/api/v1/mandates/${forB.id}/requests`,
    `/api/v1/mandates/${forB.id}/request-forms`,
    `/api/v1/request-attachments/${requestAttachmentB}`,
    ...[generatedB, memoB].flatMap((id) => [
      `/api/v1/documents/${id}`,
      `/api/v1/documents/${id}/export?format=docx`,
      `/api/v1/documents/${id}/export?format=html`,
      `/api/v1/documents/${id}/export?format=md`,
      `/api/v1/documents/${id}/usage`,
      `/api/v1/documents/${id}/versions`,
      `/api/v1/documents/${id}/workflow`,
      `/api/v1/documents/${id}/diff?from=v1&to=current`,
      `/api/v1/documents/${id}/items`,
      `/api/v1/documents/${id}/reviewers`,
      `/api/v1/documents/${id}/promotion-preview`,
      `/api/v1/documents/${id}/comments`,
      `/api/v1/documents/${id}/comment-events`,
    ]),
  ];

  test.each(["offTeam", "walled", "walledAdmin", "admin", "clientA"] as const)("%s gets nothing of client B's material from any endpoint", async (name) => {
    const who = { offTeam, walled, walledAdmin, admin, clientA }[name];
    for (const path of endpoints()) {
      const response = await who.client.get(path);
      const text = await response.text();
      expect([403, 404], `${path}: ${response.status}`).toContain(response.status);
      for (const secret of SECRETS) expect(text, path).not.toContain(secret);
    }
    // Lists and counts: documents, search (hits, facets, totals, highlights), "Used by" of house knowledge.
    for (const path of [
      "/api/v1/documents?pageSize=100",
      "/api/v1/documents?pageSize=100&status=DRAFT",
      "/api/v1/search?q=Heron",
      "/api/v1/search?q=Lagoon&scope=clauses",
      "/api/v1/search?q=memo",
      `/api/v1/documents/${template}/usage`,
    ]) {
      const response = await who.client.get(path);
      const text = await response.text();
      if (response.status !== 200) continue; // a client may not see house usage at all
      for (const secret of SECRETS) expect(text, path).not.toContain(secret);
      expect(text, path).not.toContain(generatedB);
      expect(text, path).not.toContain(memoB);
    }
    // Writes are refused too, and change nothing.
    const generate = await who.client.post(`/api/v1/deliverables/${deliverableB.id}/documents`, { templateId: template, values: {} });
    expect([403, 404]).toContain(generate.status);
    const time = await who.client.post(`/api/v1/deliverables/${deliverableB.id}/time-entries`, { date: "2026-01-21", minutes: 30, taskCode: "review" });
    expect([403, 404]).toContain(time.status);
    expect(await db().prisma.timeEntry.count({ where: { deliverableId: deliverableB.id, date: new Date("2026-01-21T00:00:00Z") } })).toBe(0);
    const rename = await who.client.patch(`/api/v1/documents/${memoB}`, { title: "Renamed" });
    expect([403, 404]).toContain(rename.status);
    expect((await db().prisma.document.findUniqueOrThrow({ where: { id: memoB } })).title).toBe("Heron privileged advice");
    // Nor do they ask for work on B's mandate, or answer its deliveries.
    const asked = await who.client.post(`/api/v1/mandates/${forB.id}/requests`, { type: "Memo", title: "Heron" });
    expect([403, 404]).toContain(asked.status);
    const answered = await who.client.post(`/api/v1/deliverables/${deliverableB.id}/acceptance`, { decision: "accept" });
    expect([403, 404]).toContain(answered.status);
    // Only admins not walled off from the client ask who read it.
    if (name !== "admin") expect((await who.client.get(`/api/v1/clients/${orgs.b}/access-report`)).status).toBe(404);
    // The sync socket refuses before the handshake.
    const ws = server.url.replace(/^http/, "ws");
    for (const id of [generatedB, memoB]) {
      const answer = await upgradeStatus(`${ws}/collab/${id}`, { Cookie: `${SESSION_COOKIE}=${who.client.sessionToken}` }, server.url);
      expect([403, 404], `${name} socket`).toContain(answer.status);
    }
  });

  test("client B never sees time, effort, cost or margin on its own mandate; the team reads the time, each enters their own", async () => {
    const entry = await db().prisma.timeEntry.findFirstOrThrow({ where: { deliverableId: deliverableB.id, userId: pm.id } });
    for (const path of [`/api/v1/deliverables/${deliverableB.id}/time-entries`, `/api/v1/mandates/${forB.id}/estimate`, "/api/v1/rate-cards"]) {
      const response = await clientB.client.get(path);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).not.toMatch(/Heron drafting|"minutes"|"cost"/);
    }
    // Well-formed writes, so the refusal is the policy's, not the body's.
    for (const [method, path, json] of [
      ["POST", `/api/v1/deliverables/${deliverableB.id}/time-entries`, { date: "2026-01-22", minutes: 5, taskCode: "call" }],
      ["PATCH", `/api/v1/deliverables/${deliverableB.id}/time-entries/${entry.id}`, { minutes: 5 }],
      ["DELETE", `/api/v1/deliverables/${deliverableB.id}/time-entries/${entry.id}`, undefined],
      ["POST", "/api/v1/rate-cards", { role: "Associate", currency: "EUR", hourlyRate: "1", validFrom: "2026-01-01" }],
    ] as const) {
      const response = await clientB.client.request(path, { method, json });
      expect(response.status, `${method} ${path}`).toBe(403);
    }
    expect(await db().prisma.timeEntry.findUniqueOrThrow({ where: { id: entry.id } })).toMatchObject({ minutes: 90, date: new Date("2026-01-20T00:00:00Z") });
    for (const path of [`/api/v1/mandates/${forB.id}`, `/api/v1/deliverables/${deliverableB.id}`, `/api/v1/mandates/${forB.id}/kpis`, "/api/v1/kpis"]) {
      const response = await clientB.client.get(path);
      expect(response.status, path).toBe(200);
      expect(await response.text(), path).not.toMatch(/effortMinutes|unratedMinutes|"cost"|costMinor|Heron drafting/);
    }
    // The team: the viewer reads the PM's time and its cost, enters their own, not the PM's.
    const sheet = await teamViewer.client.get(`/api/v1/deliverables/${deliverableB.id}/time-entries`);
    expect(sheet.status).toBe(200);
    const { entries } = (await sheet.json()) as { entries: Array<{ id: string; note: string; cost: { minor: number } | null; canChange: boolean }> };
    // 90 min at 120.00/h = 180.00
    expect(entries).toEqual([expect.objectContaining({ id: entry.id, note: "Heron drafting", cost: expect.objectContaining({ minor: 18_000 }), canChange: false })]);
    expect((await teamViewer.client.post(`/api/v1/deliverables/${deliverableB.id}/time-entries`, { date: "2026-01-21", minutes: 15, taskCode: "review" })).status).toBe(201);
    expect((await teamViewer.client.post(`/api/v1/deliverables/${deliverableB.id}/time-entries`, { userId: pm.id, date: "2026-01-21", minutes: 15, taskCode: "review" })).status).toBe(403);
    expect((await teamViewer.client.patch(`/api/v1/deliverables/${deliverableB.id}/time-entries/${entry.id}`, { minutes: 1 })).status).toBe(403);
    // Rate cards are the provider admins', not its editors'.
    expect((await pm.client.get("/api/v1/rate-cards")).status).toBe(403);
    expect((await admin.client.get("/api/v1/rate-cards")).status).toBe(200);
  });

  test("mandate lists: staff off the team and walled people see nothing of B; an admin sees it exists and must break the glass", async () => {
    for (const who of [offTeam, walled, walledAdmin, clientA]) {
      const text = await (await who.client.get("/api/v1/mandates?pageSize=100")).text();
      for (const secret of ["Project Heron", forB.reference]) expect(text).not.toContain(secret);
    }
    const list = await body<{ mandates: Array<{ id: string; abilities?: { needsBreakGlass?: boolean } }> }>(await admin.client.get("/api/v1/mandates?pageSize=100"));
    expect(list.mandates.map((m) => m.id)).toContain(forB.id);
  });

  test("portfolio KPIs count only what the viewer may read; an admin's count all but walled clients", async () => {
    const delivered = async (who: Who, query = "") =>
      (await body<{ kpis: { deliveredPerMonth: Array<{ delivered: number }> } }>(await who.client.get(`/api/v1/kpis?from=2026-01-01&to=2026-12-31${query}`))).kpis.deliveredPerMonth.reduce(
        (sum, m) => sum + m.delivered,
        0,
      );
    expect(await delivered(pm)).toBe(1);
    expect(await delivered(admin)).toBe(1);
    expect(await delivered(offTeam)).toBe(0);
    expect(await delivered(walled)).toBe(0);
    expect(await delivered(walledAdmin)).toBe(0);
    expect((await offTeam.client.get(`/api/v1/kpis?client=${orgs.b}`)).status).toBe(404);
    expect((await walledAdmin.client.get(`/api/v1/kpis?client=${orgs.b}&format=csv`)).status).toBe(404);
    expect((await admin.client.get(`/api/v1/kpis?client=${orgs.b}&format=csv`)).status).toBe(200);
  });

  test("the team gets what it needs: the mandate, its documents, exports, search and the socket", async () => {
    for (const who of [pm, teamViewer]) {
      expect((await who.client.get(`/api/v1/mandates/${forB.id}`)).status).toBe(200);
      expect((await who.client.get(`/api/v1/documents/${memoB}`)).status).toBe(200);
      expect((await who.client.get(`/api/v1/documents/${generatedB}/export?format=docx`)).status).toBe(200);
      const found = await body<{ hits: Array<{ documentId: string }> }>(await who.client.get("/api/v1/search?q=Lagoon"));
      expect(found.hits.map((h) => h.documentId)).toContain(memoB);
    }
    const ws = server.url.replace(/^http/, "ws");
    const answer = await upgradeStatus(`${ws}/collab/${generatedB}`, { Cookie: `${SESSION_COOKIE}=${pm.client.sessionToken}` }, server.url);
    expect(answer.status).toBe("open");
    // The client reads what is shared with it, and only that; it suggests on the draft it was opened to.
    expect((await clientB.client.get(`/api/v1/documents/${memoB}`)).status).toBe(200);
    expect((await upgradeStatus(`${ws}/collab/${memoB}`, { Cookie: `${SESSION_COOKIE}=${clientB.client.sessionToken}` }, server.url)).status).toBe("open");
    expect((await clientB.client.get(`/api/v1/documents/${generatedB}`)).status).toBe(404);
    // A request's file: the client who sent it and the team (ADR 042).
    for (const who of [pm, teamViewer, clientB]) expect((await who.client.get(`/api/v1/request-attachments/${requestAttachmentB}`)).status).toBe(200);
  });

  test("taking someone off the team takes effect at once, open sockets included; putting them back restores it", async () => {
    const ws = server.url.replace(/^http/, "ws");
    const socket = connectClient(`${ws}/collab`, generatedB, { cookie: `${SESSION_COOKIE}=${teamViewer.client.sessionToken}`, origin: server.url });
    await waitFor(() => socket.provider.synced || undefined);
    // The comment event stream of the published memo, which has no socket: it ends too.
    const events = await teamViewer.client.get(`/api/v1/documents/${memoB}/comment-events`);
    expect(events.status).toBe(200);
    const streamEnded = events.text();
    expect((await pm.client.patch(`/api/v1/mandates/${forB.id}`, { memberIds: [] })).status).toBe(200);
    await waitFor(() => socket.closes.find((c) => c.code === 4403));
    socket.destroy();
    await streamEnded;
    expect((await teamViewer.client.get(`/api/v1/documents/${memoB}/comment-events`)).status).toBe(404);
    expect((await teamViewer.client.get(`/api/v1/documents/${generatedB}`)).status).toBe(404);
    expect((await teamViewer.client.get(`/api/v1/mandates/${forB.id}`)).status).toBe(404);
    expect((await pm.client.patch(`/api/v1/mandates/${forB.id}`, { memberIds: [teamViewer.id] })).status).toBe(200);
    expect((await teamViewer.client.get(`/api/v1/documents/${generatedB}`)).status).toBe(200);
  });
});

describe("status reports and the mandate's log (ADR 040)", () => {
  test("a client sees only released reports of their own mandates, never a draft, never the log or the provider's costs", async () => {
    // The provider's internals exist to leak: time entered on B's deliverable (ADR 039).
    expect((await pm.client.post(`/api/v1/deliverables/${deliverableB.id}/time-entries`, { date: "2026-01-12", minutes: 240, taskCode: "drafting" })).status).toBe(201);
    expect((await pm.client.post(`/api/v1/mandates/${forB.id}/log`, { kind: "RISK", title: "Heron seller may walk", raisedOn: "2026-01-10" })).status).toBe(201);
    const created = await created_(await pm.client.post(`/api/v1/mandates/${forB.id}/status-reports`, { period: "2026-01" }));
    const report = `/api/v1/status-reports/${created}`;
    const outsiders = [clientA, offTeam, walled, admin, walledAdmin];
    const draftReaders = [clientB, ...outsiders];
    const noDraft = async () => {
      for (const who of draftReaders) {
        expect((await who.client.get(report)).status, who.id).toBe(404);
        expect((await who.client.get(`${report}/export?format=docx`)).status, who.id).toBe(404);
      }
      expect((await body<{ reports: unknown[] }>(await clientB.client.get(`/api/v1/mandates/${forB.id}/status-reports`))).reports).toEqual([]);
    };
    await noDraft();
    expect((await pm.client.patch(report, { rag: "GREEN", ragReasons: "All on track." })).status).toBe(200);
    expect((await pm.client.post(`${report}/submit`)).status).toBe(200);
    await noDraft();
    // B's team has no other editor: the review's approval is set here (its rules are in status-reports.test.ts).
    await db().prisma.statusReport.update({ where: { id: created }, data: { approvedById: admin.id, approvedAt: new Date() } });
    expect((await pm.client.post(`${report}/release`)).status).toBe(200);

    const seen = await clientB.client.get(report);
    expect(seen.status).toBe(200);
    const text = await seen.text();
    // Released, B's own: no cost, margin or effort anywhere in it, and the review's trail withheld.
    expect(text).not.toMatch(/margin|cost|effort|150\.00/i);
    expect(JSON.parse(text).report.review).toBeNull();
    expect(text).toContain("Heron seller may walk"); // the entries the report showed, copied at release
    for (const who of outsiders) expect((await who.client.get(report)).status, who.id).toBe(404);
    // The log itself stays the provider's.
    expect((await clientB.client.get(`/api/v1/mandates/${forB.id}/log`)).status).toBe(404);
    expect((await teamViewer.client.get(`/api/v1/mandates/${forB.id}/log`)).status).toBe(200);
    expect((await walled.client.get(`/api/v1/mandates/${forB.id}/log`)).status).toBe(404);
  });
});

describe("every query agrees with can()", () => {
  test("the documents' and mandates' WHERE clauses, for every viewer", async () => {
    const everyone = [pm, teamViewer, offTeam, walled, admin, walledAdmin, clientA, clientB];
    const documents = await db().prisma.document.findMany({ include: { shares: { select: { organizationId: true } } } });
    const mandates = await db().prisma.mandate.findMany();
    for (const who of everyone) {
      const viewer = (await loadViewer(db().prisma, who.id))!;
      const listed = new Set<string>();
      for (const status of ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"]) {
        for (const d of (await server.services.documents.list(viewer, { status, pageSize: 100 })).items) listed.add(d.id);
      }
      expect([...listed].sort(), who.id).toEqual(documents.filter((d) => can(viewer, "read", documentResource(d))).map((d) => d.id).sort());
      for (const action of ["read", "discover"] as const) {
        const rows = await db().prisma.mandate.findMany({ where: readableMandatesWhere(viewer, action), select: { id: true } });
        expect(rows.map((r) => r.id).sort(), `${who.id} ${action}`).toEqual(mandates.filter((m) => can(viewer, action, mandateResource(m))).map((m) => m.id).sort());
      }
    }
  });
});
