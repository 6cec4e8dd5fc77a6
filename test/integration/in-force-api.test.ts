// The version in force by effective date over HTTP (ADR 017): a publication dated later is
// scheduled, and every reader (a client's page, search, export, template fill, the in-force
// endpoint) shows the previous version until its day, then the new one; back-dating needs an
// admin's written reason.
import { beforeAll, describe, expect, test } from "vitest";
import type { PresentedInForce } from "../../server/documents/in-force-presenter.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedWorkflow } from "../../server/documents/workflow-presenter.ts";
import type { PresentedDeliverable, PresentedMandate } from "../../server/mandates/presenter.ts";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";
import { editDraft } from "../helpers/documents.ts";
import { useTestDatabase } from "../helpers/database.ts";
import type { Client, ErrorBody } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Person = { client: Client; id: string };
let admin: Person;
let author: Person;
let reviewer: Person;
let client: Person;
let clientOrg: string;

const body = async <T>(response: Response) => (await response.json()) as T;
const DAY_MS = 24 * 60 * 60 * 1000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
const today = () => isoDay(new Date());
const inDays = (days: number) => isoDay(new Date(Date.now() + days * DAY_MS));

async function expectError(response: Response, status: number, code: string) {
  const error = (await response.json()) as ErrorBody & { error: { details?: { issues?: { path: string }[] } } };
  expect({ status: response.status, code: error.error.code }).toEqual({ status, code });
  return error;
}

async function signIn(role: "ADMIN" | "EDITOR" | "CLIENT", organizationName: string, name: string): Promise<Person> {
  const { client, user } = await signInNewUser(server, role, organizationName, name);
  return { client, id: user.id };
}

async function createPublished(kind: "PLAYBOOK" | "TEMPLATE", title: string, markdown: string) {
  const response = await author.client.post("/api/v1/documents", {
    kind,
    title,
    status: "PUBLISHED",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientOrg],
    markdown,
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return (await body<{ document: PresentedDocument }>(response)).document.id;
}

/** The next draft, reviewed and approved; `publish` then posts the publication. */
async function approveNextDraft(id: string, markdown: string) {
  await editDraft(server.services.documentState, id, markdown);
  expect((await author.client.post(`/api/v1/documents/${id}/review`, { reviewerIds: [reviewer.id] })).status).toBe(200);
  expect((await reviewer.client.post(`/api/v1/documents/${id}/review/decision`, { decision: "approve" })).status).toBe(200);
}

const publish = (who: Person, id: string, json: Record<string, unknown>) => who.client.post(`/api/v1/documents/${id}/publish`, json);
const inForce = async (who: Person, id: string, at?: string) =>
  body<PresentedInForce>(await who.client.get(`/api/v1/documents/${id}/in-force${at ? `?at=${at}` : ""}`));

async function searchIds(who: Person, q: string) {
  await server.services.search.indexer.idle();
  const result = await body<PresentedSearchResult>(await who.client.get(`/api/v1/search?q=${q}`));
  return new Set(result.hits.map((h) => h.documentId));
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  admin = await signIn("ADMIN", "Provider LLP", "Ada Admin");
  author = await signIn("EDITOR", "Provider LLP", "Alex Author");
  reviewer = await signIn("EDITOR", "Provider LLP", "Rita Reviewer");
  client = await signIn("CLIENT", "Client A", "Carla Client");
  clientOrg = (await db().prisma.membership.findFirstOrThrow({ where: { userId: client.id } })).organizationId;
});

describe("the version in force by effective date", () => {
  test("a future-dated publication is not in force before its date for any reader, and is from that day", async () => {
    const playbook = await createPublished("PLAYBOOK", "Indemnities playbook", "Resist uncapped indemnities. Marker zebrafinch.");
    const template = await createPublished("TEMPLATE", "Engagement letter", 'Dear {{client_name label="Client name"}}.');
    const effective = inDays(30);

    await approveNextDraft(playbook, "Accept capped indemnities. Marker quetzalbird.");
    const published = await body<{ workflow: PresentedWorkflow }>(await publish(author, playbook, { effectiveDate: effective }));
    expect(published.workflow.published?.number).toBe(1);
    // Version 2 is the snapshot the reviewers approved (ADR 018); its publication is version 3.
    expect(published.workflow.scheduled).toEqual([{ number: 3, effectiveAt: `${effective}T00:00:00.000Z` }]);
    await approveNextDraft(template, 'Dear {{client_name label="Client name"}}, our fee is {{fee_basis label="Fee basis"}}.');
    expect((await publish(author, template, { effectiveDate: effective })).status).toBe(200);

    const m = await author.client.post("/api/v1/mandates", {
      clientOrganizationId: clientOrg,
      title: "Supplier NDAs",
      reference: "NW-2026-099",
      startDate: "2026-11-02",
      status: "ACTIVE",
      pricingModel: "FIXED_PER_DELIVERABLE",
      currency: "EUR",
      budgetMinor: 1_000_000,
    });
    expect(m.status, await m.clone().text()).toBe(201);
    const mandate = (await body<{ mandate: PresentedMandate }>(m)).mandate;
    const d = await author.client.post(`/api/v1/mandates/${mandate.id}/deliverables`, { deliverables: [{ title: "Engagement", type: "Letter", feeMinor: 1000 }] });
    const deliverable = (await body<{ deliverables: PresentedDeliverable[] }>(d)).deliverables[0]!;
    // The playbook serves the mandate: its link pins the version in force when attached.
    expect((await author.client.post(`/api/v1/mandates/${mandate.id}/resources`, { documentId: playbook })).status).toBe(201);
    const link = async () =>
      (await body<{ mandate: PresentedMandate }>(await author.client.get(`/api/v1/mandates/${mandate.id}`))).mandate.resources.find((r) => r.document.id === playbook)!;

    /** What each reader shows of the two documents. */
    async function readers() {
      const page = (await body<{ document: PresentedDocument }>(await client.client.get(`/api/v1/documents/${playbook}`))).document;
      const exported = await (await client.client.get(`/api/v1/documents/${playbook}/export?format=md`)).text();
      const form = await body<{ template: { version: { number: number } | null }; variables: { name: string }[] }>(
        await author.client.get(`/api/v1/deliverables/${deliverable.id}/template-form?templateId=${template}`),
      );
      return {
        page: page.content.text.includes("quetzalbird") ? "new" : page.content.text.includes("zebrafinch") ? "old" : "none",
        export: exported.includes("quetzalbird") ? "new" : exported.includes("zebrafinch") ? "old" : "none",
        searchOld: (await searchIds(client, "zebrafinch")).has(playbook),
        searchNew: (await searchIds(client, "quetzalbird")).has(playbook),
        templateVersion: form.template.version?.number,
        templateHasNewVariable: form.variables.some((v) => v.name === "fee_basis"),
        endpoint: (await inForce(client, playbook)).inForce?.number,
        // What the mandate's link offers to move forward to: the version in force, never a scheduled one.
        linkLatest: await link().then((l) => l.latestVersion?.number ?? l.pinnedVersion?.number),
      };
    }

    expect(await readers()).toEqual({ page: "old", export: "old", searchOld: true, searchNew: false, templateVersion: 1, templateHasNewVariable: false, endpoint: 1, linkLatest: 1 });
    // The sweep before the day moves nothing.
    expect(await server.services.inForceSweep.sweep()).toEqual([]);

    // The day comes: the scheduled publications' date is moved to today, and the sweep runs.
    await db().prisma.documentVersion.updateMany({ where: { documentId: { in: [playbook, template] }, reason: "PUBLISH", number: 3 }, data: { effectiveAt: new Date(`${today()}T00:00:00.000Z`) } });
    expect((await server.services.inForceSweep.sweep()).sort()).toEqual([playbook, template].sort());
    expect(await readers()).toEqual({ page: "new", export: "new", searchOld: false, searchNew: true, templateVersion: 3, templateHasNewVariable: true, endpoint: 3, linkLatest: 3 });
    expect((await body<{ workflow: PresentedWorkflow }>(await author.client.get(`/api/v1/documents/${playbook}/workflow`))).workflow.scheduled).toEqual([]);
  });

  test("a first publication dated later keeps the document from clients until its day, and the workflow rests on published", async () => {
    const response = await author.client.post("/api/v1/documents", {
      kind: "PLAYBOOK",
      title: "Data protection playbook",
      visibility: "SHARED",
      sharedWithOrganizationIds: [clientOrg],
      markdown: "Marker ibisfeather.",
    });
    const id = (await body<{ document: PresentedDocument }>(response)).document.id;
    expect((await author.client.post(`/api/v1/documents/${id}/review`, { reviewerIds: [reviewer.id] })).status).toBe(200);
    expect((await reviewer.client.post(`/api/v1/documents/${id}/review/decision`, { decision: "approve" })).status).toBe(200);
    const effective = inDays(10);
    const { workflow } = await body<{ workflow: PresentedWorkflow }>(await publish(author, id, { effectiveDate: effective }));
    expect(workflow).toMatchObject({ status: "PUBLISHED", published: null, scheduled: [{ number: 2, effectiveAt: `${effective}T00:00:00.000Z` }] });

    expect((await client.client.get(`/api/v1/documents/${id}`)).status).toBe(404);
    expect((await searchIds(client, "ibisfeather")).has(id)).toBe(false);
    // The next draft's review ends back on PUBLISHED, not DRAFT: a publication is on its way.
    expect((await author.client.post(`/api/v1/documents/${id}/review`, { reviewerIds: [reviewer.id] })).status).toBe(200);
    const withdrawn = await body<{ workflow: PresentedWorkflow }>(await author.client.post(`/api/v1/documents/${id}/withdraw`, {}));
    expect(withdrawn.workflow).toMatchObject({ state: "PUBLISHED", status: "PUBLISHED" });

    const opensOn = new Date(`${effective}T00:00:00.000Z`);
    expect(await server.services.inForceSweep.sweep(opensOn)).toEqual([id]);
    expect((await client.client.get(`/api/v1/documents/${id}`)).status).toBe(200);
    expect((await searchIds(client, "ibisfeather")).has(id)).toBe(true);
  });

  test("a back-dated effective date needs an admin and a written reason, kept on the version and in the audit trail", async () => {
    const id = await createPublished("PLAYBOOK", "Limitation playbook", "Cap at fees paid.");
    // Version 1 has been in force for three months.
    await db().prisma.documentVersion.updateMany({ where: { documentId: id, number: 1 }, data: { effectiveAt: new Date(`${inDays(-90)}T00:00:00.000Z`) } });
    await approveNextDraft(id, "Cap at twice the fees paid.");
    const lastMonth = inDays(-30);

    const byEditor = await publish(author, id, { effectiveDate: lastMonth, backdateReason: "Agreed at the partners' meeting." });
    await expectError(byEditor, 403, "forbidden");
    const noReason = await expectError(await publish(admin, id, { effectiveDate: lastMonth }), 422, "backdate_reason_required");
    expect(noReason.error.details?.issues?.map((i) => i.path)).toEqual(["backdateReason"]);
    expect(await db().prisma.documentVersion.count({ where: { documentId: id, reason: "PUBLISH" } })).toBe(1);

    // Dated before version 1 took effect, it would never be in force: refused, not ignored.
    await expectError(await publish(admin, id, { effectiveDate: inDays(-120), backdateReason: "Typo." }), 409, "effective_date_superseded");

    const reason = "The market moved on 1st of last month; the practice applied the new cap from then.";
    const ok = await body<{ workflow: PresentedWorkflow }>(await publish(admin, id, { effectiveDate: lastMonth, backdateReason: reason }));
    expect(ok.workflow.published).toMatchObject({ number: 3, effectiveAt: `${lastMonth}T00:00:00.000Z`, backdateReason: reason });
    const audit = await db().prisma.auditEvent.findFirstOrThrow({ where: { targetId: id, action: "document.published" }, orderBy: { createdAt: "desc" } });
    expect(audit.data).toMatchObject({ backdateReason: reason, effectiveAt: `${lastMonth}T00:00:00.000Z` });
    // Today is not back-dated: an editor may publish effective today without a reason.
    await approveNextDraft(id, "Cap at three times the fees paid.");
    expect((await publish(author, id, { effectiveDate: today() })).status).toBe(200);
  });

  test("the in-force endpoint answers by date, with an empty answer before the first publication and 400 or 404 for bad requests", async () => {
    const id = await createPublished("PLAYBOOK", "Termination playbook", "Marker condorquill.");
    const yesterday = inDays(-1);
    const first = await inForce(author, id, today());
    expect(first).toMatchObject({ documentId: id, at: today(), inForce: { number: 1, publishedBy: { id: author.id }, content: { text: expect.stringContaining("condorquill") } } });
    expect(await inForce(author, id, yesterday)).toEqual({ documentId: id, at: yesterday, inForce: null });
    // A client reads the version in force now, without the provider's details.
    const forClient = await inForce(client, id);
    expect(forClient.inForce).toMatchObject({ number: 1, content: { text: expect.stringContaining("condorquill") } });
    expect(forClient.inForce).not.toHaveProperty("publishedBy");

    await expectError(await author.client.get(`/api/v1/documents/${id}/in-force?at=2027-02-30`), 400, "invalid_request");
    await expectError(await author.client.get(`/api/v1/documents/${id}/in-force?at=tomorrow`), 400, "invalid_request");
    const internal = await author.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Internal note", status: "PUBLISHED", markdown: "Secret." });
    const internalId = (await body<{ document: PresentedDocument }>(internal)).document.id;
    await expectError(await client.client.get(`/api/v1/documents/${internalId}/in-force`), 404, "document_not_found");
  });
});
