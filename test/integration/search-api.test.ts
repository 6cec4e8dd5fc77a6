// Search over HTTP on a real database, the real sync server and the real MiniSearch engine:
// visibility applied inside the engine, live edits searchable within about a second, deletes
// gone, bad parameters refused.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { PresentedSearchResult } from "../../server/search/presenter.ts";
import type { Viewer } from "../../server/auth/viewer.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { createClient, type ErrorBody } from "../helpers/http.ts";
import { addParagraph, connectClient, createMember, startCollab, waitFor, type CollabHarness, type TestClient } from "./collab-harness.ts";

const db = useTestDatabase();
let harness: CollabHarness;
let editor: { viewer: Viewer; token: string };
let clientA: { viewer: Viewer; token: string; organization: { id: string } };
let clientB: { viewer: Viewer; token: string; organization: { id: string } };
const docs: Record<string, string> = {};
const sockets: TestClient[] = [];

const PLAYBOOK = `# Limitation of liability

The zebracorn cap applies to every supplier.

:::clause {id="cap" name="Liability cap"}

:::preferred

Cap at twelve months of quokkafees.

:::

:::fallback

Cap at twenty-four months of fees.

:::

:::
`;

async function search(token: string, query: string) {
  const response = await createClient(harness.url).get(`/api/v1/search?${query}`, { bearer: token });
  return { status: response.status, body: (await response.json()) as PresentedSearchResult & ErrorBody };
}
const titles = (result: PresentedSearchResult) => result.hits.map((h) => h.documentTitle).sort();

beforeAll(async () => {
  harness = await startCollab(db());
  editor = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
  clientA = await createMember(db(), harness.services, "CLIENT", "Client A");
  clientB = await createMember(db(), harness.services, "CLIENT", "Client B");
  const create = async (title: string, extra: Record<string, unknown>) =>
    (await harness.services.documents.create(editor.viewer, { kind: "PLAYBOOK", title, markdown: PLAYBOOK, ...extra })).id;
  docs.internal = await create("Internal zebracorn playbook", { status: "PUBLISHED", practiceArea: "Commercial" });
  docs.sharedA = await create("Client A zebracorn playbook", {
    status: "PUBLISHED",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientA.organization.id],
    practiceArea: "Commercial",
    tags: ["supply"],
  });
  docs.sharedB = await create("Client B zebracorn playbook", {
    status: "PUBLISHED",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientB.organization.id],
    practiceArea: "Employment",
  });
  docs.draftA = await create("Client A draft zebracorn", {
    status: "DRAFT",
    visibility: "SHARED",
    sharedWithOrganizationIds: [clientA.organization.id],
  });
  await harness.services.search.indexer.idle();
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await harness?.close();
});

describe("search API", () => {
  test("a client sees only what is shared with their organisation and live; staff see their whole library", async () => {
    const a = await search(clientA.token, "q=zebracorn");
    expect(a.status).toBe(200);
    expect(titles(a.body)).toEqual(["Client A zebracorn playbook"]);
    expect(a.body.total).toBe(1);
    // Facets count only what the viewer may read.
    expect(a.body.facets.practiceArea).toEqual([{ value: "Commercial", count: 1 }]);

    const b = await search(clientB.token, "q=zebracorn");
    expect(titles(b.body)).toEqual(["Client B zebracorn playbook"]);

    const staff = await search(editor.token, "q=zebracorn");
    expect(titles(staff.body)).toEqual([
      "Client A draft zebracorn",
      "Client A zebracorn playbook",
      "Client B zebracorn playbook",
      "Internal zebracorn playbook",
    ]);
    const filtered = await search(editor.token, "q=zebracorn&practiceArea=Employment,Commercial&tag=supply");
    expect(titles(filtered.body)).toEqual(["Client A zebracorn playbook"]);
  });

  test("clause hits deep-link to the clause, with its name and highlights", async () => {
    const { status, body } = await search(clientA.token, "q=quokkafees&scope=clauses");
    expect(status).toBe(200);
    // The clause, and the heading's section it sits in.
    expect(body.hits.map((h) => h.anchor).sort()).toEqual(["clause-cap", "limitation-of-liability"]);
    const hit = body.hits.find((h) => h.anchor === "clause-cap")!;
    expect(hit).toMatchObject({
      documentId: docs.sharedA,
      documentTitle: "Client A zebracorn playbook",
      clauseName: "Liability cap",
      anchor: "clause-cap",
      url: `/documents/${docs.sharedA}#clause-cap`,
    });
    expect(hit.highlights.body).toContain("<mark>");
  });

  test("an edit through the sync server is searchable within two seconds", async () => {
    const client = connectClient(harness.wsUrl, docs.draftA!, { token: editor.token });
    sockets.push(client);
    await waitFor(() => client.provider.synced, { what: "sync" });
    const started = Date.now();
    addParagraph(client.doc, "The axolotlwarranty survives termination.");
    const hit = await waitFor(
      async () => (await search(editor.token, "q=axolotlwarranty")).body.hits.find((h) => h.documentId === docs.draftA),
      { timeoutMs: 5000, what: "the edit to be searchable" },
    );
    expect(hit.highlights.body).toContain("<mark>");
    expect(Date.now() - started).toBeLessThan(2500);
  });

  test("a published document's next draft is not searchable until it is published (ADR 012): a client never finds draft words", async () => {
    const client = connectClient(harness.wsUrl, docs.sharedA!, { token: editor.token });
    sockets.push(client);
    await waitFor(() => client.provider.synced, { what: "sync" });
    addParagraph(client.doc, "Draft only: the platypusclause is under negotiation.");
    // Derived and indexed: the draft holds the words, search does not.
    await waitFor(async () => (await db().prisma.document.findUnique({ where: { id: docs.sharedA } }))?.contentText.includes("platypusclause"), {
      timeoutMs: 5000,
      what: "the draft to be derived",
    });
    await harness.services.search.indexer.idle();
    expect((await search(clientA.token, "q=platypusclause")).body.total).toBe(0);
    expect((await search(editor.token, "q=platypusclause")).body.total).toBe(0);
    expect((await search(clientA.token, "q=zebracorn")).body.hits.map((h) => h.documentId)).toContain(docs.sharedA);

    // Reviewed and published: now everyone who may read it finds it.
    const reviewer = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
    await harness.services.documents.submitForReview(editor.viewer, docs.sharedA, { reviewerIds: [reviewer.viewer.id] });
    await harness.services.documents.decideReview(reviewer.viewer, docs.sharedA, { decision: "approve" });
    await harness.services.documents.publish(editor.viewer, docs.sharedA, {});
    await waitFor(async () => (await search(clientA.token, "q=platypusclause")).body.hits.some((h) => h.documentId === docs.sharedA), {
      timeoutMs: 2000,
      what: "the published words to be searchable",
    });
  });

  test("metadata and access changes reach the index; a deleted document leaves it", async () => {
    await harness.services.documents.update(editor.viewer, docs.sharedB, { visibility: "INTERNAL" });
    await waitFor(async () => (await search(clientB.token, "q=zebracorn")).body.total === 0, { timeoutMs: 2000, what: "unshare" });

    await harness.services.documents.update(editor.viewer, docs.internal, { title: "Internal narwhalian playbook" });
    await waitFor(async () => (await search(editor.token, "q=narwhalian")).body.total === 1, { timeoutMs: 2000, what: "retitle" });

    const response = await createClient(harness.url).delete(`/api/v1/documents/${docs.internal}`, { bearer: editor.token });
    expect(response.status).toBe(204);
    await waitFor(async () => (await search(editor.token, "q=narwhalian")).body.total === 0, { timeoutMs: 2000, what: "delete" });
    const clauses = await search(editor.token, "q=quokkafees&scope=clauses");
    expect(clauses.body.hits.map((h) => h.documentId)).not.toContain(docs.internal);
  });

  test("a toolkit is found by its documents' titles, follows their renames and deletes, and never lists one its readers may not see", async () => {
    const { documents } = harness.services;
    const shared = { status: "PUBLISHED", visibility: "SHARED", sharedWithOrganizationIds: [clientA.organization.id] };
    const toolkit = await documents.create(editor.viewer, { kind: "TOOLKIT", title: "Supply starter kit", ...shared });
    const template = await documents.create(editor.viewer, { kind: "TEMPLATE", title: "Wombatic supply template", ...shared });
    const notes = await documents.create(editor.viewer, { kind: "PLAYBOOK", title: "Platypine escalation notes", status: "PUBLISHED" });
    await documents.setToolkitItems(editor.viewer, toolkit.id, { documentIds: [template.id, notes.id] });
    const kits = async (token: string, q: string) =>
      (await search(token, `q=${q}&kind=TOOLKIT`)).body.hits.map((h) => h.documentId);

    await waitFor(async () => (await kits(editor.token, "wombatic")).includes(toolkit.id), { timeoutMs: 2000, what: "toolkit items" });
    expect(await kits(clientA.token, "wombatic")).toEqual([toolkit.id]);
    // The client may open the toolkit and the template, not the internal notes: the toolkit's one
    // record, read by staff and client alike, leaves their title out.
    expect(await kits(clientA.token, "platypine")).toEqual([]);
    expect(await kits(editor.token, "platypine")).toEqual([]);

    await documents.update(editor.viewer, template.id, { title: "Quollish supply template" });
    await waitFor(async () => (await kits(editor.token, "quollish")).includes(toolkit.id), { timeoutMs: 2000, what: "member renamed" });
    expect(await kits(editor.token, "wombatic")).toEqual([]);

    await documents.delete(editor.viewer, template.id);
    await waitFor(async () => (await kits(editor.token, "quollish")).length === 0, { timeoutMs: 2000, what: "member deleted" });
    await documents.delete(editor.viewer, notes.id);
  });

  test("client material is found by the client's mandate team, not by an editor off the team, nor by the client unshared (ADR 013)", async () => {
    const prisma = db().prisma;
    // Team membership as rows (the mandates service is changing; search depends only on the viewer's clientAccess).
    const teamMember = await createMember(db(), harness.services, "EDITOR", "Provider LLP");
    const mandate = await prisma.mandate.create({
      data: {
        providerOrganizationId: teamMember.organization!.id,
        clientOrganizationId: clientA.organization.id,
        title: "Osprey acquisition",
        reference: `SRCH-${Date.now().toString(36)}`,
        pricingModel: "CAPPED",
        currency: "GBP",
        budgetMinor: 1_000_000n,
        startDate: new Date("2026-01-05"),
      },
    });
    await prisma.mandateMember.create({ data: { mandateId: mandate.id, userId: teamMember.user.id } });

    const created = await harness.services.documents.create(editor.viewer, {
      kind: "PRECEDENT",
      title: "Osprey kestrelcovenant advice",
      markdown: "# Escrow\n\nThe kestrelcovenant escrow is released on completion.",
      status: "PUBLISHED",
      tags: ["osprey"],
    });
    await harness.services.search.indexer.idle();
    await prisma.document.update({
      where: { id: created.id },
      data: { clientOrganizationId: clientA.organization.id, confidentiality: "PRIVILEGED", mandateId: mandate.id },
    });
    await harness.services.search.indexer.indexDocument(created.id);

    const team = await search(teamMember.token, "q=kestrelcovenant");
    expect(team.status).toBe(200);
    expect(team.body.hits.map((h) => [h.documentId, h.confidentiality])).toEqual([[created.id, "PRIVILEGED"]]);
    expect(team.body.facets.tags).toEqual([{ value: "osprey", count: 1 }]);
    const clauses = await search(teamMember.token, "q=kestrelcovenant&scope=clauses");
    expect(clauses.body.hits.map((h) => h.documentId)).toEqual([created.id]);

    for (const outsider of [editor, clientA]) {
      for (const query of ["q=kestrelcovenant", "q=kestrelcovenant&scope=clauses", "q=osprey&status=PUBLISHED,DRAFT,IN_REVIEW,ARCHIVED", "q="]) {
        const { status, body } = await search(outsider.token, query);
        expect(status).toBe(200);
        expect(body.hits.map((h) => h.documentId)).not.toContain(created.id);
        expect(JSON.stringify(body)).not.toMatch(/kestrelcovenant|osprey/i);
      }
      expect((await search(outsider.token, "q=kestrelcovenant")).body.total).toBe(0);
    }
  });

  test("bad parameters are a 400 naming each one; no credentials a 401", async () => {
    const { status, body } = await search(editor.token, `q=${"x".repeat(201)}&scope=everything&limit=0&page=0&kind=NOVEL`);
    expect(status).toBe(400);
    expect(body.error.code).toBe("invalid_request");
    const paths = (body.error.details?.issues as Array<{ path: string }>).map((i) => i.path).sort();
    expect(paths).toEqual(["kind.0", "limit", "page", "q", "scope"]);
    expect((await search(editor.token, "limit=51")).status).toBe(400);

    const anonymous = await createClient(harness.url).get("/api/v1/search?q=zebracorn");
    expect(anonymous.status).toBe(401);
  });
});
