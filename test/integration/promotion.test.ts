// Promote to precedent over HTTP (issue 11): a team editor's client document, sanitised, waits
// for another knowledge lawyer's approval and becomes a house precedent without the client's
// identifying terms; the source stays with its client.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import type { PresentedPromotion, PresentedPromotionPreview } from "../../server/documents/promotion-presenter.ts";
import { createUser } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";

const db = useTestDatabase();
let server: TestServer;
type Person = { client: Client; id: string };
let requester: Person;
let approver: Person;
let offTeamViewer: Person;
let teamViewer: Person;
let clientOrgId: string;
let mandateId: string;

const body = async <T>(response: Response) => (await response.json()) as T;


async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT", organizationName: string, name?: string): Promise<Person> {
  const { client, user } = await signInNewUser(server, role, organizationName, name);
  return { client, id: user.id };
}

const SOURCE_MARKDOWN = [
  "# Supply terms",
  "",
  "This agreement is dated 27 November 2026 between Acme Holdings Limited and Northwind Traders Ltd (matter NW-2026-014).",
  "",
  "The price is £12,500.00, payable within 30 days. Questions go to the general counsel, Jane Patel, at jane.patel@acme.example.",
  "",
  "Acme may terminate on notice. The Confidential Information is defined in clause 1.",
].join("\n");

/** A document made through the API, then made client material of the mandate's client (as a generated deliverable would be). */
async function clientDocument(title = "Acme supply agreement") {
  const response = await requester.client.post("/api/v1/documents", { kind: "PRECEDENT", title, markdown: SOURCE_MARKDOWN });
  expect(response.status).toBe(201);
  const { document } = await body<{ document: PresentedDocument }>(response);
  await db().prisma.document.update({
    where: { id: document.id },
    data: { clientOrganizationId: clientOrgId, mandateId, confidentiality: "CLIENT_CONFIDENTIAL" },
  });
  return document.id;
}

const IDENTIFYING = ["Acme Holdings Limited", "Acme", "Jane Patel", "£12,500.00", "27 November 2026", "NW-2026-014"];

async function previewOf(person: Person, documentId: string) {
  const response = await person.client.get(`/api/v1/documents/${documentId}/promotion-preview`);
  expect(response.status).toBe(200);
  return (await body<{ preview: PresentedPromotionPreview }>(response)).preview;
}

/** Every term found, replaced by its suggested placeholder. */
async function requestPromotion(documentId: string) {
  const preview = await previewOf(requester, documentId);
  const response = await requester.client.post(`/api/v1/documents/${documentId}/promotions`, {
    title: "Supply terms precedent",
    replacements: preview.terms.map((t) => ({ term: t.term, replacement: t.replacement })),
  });
  expect(response.status).toBe(201);
  return (await body<{ promotion: PresentedPromotion }>(response)).promotion;
}

beforeAll(async () => {
  server = await startTestServer({ db: db() });
  requester = await signIn("EDITOR", "Provider LLP", "Rita Requester");
  approver = await signIn("EDITOR", "Provider LLP", "Kim Knowledge");
  offTeamViewer = await signIn("VIEWER", "Provider LLP", "Otto Outside");
  teamViewer = await signIn("VIEWER", "Provider LLP", "Tess Teamviewer");
  const clientUser = await createUser(server.services.auth, { role: "CLIENT", organizationName: "Acme Holdings Limited", name: "Carla Client" });
  clientOrgId = clientUser.organization.id;
  const provider = await db().prisma.organization.findFirstOrThrow({ where: { name: "Provider LLP" } });
  const mandate = await db().prisma.mandate.create({
    data: {
      providerOrganizationId: provider.id,
      clientOrganizationId: clientOrgId,
      title: "Acme supply programme",
      reference: "NW-2026-014",
      description: "Supply agreements with Northwind Traders Ltd.",
      pricingModel: "CAPPED",
      currency: "GBP",
      budgetMinor: 1_000_000n,
      startDate: new Date("2026-01-05T00:00:00Z"),
    },
  });
  mandateId = mandate.id;
  // The team, written directly: the mandates service's team changes are someone else's work in progress.
  await db().prisma.mandateMember.createMany({ data: [{ mandateId, userId: requester.id }, { mandateId, userId: teamViewer.id }] });
});

afterAll(async () => {
  await server?.close();
});

describe("promote to precedent", () => {
  test("the preview lists the client's name, a person, an amount, a date and the reference, for the team only", async () => {
    const id = await clientDocument();
    const preview = await previewOf(requester, id);
    const found = Object.fromEntries(preview.terms.map((t) => [t.term, t]));
    expect(found["Acme Holdings Limited"]).toMatchObject({ category: "CLIENT", replacement: "[Client]", occurrences: 1 });
    expect(found["Acme"]).toMatchObject({ category: "CLIENT", occurrences: 1 });
    expect(found["Northwind Traders Ltd"]).toMatchObject({ category: "COUNTERPARTY" });
    expect(found["Jane Patel"]).toMatchObject({ category: "NAME", replacement: "[Name]" });
    expect(found["£12,500.00"]).toMatchObject({ category: "AMOUNT", replacement: "[Amount]" });
    expect(found["27 November 2026"]).toMatchObject({ category: "DATE", replacement: "[Date]" });
    expect(found["NW-2026-014"]).toMatchObject({ category: "REFERENCE", replacement: "[Reference]" });
    expect(found["jane.patel@acme.example"]).toMatchObject({ category: "EMAIL" });
    expect(preview.canRequest).toBe(true);

    // Off the team: the source does not exist for them. House knowledge has nothing to promote.
    await expectError(await offTeamViewer.client.get(`/api/v1/documents/${id}/promotion-preview`), 404, "document_not_found");
    await expectError(await approver.client.get(`/api/v1/documents/${id}/promotion-preview`), 404, "document_not_found");
    const house = await requester.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "House playbook", markdown: "Plain text." });
    const houseId = (await body<{ document: PresentedDocument }>(house)).document.id;
    await expectError(await requester.client.get(`/api/v1/documents/${houseId}/promotion-preview`), 400, "not_client_material");
  });

  test("a request that leaves identifying terms is refused, naming them; so is one from a viewer on the team", async () => {
    const id = await clientDocument();
    const bare = await requester.client.post(`/api/v1/documents/${id}/promotions`, { title: "Supply terms precedent", replacements: [] });
    const error = await expectError(bare, 400, "identifying_terms_remain");
    for (const term of ["Acme Holdings Limited", "Jane Patel", "£12,500.00", "27 November 2026", "NW-2026-014"]) {
      expect(error.error.message).toContain(term);
    }
    const left = (error.error.details?.terms as { term: string }[]).map((t) => t.term);
    expect(left).toEqual(expect.arrayContaining(["Acme Holdings Limited", "Jane Patel", "£12,500.00", "27 November 2026", "NW-2026-014"]));

    // Everything replaced but one, and a title that names the client.
    const preview = await previewOf(requester, id);
    const allButOne = preview.terms.filter((t) => t.term !== "Jane Patel").map((t) => ({ term: t.term, replacement: t.replacement }));
    const partial = await requester.client.post(`/api/v1/documents/${id}/promotions`, { title: "Supply terms precedent", replacements: allButOne });
    expect((await expectError(partial, 400, "identifying_terms_remain")).error.details?.terms).toEqual([{ term: "Jane Patel", occurrences: 1 }]);
    const all = preview.terms.map((t) => ({ term: t.term, replacement: t.replacement }));
    const titled = await requester.client.post(`/api/v1/documents/${id}/promotions`, { title: "Acme supply terms", replacements: all });
    expect((await expectError(titled, 400, "identifying_terms_remain")).error.details?.titleTerms).toEqual(["Acme"]);
    // A replacement that puts the term back is no replacement.
    const kept = all.map((r) => (r.term === "Jane Patel" ? { ...r, replacement: "Jane Patel (GC)" } : r));
    await expectError(await requester.client.post(`/api/v1/documents/${id}/promotions`, { title: "Supply terms", replacements: kept }), 400, "identifying_terms_remain");

    // A short form of the client's name that the text does not use is still refused in the title.
    const shortForm = await requester.client.post(`/api/v1/documents/${id}/promotions`, { title: "Acme Holdings supply terms", replacements: all });
    expect((await expectError(shortForm, 400, "identifying_terms_remain")).error.details?.titleTerms).toContain("Acme Holdings");

    await expectError(await teamViewer.client.post(`/api/v1/documents/${id}/promotions`, { title: "Supply terms", replacements: all }), 403, "forbidden");
    expect(await db().prisma.precedentPromotion.count({ where: { sourceDocumentId: id } })).toBe(0);
  });

  test("replaced, it waits for another knowledge lawyer, who approves it into a house precedent without the terms", async () => {
    const sourceId = await clientDocument();
    const promotion = await requestPromotion(sourceId);
    expect(promotion).toMatchObject({ status: "PENDING", title: "Supply terms precedent", sourceDocumentId: sourceId, abilities: { decide: false, withdraw: true } });
    for (const term of IDENTIFYING) expect(promotion.content.text).not.toContain(term);
    expect(promotion.content.text).toContain("between [Client] and [Counterparty] (matter [Reference])");

    // A second request for the same source waits for the first.
    const again = await requester.client.post(`/api/v1/documents/${sourceId}/promotions`, { title: "Again", replacements: [] });
    await expectError(again, 409, "promotion_pending");

    // The approver, off the client's team, sees it pending: the sanitised text, the categories, never the terms or the source.
    const pending = await body<{ promotions: PresentedPromotion[] }>(await approver.client.get("/api/v1/promotions?status=PENDING"));
    const listed = pending.promotions.find((p) => p.id === promotion.id);
    expect(listed).toBeDefined();
    expect(listed!.sourceDocumentId).toBeNull();
    expect(listed!.abilities.decide).toBe(true);
    expect(listed!.terms.every((t) => !("term" in t))).toBe(true);
    expect(listed!.terms.map((t) => t.category)).toEqual(expect.arrayContaining(["CLIENT", "NAME", "AMOUNT", "DATE", "REFERENCE"]));
    expect(JSON.stringify(listed)).not.toContain("Acme");
    expect(JSON.stringify(listed)).not.toContain("Jane Patel");

    // Four eyes: the requester cannot approve their own; a viewer off the team does not see it at all.
    const own = await requester.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "approve" });
    await expectError(own, 403, "forbidden");
    await expectError(await offTeamViewer.client.get(`/api/v1/promotions/${promotion.id}`), 404, "promotion_not_found");
    await expectError(await offTeamViewer.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "approve" }), 404, "promotion_not_found");

    const approved = await approver.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "approve", comment: "Good precedent." });
    expect(approved.status).toBe(200);
    const decided = (await body<{ promotion: PresentedPromotion }>(approved)).promotion;
    expect(decided).toMatchObject({ status: "APPROVED", approver: { id: approver.id }, comment: "Good precedent." });
    expect(decided.resultDocumentId).toBeTruthy();
    await expectError(await approver.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "approve" }), 409, "already_decided");

    // The new house document: readable off the team, without the terms, saying where it came from without naming it.
    const result = await offTeamViewer.client.get(`/api/v1/documents/${decided.resultDocumentId}`);
    expect(result.status).toBe(200);
    const { document } = await body<{ document: PresentedDocument }>(result);
    expect(document).toMatchObject({ kind: "PRECEDENT", status: "DRAFT", confidentiality: "HOUSE", client: null, promotedFromClientMaterial: true, title: "Supply terms precedent" });
    for (const term of IDENTIFYING) {
      expect(document.content.text).not.toContain(term);
      expect(JSON.stringify(document)).not.toContain(term);
    }
    expect(JSON.stringify(document)).not.toContain(sourceId);
    expect(document.content.text).toContain("The price is [Amount], payable within 30 days.");
    const row = await db().prisma.document.findUniqueOrThrow({ where: { id: decided.resultDocumentId! } });
    expect(row).toMatchObject({ promotedFromId: sourceId, clientOrganizationId: null, confidentiality: "HOUSE", mandateId: null });

    // The source stays client material: still 404 off the team.
    await expectError(await offTeamViewer.client.get(`/api/v1/documents/${sourceId}`), 404, "document_not_found");
    await expectError(await approver.client.get(`/api/v1/documents/${sourceId}`), 404, "document_not_found");
    const source = await db().prisma.document.findUniqueOrThrow({ where: { id: sourceId } });
    expect(source.clientOrganizationId).toBe(clientOrgId);

    // The team member who asked sees the terms they replaced.
    const mine = await body<{ promotion: PresentedPromotion }>(await requester.client.get(`/api/v1/promotions/${promotion.id}`));
    expect(mine.promotion.terms.map((t) => t.term)).toEqual(expect.arrayContaining(["Acme Holdings Limited", "Jane Patel"]));

    const events = await db().prisma.auditEvent.findMany({ where: { targetType: "promotion", targetId: promotion.id }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["promotion.requested", "promotion.approved"]);
    expect(JSON.stringify(events.map((e) => e.data))).not.toContain("Acme");
  });

  test("a rejection says why and creates nothing; the requester may then withdraw or ask again", async () => {
    const sourceId = await clientDocument();
    const promotion = await requestPromotion(sourceId);
    const before = await db().prisma.document.count();
    const noReason = await approver.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "reject" });
    await expectError(noReason, 400, "invalid_request");
    const rejected = await approver.client.post(`/api/v1/promotions/${promotion.id}/decision`, { decision: "reject", comment: "Too deal-specific." });
    expect(rejected.status).toBe(200);
    expect((await body<{ promotion: PresentedPromotion }>(rejected)).promotion).toMatchObject({ status: "REJECTED", resultDocumentId: null, comment: "Too deal-specific." });
    expect(await db().prisma.document.count()).toBe(before);
    const pending = await body<{ promotions: PresentedPromotion[] }>(await approver.client.get("/api/v1/promotions?status=PENDING"));
    expect(pending.promotions.map((p) => p.id)).not.toContain(promotion.id);

    const second = await requestPromotion(sourceId);
    const withdrawn = await requester.client.post(`/api/v1/promotions/${second.id}/withdraw`);
    expect((await body<{ promotion: PresentedPromotion }>(withdrawn)).promotion.status).toBe("WITHDRAWN");
    await expectError(await approver.client.post(`/api/v1/promotions/${second.id}/decision`, { decision: "approve" }), 409, "already_decided");
  });
});
