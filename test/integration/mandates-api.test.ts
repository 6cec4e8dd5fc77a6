// The mandates API over HTTP: a PM's day once (create, attach a toolkit, deliverables from
// it, move one to DELIVERED, "Used by", move a link forward, start from a previous mandate),
// then every refusal (changing nothing), then the client-isolation matrix.
import { readdirSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { loadViewer } from "../../server/auth/viewer.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type {
  PresentedActivity,
  PresentedDeliverable,
  PresentedDocumentUsage,
  PresentedMandate,
  PresentedMandateSummary,
  PresentedResourceLink,
} from "../../server/mandates/presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { enterTime } from "../helpers/effort.ts";
import { createClient, type Client, type ErrorBody } from "../helpers/http.ts";
import { startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
let editor: Client;
let viewer: Client;
let clientA: Client;
let clientB: Client;
let otherProvider: Client;
let ids: { editor: string; viewer: string; editor2: string; clientA: string; clientAOrg: string; clientBOrg: string };

type MandateBody = { mandate: PresentedMandate };
type ListBody = { mandates: PresentedMandateSummary[]; total: number; page: number; pageSize: number; pageCount: number };
type Issues = Array<{ path: string; message: string }>;
const body = async <T>(response: Response) => (await response.json()) as T;

async function expectError(response: Response, status: number, code: string) {
  expect(response.headers.get("content-type")).toMatch(/^application\/json/);
  const error = (await response.json()) as ErrorBody;
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

async function signIn(role: "EDITOR" | "VIEWER" | "CLIENT", organizationName: string) {
  const { email, password, organization, user } = await createUser(server.services.auth, { role, organizationName });
  const client = createClient(server.url);
  await client.login(email, password);
  return { client, organization, user };
}

async function makeDocument(client: Client, input: Record<string, unknown>) {
  const response = await client.post("/api/v1/documents", { status: "PUBLISHED", markdown: "Body.", ...input });
  expect(response.status).toBe(201);
  return (await body<{ document: PresentedDocument }>(response)).document.id;
}

/** Row counts of the mandates domain's tables and the audit log: a refusal changes none. */
async function mandateRows() {
  const p = db().prisma;
  const [mandates, members, deliverables, statusChanges, links, auditEvents] = await Promise.all([
    p.mandate.count(),
    p.mandateMember.count(),
    p.deliverable.count(),
    p.deliverableStatusChange.count(),
    p.resourceLink.count(),
    p.auditEvent.count(),
  ]);
  return { mandates, members, deliverables, statusChanges, links, auditEvents };
}

let docs: { playbook: string; templateA: string; templateInternal: string; toolkit: string; sharedWithB: string; sharedWithAB: string; foreign: string };

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  const e = await signIn("EDITOR", "Provider LLP");
  editor = e.client;
  const v = await signIn("VIEWER", "Provider LLP");
  viewer = v.client;
  const e2 = await createUser(server.services.auth, { role: "EDITOR", organizationName: "Provider LLP" });
  const a = await signIn("CLIENT", "Client A");
  clientA = a.client;
  const b = await signIn("CLIENT", "Client B");
  clientB = b.client;
  otherProvider = (await signIn("EDITOR", "Other Firm")).client;
  ids = { editor: e.user.id, viewer: v.user.id, editor2: e2.user.id, clientA: a.user.id, clientAOrg: a.organization.id, clientBOrg: b.organization.id };

  const playbook = await makeDocument(editor, { kind: "PLAYBOOK", title: "Commercial contracts playbook" });
  const templateA = await makeDocument(editor, { kind: "TEMPLATE", title: "NDA", visibility: "SHARED", sharedWithOrganizationIds: [ids.clientAOrg] });
  const templateInternal = await makeDocument(editor, { kind: "TEMPLATE", title: "Supply agreement" });
  const toolkit = await makeDocument(editor, { kind: "TOOLKIT", title: "Commercial toolkit" });
  // The toolkit names the deliverable type each template drafts: here, after the template.
  const deliverables = [
    { documentId: templateA, type: "NDA" },
    { documentId: templateInternal, type: "Supply agreement" },
  ];
  const put = await editor.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json: { documentIds: [templateA, playbook, templateInternal], deliverables } });
  expect(put.status).toBe(200);
  const sharedWithB = await makeDocument(editor, { kind: "PRECEDENT", title: "Client B precedent", visibility: "SHARED", sharedWithOrganizationIds: [ids.clientBOrg] });
  const sharedWithAB = await makeDocument(editor, {
    kind: "PLAYBOOK",
    title: "Shared market playbook",
    visibility: "SHARED",
    sharedWithOrganizationIds: [ids.clientAOrg, ids.clientBOrg],
  });
  const foreign = await makeDocument(otherProvider, { kind: "PLAYBOOK", title: "Other firm's playbook" });
  docs = { playbook, templateA, templateInternal, toolkit, sharedWithB, sharedWithAB, foreign };
});
afterAll(() => server?.close());

const baseMandate = () => ({
  clientOrganizationId: ids.clientAOrg,
  title: "Northwind commercial contracts",
  reference: `NW-${Math.random().toString(36).slice(2, 8)}`,
  pricingModel: "FIXED_PER_DELIVERABLE",
  currency: "eur",
  budget: "12,500.00",
  startDate: "2026-01-05",
  targetDate: "2026-03-31",
  serviceLevels: [{ deliverableType: "NDA", turnaroundBusinessDays: 2 }],
  memberIds: [ids.viewer],
});

async function createMandate(client: Client = editor, extra: Record<string, unknown> = {}) {
  const response = await client.post("/api/v1/mandates", { ...baseMandate(), ...extra });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<MandateBody>(response)).mandate;
}

describe("mandates API", () => {
  test("a PM creates a mandate, attaches a toolkit, adds deliverables from it and delivers one", async () => {
    const created = await editor.post("/api/v1/mandates", baseMandate());
    expect(created.status).toBe(201);
    const { mandate } = await body<MandateBody>(created);
    expect(created.headers.get("location")).toBe(`/api/v1/mandates/${mandate.id}`);
    expect(mandate).toMatchObject({
      status: "PROPOSED",
      currency: "EUR",
      budget: { minor: 1250000, currency: "EUR", formatted: "12,500.00" },
      startDate: "2026-01-05",
      targetDate: "2026-03-31",
      client: { id: ids.clientAOrg, name: "Client A" },
      projectManager: { id: ids.editor },
      serviceLevels: [{ deliverableType: "NDA", turnaroundBusinessDays: 2 }],
      abilities: { update: true, seeInternals: true, allowedTransitions: ["ACTIVE", "CANCELLED"] },
    });
    expect(mandate.team.map((m) => m.id).sort()).toEqual([ids.editor, ids.viewer].sort());

    // Attaching the toolkit attaches its documents, each pinned to its published version.
    const attached = await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.toolkit });
    expect(attached.status).toBe(201);
    const { resources } = await body<{ resources: PresentedResourceLink[] }>(attached);
    expect(resources.map((r) => [r.document.title, r.pinnedVersion?.number, r.viaToolkit?.id ?? null])).toEqual([
      ["Commercial toolkit", 1, null],
      ["NDA", 1, docs.toolkit],
      ["Commercial contracts playbook", 1, docs.toolkit],
      ["Supply agreement", 1, docs.toolkit],
    ]);

    const suggestions = await body<{ suggestions: Array<{ documentId: string; title: string }> }>(
      await editor.get(`/api/v1/mandates/${mandate.id}/suggested-deliverables?toolkitId=${docs.toolkit}`),
    );
    expect(suggestions.suggestions.map((s) => s.title)).toEqual(["NDA", "Supply agreement"]);

    const fromToolkit = await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, {
      fromToolkit: { toolkitId: docs.toolkit, dueDate: "2026-02-01", fee: "1,250.50", ownerId: ids.editor2 },
    });
    expect(fromToolkit.status).toBe(201);
    const added = (await body<{ deliverables: PresentedDeliverable[] }>(fromToolkit)).deliverables;
    expect(added.map((d) => [d.title, d.type, d.status, d.dueDate, d.fee.minor, d.owner?.id, d.sourceDocumentId])).toEqual([
      ["NDA", "NDA", "NOT_STARTED", "2026-02-01", 125050, ids.editor2, docs.templateA],
      ["Supply agreement", "Supply agreement", "NOT_STARTED", "2026-02-01", 125050, ids.editor2, docs.templateInternal],
    ]);

    const one = await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Kick-off memo", type: "Memo", feeMinor: 50000 });
    expect(one.status).toBe(201);
    const several = await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, {
      deliverables: [
        { title: "Review A", type: "Review", dueDate: "2026-01-20" },
        { title: "Review B", type: "Review", dueDate: "2026-01-21", fee: "300" },
      ],
    });
    expect((await body<{ deliverables: PresentedDeliverable[] }>(several)).deliverables.map((d) => d.fee.formatted)).toEqual(["0.00", "300.00"]);

    // Work moves once the mandate is active.
    const nda = added[0]!;
    await expectError(await editor.patch(`/api/v1/deliverables/${nda.id}`, { status: "IN_PROGRESS" }), 409, "mandate_not_active");
    const active = await editor.patch(`/api/v1/mandates/${mandate.id}`, { status: "ACTIVE" });
    expect((await body<MandateBody>(active)).mandate.status).toBe("ACTIVE");
    const started = await body<{ deliverable: PresentedDeliverable }>(await editor.patch(`/api/v1/deliverables/${nda.id}`, { status: "IN_PROGRESS" }));
    expect(started.deliverable).toMatchObject({ status: "IN_PROGRESS", allowedTransitions: ["IN_REVIEW", "DELIVERED", "NOT_STARTED", "WAITING_ON_CLIENT"] }); // the PM may make it wait on the client
    expect(started.deliverable.startedAt).not.toBeNull();
    // Effort is the sum of the time entered (ADR 039), no longer a field of the deliverable.
    await expectError(await editor.patch(`/api/v1/deliverables/${nda.id}`, { effortMinutes: 240 }), 400, "invalid_request");
    await enterTime(editor, nda.id, 240, "2026-01-20");
    const delivered = await body<{ deliverable: PresentedDeliverable }>(await editor.patch(`/api/v1/deliverables/${nda.id}`, { status: "DELIVERED" }));
    expect(delivered.deliverable).toMatchObject({ status: "DELIVERED", effortMinutes: 240, unratedMinutes: 240 });
    expect(delivered.deliverable.deliveredAt).not.toBeNull();
    const history = await body<{ statusChanges: Array<{ from: string | null; to: string }> }>(await editor.get(`/api/v1/deliverables/${nda.id}`));
    expect(history.statusChanges.map((c) => [c.from, c.to])).toEqual([
      [null, "NOT_STARTED"],
      ["NOT_STARTED", "IN_PROGRESS"],
      ["IN_PROGRESS", "DELIVERED"],
    ]);

    // "Used by" on the playbook, then a newer published version and moving the link forward.
    const usage = async () => (await body<{ usage: PresentedDocumentUsage }>(await editor.get(`/api/v1/documents/${docs.playbook}/usage`))).usage;
    const before = await usage();
    expect(before.usedBy).toHaveLength(1);
    expect(before.usedBy[0]).toMatchObject({ mandate: { id: mandate.id, status: "ACTIVE" }, deliverable: null, pinnedVersion: { number: 1 }, newerVersionAvailable: false });
    // The NDA template is used twice here: by the mandate (via the toolkit) and by its deliverable.
    const ndaUsage = (await body<{ usage: PresentedDocumentUsage }>(await editor.get(`/api/v1/documents/${docs.templateA}/usage`))).usage;
    expect(ndaUsage.usedBy.map((u) => u.deliverable?.title ?? null).sort()).toEqual(["NDA", null].sort());
    // A newer publication goes through review (ADR 012) by an editor (ADR 018); version 2 is the reviewed snapshot.
    await editor.post(`/api/v1/documents/${docs.playbook}/review`, { reviewerIds: [ids.editor2] });
    await server.services.documents.decideReview(await viewerOf(ids.editor2), docs.playbook, { decision: "approve" });
    expect((await editor.post(`/api/v1/documents/${docs.playbook}/publish`)).status).toBe(200);
    const after = await usage();
    expect(after.latestVersion?.number).toBe(3);
    expect(after.usedBy[0]).toMatchObject({ pinnedVersion: { number: 1 }, newerVersionAvailable: true });
    const moved = await editor.post(`/api/v1/mandates/${mandate.id}/resources/${after.usedBy[0]!.linkId}/move-forward`);
    expect((await body<{ resource: PresentedResourceLink }>(moved)).resource).toMatchObject({ pinnedVersion: { number: 3 }, newerVersionAvailable: false });
    expect((await usage()).usedBy[0]).toMatchObject({ pinnedVersion: { number: 3 }, newerVersionAvailable: false });
    expect(await server.services.mandates.usageCounts(await viewerOf(ids.editor), [docs.playbook, docs.templateA, docs.foreign])).toEqual({
      [docs.playbook]: { mandates: 1, links: 1 },
      [docs.templateA]: { mandates: 1, links: 2 },
      [docs.foreign]: { mandates: 0, links: 0 },
    });
    // The library's "Most used by mandates": by mandates, then links (the two templates with two links lead), the unused last.
    const byUsage = await server.services.library.listWithUsage(await viewerOf(ids.editor), { sort: "usage", client: "house" });
    const order = byUsage.items.map((d) => [byUsage.counts[d.id]!.mandates, byUsage.counts[d.id]!.links]);
    expect(order).toEqual([...order].sort((a, b) => b[0]! - a[0]! || b[1]! - a[1]!));
    expect(order.slice(0, 2)).toEqual([[1, 2], [1, 2]]);
    expect(byUsage.items.slice(0, 2).map((d) => d.id)).toContain(docs.templateA);
    expect(order.at(-1)).toEqual([0, 0]);
    expect(byUsage.usageLimit).toBeNull();

    // The activity feed: who did what, before → after, amounts as money in the mandate's currency.
    // Delivered work's fee no longer changes (ADR 041: a change request moves the budget); its title still does, and the feed shows it.
    await expectError(await editor.patch(`/api/v1/deliverables/${nda.id}`, { feeMinor: 150_000, reason: "Extra round." }), 409, "delivered_terms_locked");
    const retitled = await editor.patch(`/api/v1/deliverables/${nda.id}`, { title: "Mutual NDA (Northwind)" });
    expect(retitled.status, await retitled.clone().text()).toBe(200);
    const feed = (await body<{ activity: PresentedActivity[] }>(await editor.get(`/api/v1/mandates/${mandate.id}/activity`))).activity;
    expect(feed[0]).toMatchObject({ action: "deliverable.updated", before: { title: expect.any(String) }, after: { title: "Mutual NDA (Northwind)" } });
    expect(feed[1]).toMatchObject({ action: "mandate.resource_moved_forward", before: { versionNumber: 1 }, after: { versionNumber: 3 }, actor: { id: ids.editor } });
    const delivery = feed.find((e) => e.action === "deliverable.status_changed" && (e.after as { status?: string })?.status === "DELIVERED");
    expect(delivery).toMatchObject({ deliverableId: nda.id, before: { status: "IN_PROGRESS" }, after: { status: "DELIVERED" } });
    expect(feed.find((e) => e.action === "mandate.status_changed")).toMatchObject({ before: { status: "PROPOSED" }, after: { status: "ACTIVE" } });
    expect(feed.at(-1)).toMatchObject({ action: "mandate.created" });

    // Start a new mandate from this one: team, service levels and mandate-level links come along.
    const next = await createMandate(editor, { fromMandateId: mandate.id, title: "Northwind 2027", budget: undefined, serviceLevels: undefined, memberIds: undefined });
    expect(next).toMatchObject({ budget: { minor: 1250000 }, serviceLevels: [{ deliverableType: "NDA" }], deliverables: [] });
    expect(next.team.map((m) => m.id).sort()).toEqual([ids.editor, ids.viewer].sort());
    expect(next.resources.map((r) => [r.document.title, r.pinnedVersion?.number, r.viaToolkit?.id ?? null])).toEqual([
      ["Commercial toolkit", 1, null],
      ["NDA", 1, docs.toolkit],
      ["Commercial contracts playbook", 3, docs.toolkit],
      ["Supply agreement", 1, docs.toolkit],
    ]);

    // A list, filtered.
    const list = await body<ListBody>(await editor.get(`/api/v1/mandates?status=ACTIVE&q=northwind`));
    expect(list.mandates.map((m) => m.id)).toEqual([mandate.id]);
  });

  test("a rejected deliverable goes back to work; accepted is final; completion needs every deliverable accepted", async () => {
    const m = await createMandate(editor, { status: "ACTIVE" });
    const [d] = (await body<{ deliverables: PresentedDeliverable[] }>(await editor.post(`/api/v1/mandates/${m.id}/deliverables`, { title: "Opinion", type: "Opinion" }))).deliverables;
    for (const status of ["IN_PROGRESS", "IN_REVIEW", "DELIVERED"]) expect((await editor.patch(`/api/v1/deliverables/${d!.id}`, { status })).status).toBe(200);
    // The client answers a delivery (ADR 042).
    expect((await clientA.post(`/api/v1/deliverables/${d!.id}/acceptance`, { decision: "reject", reason: "Missing the tax analysis." })).status).toBe(200);
    for (const status of ["IN_PROGRESS", "DELIVERED"]) expect((await editor.patch(`/api/v1/deliverables/${d!.id}`, { status })).status).toBe(200);
    await expectError(await editor.patch(`/api/v1/mandates/${m.id}`, { status: "COMPLETED" }), 409, "open_deliverables");
    expect((await clientA.post(`/api/v1/deliverables/${d!.id}/acceptance`, { decision: "accept" })).status).toBe(200);
    const refused = await expectError(await editor.patch(`/api/v1/deliverables/${d!.id}`, { status: "IN_PROGRESS" }), 409, "invalid_transition");
    expect(refused.error.details).toEqual({ from: "ACCEPTED", to: "IN_PROGRESS", allowed: [] });
    expect((await body<MandateBody>(await editor.patch(`/api/v1/mandates/${m.id}`, { status: "COMPLETED" }))).mandate.status).toBe("COMPLETED");
    await expectError(await editor.patch(`/api/v1/mandates/${m.id}`, { title: "Renamed" }), 409, "mandate_closed");
    await expectError(await editor.post(`/api/v1/mandates/${m.id}/deliverables`, { title: "More", type: "Memo" }), 409, "mandate_closed");
  });

  test("a toolkit suggests the deliverable types it names, not every template: the starter SaaS toolkit suggests no engagement letter", async () => {
    const dir = new URL("../../playbooks/", import.meta.url);
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".md"))
      .map((f) => ({ file: `playbooks/${f}`, content: readFileSync(new URL(f, dir), "utf8") }));
    const imported = await server.services.library.importFiles((await loadViewer(db().prisma, ids.editor))!, files);
    expect(imported.skipped).toEqual([]);
    const slugged = await db().prisma.document.findMany({ where: { slug: { in: ["saas-procurement-toolkit", "deliverable-cover-memo", "engagement-letter-fixed-fee"] } } });
    const id = (slug: string) => slugged.find((d) => d.slug === slug)!.id;
    const m = await createMandate(editor);
    expect((await editor.post(`/api/v1/mandates/${m.id}/resources`, { documentId: id("saas-procurement-toolkit") })).status).toBe(201);
    const { suggestions } = await body<{ suggestions: Array<{ documentId: string; title: string; type: string }> }>(
      await editor.get(`/api/v1/mandates/${m.id}/suggested-deliverables?toolkitId=${id("saas-procurement-toolkit")}`),
    );
    // The engagement letter is in the toolkit (the team opens the mandate with it) but is not client work.
    expect(suggestions).toEqual([{ documentId: id("deliverable-cover-memo"), title: "SaaS contract review memo", type: "SaaS contract review memo", templateTitle: "Deliverable cover memo" }]);
    expect(suggestions.map((s) => s.documentId)).not.toContain(id("engagement-letter-fixed-fee"));
    const added = (await body<{ deliverables: PresentedDeliverable[] }>(await editor.post(`/api/v1/mandates/${m.id}/deliverables`, { fromToolkit: { toolkitId: id("saas-procurement-toolkit") } }))).deliverables;
    expect(added.map((d) => [d.title, d.type, d.sourceDocumentId])).toEqual([["SaaS contract review memo", "SaaS contract review memo", id("deliverable-cover-memo")]]);

    // A toolkit that names no deliverable types suggests nothing, and says so.
    const bare = await makeDocument(editor, { kind: "TOOLKIT", title: "Bare toolkit" });
    expect((await editor.request(`/api/v1/documents/${bare}/items`, { method: "PUT", json: { documentIds: [id("engagement-letter-fixed-fee")] } })).status).toBe(200);
    expect((await editor.post(`/api/v1/mandates/${m.id}/resources`, { documentId: bare })).status).toBe(201);
    expect((await body<{ suggestions: unknown[] }>(await editor.get(`/api/v1/mandates/${m.id}/suggested-deliverables?toolkitId=${bare}`))).suggestions).toEqual([]);
    await expectError(await editor.post(`/api/v1/mandates/${m.id}/deliverables`, { fromToolkit: { toolkitId: bare } }), 409, "no_suggested_deliverables");
  });

  test("a toolkit's deliverable types name its own templates only, and survive moving its items", async () => {
    const toolkit = await makeDocument(editor, { kind: "TOOLKIT", title: "Typed toolkit" });
    const items = (json: unknown) => editor.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json });
    const refused = await expectError(
      await items({ documentIds: [docs.playbook, docs.templateA], deliverables: [{ documentId: docs.playbook, type: "Playbook" }, { documentId: docs.templateInternal, type: "Supply" }] }),
      400,
      "invalid_request",
    );
    expect((refused.error.details as { issues: Issues }).issues).toEqual([
      { path: "deliverables.1.documentId", message: "A deliverable's template must be one of the toolkit's documents." },
    ]);
    const notTemplate = await expectError(await items({ documentIds: [docs.playbook], deliverables: [{ documentId: docs.playbook, type: "Playbook" }] }), 400, "invalid_request");
    expect((notTemplate.error.details as { issues: Issues }).issues).toEqual([{ path: "deliverables.0.documentId", message: "Only a template drafts a deliverable: this is a playbook." }]);

    expect((await items({ documentIds: [docs.playbook, docs.templateA], deliverables: [{ documentId: docs.templateA, type: "NDA first draft" }] })).status).toBe(200);
    // Reordering without `deliverables` (as the toolkit page does) keeps the types of the templates that stay.
    const moved = await body<{ items: Array<{ deliverableType: string | null; document: { id: string } }> }>(await items({ documentIds: [docs.templateA, docs.playbook] }));
    expect(moved.items.map((i) => [i.document.id, i.deliverableType])).toEqual([
      [docs.templateA, "NDA first draft"],
      [docs.playbook, null],
    ]);
  });
});

test("starting from another client's mandate leaves out the links the new client may not have", async () => {
  const source = await createMandate(editor);
  await editor.post(`/api/v1/mandates/${source.id}/resources`, { documentId: docs.sharedWithAB });
  await editor.post(`/api/v1/mandates/${source.id}/resources`, { documentId: docs.templateA });
  await editor.post(`/api/v1/mandates/${source.id}/resources`, { documentId: docs.templateInternal });
  const copy = await createMandate(editor, { fromMandateId: source.id, clientOrganizationId: ids.clientBOrg });
  expect(copy.client.id).toBe(ids.clientBOrg);
  expect(copy.resources.map((r) => r.document.id)).toEqual([docs.sharedWithAB, docs.templateInternal]);
  const [created] = (await body<{ activity: PresentedActivity[] }>(await editor.get(`/api/v1/mandates/${copy.id}/activity`))).activity;
  expect(created).toMatchObject({ action: "mandate.created" });
  const event = await db().prisma.auditEvent.findUniqueOrThrow({ where: { id: created!.id } });
  expect(event.data).toMatchObject({ fromMandateId: source.id, copiedLinks: 2, skippedLinks: [{ documentId: docs.templateA }] });
});

async function viewerOf(userId: string) {
  const { loadViewer } = await import("../../server/auth/viewer.ts");
  return (await loadViewer(db().prisma, userId))!;
}

describe("mandates API refusals change nothing", () => {
  let mandate: PresentedMandate;
  let deliverable: PresentedDeliverable;

  beforeAll(async () => {
    mandate = await createMandate(editor);
    deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(
      await editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "Draft SPA", type: "SPA", dueDate: "2026-02-10" }),
    )).deliverables[0]!;
  });

  const cases: Array<[name: string, run: () => Promise<Response>, status: number, code: string, paths?: string[]]> = [
    ["an invalid mandate transition", () => editor.patch(`/api/v1/mandates/${mandate.id}`, { status: "COMPLETED" }), 409, "invalid_transition"],
    ["an invalid deliverable transition", () => editor.patch(`/api/v1/deliverables/${deliverable.id}`, { status: "ACCEPTED" }), 409, "invalid_transition"],
    ["a negative fee (minor units)", () => editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "x", type: "y", feeMinor: -1 }), 400, "invalid_request", ["feeMinor"]],
    ["a negative fee (text)", () => editor.patch(`/api/v1/deliverables/${deliverable.id}`, { fee: "-5.00" }), 400, "invalid_request", ["fee"]],
    ["a fee with too many decimals", () => editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { title: "x", type: "y", fee: "1.005" }), 400, "invalid_request", ["fee"]],
    [
      "a due date before the mandate starts",
      () => editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { deliverables: [{ title: "ok", type: "y" }, { title: "x", type: "y", dueDate: "2026-01-01" }] }),
      400,
      "invalid_request",
      ["deliverables.1.dueDate"],
    ],
    ["a due date moved before the start", () => editor.patch(`/api/v1/deliverables/${deliverable.id}`, { dueDate: "2025-12-31" }), 400, "invalid_request", ["dueDate"]],
    ["a start moved after a due date", () => editor.patch(`/api/v1/mandates/${mandate.id}`, { startDate: "2026-03-01" }), 400, "invalid_request", ["startDate"]],
    ["a target date before the start", () => editor.post("/api/v1/mandates", { ...baseMandate(), targetDate: "2026-01-04" }), 400, "invalid_request", ["targetDate"]],
    ["a target date patched before the start", () => editor.patch(`/api/v1/mandates/${mandate.id}`, { targetDate: "2025-06-01" }), 400, "invalid_request", ["targetDate"]],
    ["an unknown currency", () => editor.post("/api/v1/mandates", { ...baseMandate(), currency: "XXY" }), 400, "invalid_request", ["currency"]],
    ["a client member as PM", () => editor.post("/api/v1/mandates", { ...baseMandate(), projectManagerId: ids.clientA }), 400, "invalid_request", ["projectManagerId"]],
    ["a provider viewer as PM", () => editor.patch(`/api/v1/mandates/${mandate.id}`, { projectManagerId: ids.viewer }), 400, "invalid_request", ["projectManagerId"]],
    ["a client member in the team", () => editor.patch(`/api/v1/mandates/${mandate.id}`, { memberIds: [ids.clientA] }), 400, "invalid_request", ["memberIds.0"]],
    ["a client member as owner", () => editor.patch(`/api/v1/deliverables/${deliverable.id}`, { ownerId: ids.clientA }), 400, "invalid_request", ["ownerId"]],
    ["a client organisation that is not one", () => editor.post("/api/v1/mandates", { ...baseMandate(), clientOrganizationId: "nope" }), 400, "invalid_request", ["clientOrganizationId"]],
    ["a reference already used", () => editor.post("/api/v1/mandates", { ...baseMandate(), reference: mandate.reference }), 409, "reference_taken"],
    ["a link to a document of another firm", () => editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.foreign }), 404, "document_not_found"],
    ["a link to a document shared only with another client", () => editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.sharedWithB }), 422, "link_not_allowed"],
    ["a link to another mandate's deliverable", () => editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.playbook, deliverableId: "nope" }), 404, "deliverable_not_found"],
    ["deliverables from a document that is not a toolkit", () => editor.post(`/api/v1/mandates/${mandate.id}/deliverables`, { fromToolkit: { toolkitId: docs.playbook } }), 409, "not_a_toolkit"],
    ["a provider viewer changing a mandate", () => viewer.patch(`/api/v1/mandates/${mandate.id}`, { title: "x" }), 403, "forbidden"],
    ["a provider viewer creating a mandate", () => viewer.post("/api/v1/mandates", baseMandate()), 403, "forbidden"],
    ["an unknown field", () => editor.post("/api/v1/mandates", { ...baseMandate(), budgetFloat: 1.5 }), 400, "invalid_request", [""]],
    ["budget twice", () => editor.post("/api/v1/mandates", { ...baseMandate(), budgetMinor: 100 }), 400, "invalid_request", ["budgetMinor"]],
  ];

  test.each(cases)("%s", async (_name, run, status, code, paths) => {
    const before = await mandateRows();
    const error = await expectError(await run(), status, code);
    if (paths) expect((error.error.details!.issues as Issues).map((i) => i.path).sort()).toEqual([...paths].sort());
    expect(error.error.message.length).toBeGreaterThan(0);
    expect(await mandateRows()).toEqual(before);
  });

  test("a toolkit with a document shared with another client is refused as a whole", async () => {
    const toolkit = await makeDocument(editor, { kind: "TOOLKIT", title: "Mixed toolkit" });
    await editor.request(`/api/v1/documents/${toolkit}/items`, { method: "PUT", json: { documentIds: [docs.playbook, docs.sharedWithB] } });
    const before = await mandateRows();
    const refused = await expectError(await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: toolkit }), 422, "link_not_allowed");
    expect(refused.error.details).toMatchObject({ documents: [{ id: docs.sharedWithB }] });
    expect(await mandateRows()).toEqual(before);
    // The same document twice at one place is a conflict.
    expect((await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.playbook })).status).toBe(201);
    await expectError(await editor.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: docs.playbook }), 409, "already_linked");
  });
});

describe("client isolation", () => {
  let forA: PresentedMandate;
  let forB: PresentedMandate;
  let deliverableA: PresentedDeliverable;
  let linkA: string;

  beforeAll(async () => {
    forA = await createMandate(editor, { title: "Secret project Falcon", status: "ACTIVE" });
    forB = await createMandate(editor, { clientOrganizationId: ids.clientBOrg, title: "Client B retainer" });
    deliverableA = (await body<{ deliverables: PresentedDeliverable[] }>(
      await editor.post(`/api/v1/mandates/${forA.id}/deliverables`, { title: "Falcon memo", type: "Memo", dueDate: "2026-02-02", fee: "900" }),
    )).deliverables[0]!;
    await enterTime(editor, deliverableA.id, 30, "2026-02-01");
    const links = (await body<{ resources: PresentedResourceLink[] }>(await editor.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: docs.sharedWithAB }))).resources;
    linkA = links[0]!.id;
    await editor.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: docs.templateInternal });
    // An internal toolkit whose NDA template is shared with A.
    expect((await editor.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: docs.toolkit })).status).toBe(201);
  });

  test("a member of another client gets 403 or 404 on every endpoint and learns nothing", async () => {
    const before = await mandateRows();
    const tries: Array<[string, () => Promise<Response>]> = [
      ["get", () => clientB.get(`/api/v1/mandates/${forA.id}`)],
      ["patch", () => clientB.patch(`/api/v1/mandates/${forA.id}`, { title: "x" })],
      ["add deliverable", () => clientB.post(`/api/v1/mandates/${forA.id}/deliverables`, { title: "x", type: "y" })],
      ["suggestions", () => clientB.get(`/api/v1/mandates/${forA.id}/suggested-deliverables?toolkitId=${docs.toolkit}`)],
      ["get deliverable", () => clientB.get(`/api/v1/deliverables/${deliverableA.id}`)],
      ["patch deliverable", () => clientB.patch(`/api/v1/deliverables/${deliverableA.id}`, { status: "IN_PROGRESS" })],
      ["attach", () => clientB.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: docs.sharedWithAB })],
      ["move forward", () => clientB.post(`/api/v1/mandates/${forA.id}/resources/${linkA}/move-forward`)],
      ["detach", () => clientB.delete(`/api/v1/mandates/${forA.id}/resources/${linkA}`)],
      ["activity", () => clientB.get(`/api/v1/mandates/${forA.id}/activity`)],
      ["usage of a document shared with A only", () => clientB.get(`/api/v1/documents/${docs.templateA}/usage`)],
      ["create", () => clientB.post("/api/v1/mandates", { ...baseMandate(), clientOrganizationId: ids.clientBOrg })],
    ];
    for (const [name, run] of tries) {
      const response = await run();
      const text = await response.text();
      expect([403, 404], `${name}: ${response.status}`).toContain(response.status);
      for (const secret of [forA.title, forA.reference, deliverableA.title, "Client A", "2026-02-02"]) {
        expect(text, name).not.toContain(secret);
      }
    }
    // Lists and usage show nothing of A: no counts, no titles.
    const list = await clientB.get("/api/v1/mandates");
    const listText = await list.text();
    const listB = JSON.parse(listText) as ListBody;
    expect(listB.mandates.map((m) => m.id)).toContain(forB.id);
    expect(listB.mandates.every((m) => m.client.id === ids.clientBOrg)).toBe(true);
    expect(listB.total).toBe(await db().prisma.mandate.count({ where: { clientOrganizationId: ids.clientBOrg } }));
    expect(listText).not.toContain(forA.title);
    const usage = await body<{ usage: PresentedDocumentUsage }>(await clientB.get(`/api/v1/documents/${docs.sharedWithAB}/usage`));
    expect(usage.usage.usedBy.every((u) => u.mandate.client.id === ids.clientBOrg)).toBe(true);
    expect(JSON.stringify(usage)).not.toContain(forA.title);
    const memberOfB = await db().prisma.user.findFirstOrThrow({ where: { memberships: { some: { organizationId: ids.clientBOrg } } } });
    const bMandatesUsing = await db().prisma.mandate.count({
      where: { clientOrganizationId: ids.clientBOrg, resourceLinks: { some: { documentId: docs.sharedWithAB } } },
    });
    expect((await server.services.mandates.usageCounts(await viewerOf(memberOfB.id), [docs.sharedWithAB]))[docs.sharedWithAB]!.mandates).toBe(bMandatesUsing);
    // Another firm's staff see nothing either.
    expect((await otherProvider.get(`/api/v1/mandates/${forA.id}`)).status).toBe(404);
    expect(await body<ListBody>(await otherProvider.get("/api/v1/mandates"))).toMatchObject({ total: 0, mandates: [] });
    expect(await mandateRows()).toEqual(before);
  });

  test("a member of the right client sees their mandates, deliverables, due dates and statuses, read-only", async () => {
    const before = await mandateRows();
    const list = await body<ListBody>(await clientA.get("/api/v1/mandates?pageSize=100"));
    expect(list.mandates.every((m) => m.client.id === ids.clientAOrg)).toBe(true);
    expect(list.mandates.map((m) => m.id)).toContain(forA.id);
    expect(list.mandates.map((m) => m.id)).not.toContain(forB.id);

    const response = await clientA.get(`/api/v1/mandates/${forA.id}`);
    const text = await response.clone().text();
    const { mandate } = await body<MandateBody>(response);
    expect(mandate).toMatchObject({
      title: "Secret project Falcon",
      status: "ACTIVE",
      abilities: { update: false, seeInternals: false, allowedTransitions: [] },
      deliverables: [{ title: "Falcon memo", status: "NOT_STARTED", dueDate: "2026-02-02", allowedTransitions: [] }],
    });
    expect(mandate.deliverables[0]!).not.toHaveProperty("effortMinutes");
    expect(mandate.deliverables[0]!).not.toHaveProperty("unratedMinutes");
    // Only the documents shared with this client: not the internal template, nor the internal
    // toolkit that brought the NDA (not even its title).
    expect(mandate.resources.map((r) => [r.document.id, r.viaToolkit])).toEqual([
      [docs.sharedWithAB, null],
      [docs.templateA, null],
    ]);
    for (const secret of ["Commercial toolkit", "Supply agreement", "Commercial contracts playbook", '"cost":', '"effortMinutes"', '"unratedMinutes"']) expect(text).not.toContain(secret);
    const usage = await body<{ usage: PresentedDocumentUsage }>(await clientA.get(`/api/v1/documents/${docs.sharedWithAB}/usage`));
    expect(usage.usage.usedBy.map((u) => u.mandate.id)).toContain(forA.id);
    expect(usage.usage.usedBy.every((u) => u.mandate.client.id === ids.clientAOrg)).toBe(true);

    await expectError(await clientA.patch(`/api/v1/mandates/${forA.id}`, { title: "x" }), 403, "forbidden");
    await expectError(await clientA.patch(`/api/v1/deliverables/${deliverableA.id}`, { status: "IN_PROGRESS" }), 403, "forbidden");
    await expectError(await clientA.post(`/api/v1/mandates/${forA.id}/deliverables`, { title: "x", type: "y" }), 403, "forbidden");
    await expectError(await clientA.post(`/api/v1/mandates/${forA.id}/resources`, { documentId: docs.sharedWithAB }), 403, "forbidden");
    await expectError(await clientA.get(`/api/v1/mandates/${forA.id}/activity`), 403, "forbidden");
    await expectError(await clientA.post("/api/v1/mandates", baseMandate()), 403, "forbidden");
    expect(await mandateRows()).toEqual(before);
  });

  test("a deliverable's template is linked only for viewers who may read it (issue 14)", async () => {
    const added = await editor.post(`/api/v1/mandates/${forA.id}/deliverables`, { fromToolkit: { toolkitId: docs.toolkit } });
    expect(added.status, await added.clone().text()).toBe(201);
    const templateOf = async (client: Client) => {
      const { mandate } = await body<MandateBody>(await client.get(`/api/v1/mandates/${forA.id}`));
      return Object.fromEntries(mandate.deliverables.filter((d) => d.title !== "Falcon memo").map((d) => [d.title, d.sourceDocumentId]));
    };
    // The provider's staff follow both; the client only the NDA template shared with them, not the internal one.
    expect(await templateOf(editor)).toEqual({ NDA: docs.templateA, "Supply agreement": docs.templateInternal });
    expect(await templateOf(clientA)).toEqual({ NDA: docs.templateA, "Supply agreement": null });
    expect((await clientA.get(`/api/v1/documents/${docs.templateInternal}`)).status).toBe(404);
  });

  test("without a session every route is a 401", async () => {
    const anonymous = createClient(server.url);
    await expectError(await anonymous.get("/api/v1/mandates"), 401, "unauthenticated");
    await expectError(await anonymous.get(`/api/v1/mandates/${forA.id}`), 401, "unauthenticated");
    await expectError(await anonymous.get(`/api/v1/documents/${docs.playbook}/usage`), 401, "unauthenticated");
    await expectError(await anonymous.patch(`/api/v1/deliverables/${deliverableA.id}`, { status: "IN_PROGRESS" }), 401, "unauthenticated");
  });
});
