/**
 * The SearchEngine contract as a reusable Vitest suite: every engine runs these same tests
 * (minisearch-engine.test.ts, meilisearch-engine.test.ts), so callers never learn which one answers.
 *
 * One engine per suite (made in beforeAll), emptied before each test with clear(): cheap for both
 * engines, and it proves clear() too.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import * as orgs from "../../test/factories/viewers.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { documentResource } from "../documents/policy.ts";
import type { SearchAudience, SearchEngine, SearchQuery, SearchRecord, SearchResult } from "./engine.ts";
import { toSearchRecords, type IndexableDocument } from "./records.ts";
import { audienceOf } from "./service.ts";

export const PROVIDER = "org_provider";
export const OTHER_PROVIDER = "org_other_provider";
export const CLIENT_A = "org_client_a";
export const CLIENT_B = "org_client_b";
export const CLIENT_C = "org_client_c";

const staff: SearchAudience = { staffOrganizationIds: [PROVIDER], clientIds: [], memberOfClientIds: [] };

/** A published, internal document record of the provider, unless told otherwise. */
export function buildSearchRecord(overrides: Partial<SearchRecord> & { documentId: string }): SearchRecord {
  const scope = overrides.scope ?? "documents";
  const anchor = overrides.anchor ?? null;
  const title = overrides.title ?? `Document ${overrides.documentId}`;
  return {
    id: scope === "documents" ? `doc_${overrides.documentId}` : `sec_${overrides.documentId}_${(anchor ?? "x").replace(/[^A-Za-z0-9_-]/g, "")}`,
    scope,
    anchor,
    title,
    documentTitle: title,
    headings: [],
    body: "",
    clauseName: null,
    clausePositions: [],
    kind: "PLAYBOOK",
    practiceArea: null,
    jurisdictions: [],
    tags: [],
    status: "PUBLISHED",
    ownerId: null,
    organizationId: PROVIDER,
    visibility: "INTERNAL",
    sharedWithOrganizationIds: [],
    clientOrganizationId: null,
    confidentiality: "HOUSE",
    hasPublishedVersion: true,
    updatedAt: 1_700_000_000_000,
    ...overrides,
  };
}

export function buildSearchQuery(q: string, overrides: Partial<SearchQuery> = {}): SearchQuery {
  return { q, scope: "documents", audience: staff, filters: {}, page: 1, limit: 20, facets: [], ...overrides };
}

export function describeSearchEngineContract(name: string, makeEngine: () => Promise<SearchEngine> | SearchEngine) {
  describe(`search engine contract: ${name}`, () => {
    let engine: SearchEngine;
    const ids = async (q: string, overrides: Partial<SearchQuery> = {}) =>
      (await engine.search(buildSearchQuery(q, overrides))).hits.map((h) => h.id);

    beforeAll(async () => {
      engine = await makeEngine();
      await engine.init();
    });
    beforeEach(async () => {
      await engine.clear();
    });
    afterAll(async () => {
      await engine?.close();
    });

    test("a batch write replaces and removes documents at once, and the index reports each document's indexed version", async () => {
      await engine.upsert([buildSearchRecord({ documentId: "gone", title: "Obsolete lease" }), buildSearchRecord({ documentId: "kept", title: "Old title" })]);
      await engine.write({
        replace: [
          { documentId: "kept", records: [{ ...buildSearchRecord({ documentId: "kept", title: "Renewed lease" }), updatedAt: 1_700_000_000_000 }] },
          { documentId: "added", records: [buildSearchRecord({ documentId: "added", title: "New lease" })] },
        ],
        remove: ["gone"],
      });
      await engine.durable();
      expect((await ids("lease")).sort()).toEqual(["doc_added", "doc_kept"]);
      const versions = await engine.indexedVersions();
      expect([...versions.keys()].sort()).toEqual(["added", "kept"]);
      expect(versions.get("kept")).toBe(1_700_000_000_000);
    });

    test("finds a word despite a typo (indemnfication → indemnification)", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "d1", title: "Supply agreement", body: "The supplier's indemnification obligations survive termination." }),
        buildSearchRecord({ documentId: "d2", title: "Lease", body: "Rent is payable quarterly in advance." }),
      ]);
      expect(await ids("indemnfication")).toEqual(["doc_d1"]);
    });

    test("treats the last word as a prefix while typing (confid → confidentiality)", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "d1", title: "Confidentiality undertakings", body: "Each party keeps the other's information secret." }),
        buildSearchRecord({ documentId: "d2", title: "Lease", body: "Rent is payable quarterly in advance." }),
      ]);
      expect(await ids("confid")).toEqual(["doc_d1"]);
    });

    test('matches a quoted phrase only word for word ("limitation of liability")', async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "exact", title: "Caps", body: "A limitation of liability applies to indirect loss." }),
        buildSearchRecord({ documentId: "scrambled", title: "Other caps", body: "The liability of the supplier is subject to a limitation." }),
      ]);
      expect(await ids('"limitation of liability"')).toEqual(["doc_exact"]);
      expect((await ids("limitation liability")).sort()).toEqual(["doc_exact", "doc_scrambled"]);
    });

    test("filters by kind, practice area, jurisdiction, tag and status inside the query", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "a", title: "Warranty playbook", kind: "PLAYBOOK", practiceArea: "Commercial", jurisdictions: ["England and Wales"], tags: ["warranty"], status: "PUBLISHED" }),
        buildSearchRecord({ documentId: "b", title: "Warranty template", kind: "TEMPLATE", practiceArea: "Corporate", jurisdictions: ["Germany"], tags: ["warranty", "m&a"], status: "DRAFT" }),
        buildSearchRecord({ documentId: "c", title: "Warranty precedent", kind: "PRECEDENT", practiceArea: "Commercial", jurisdictions: ["Germany", "France"], tags: [], status: "IN_REVIEW" }),
      ]);
      const sorted = async (filters: SearchQuery["filters"]) => (await ids("warranty", { filters })).sort();
      expect(await sorted({ kind: ["TEMPLATE"] })).toEqual(["doc_b"]);
      expect(await sorted({ kind: ["TEMPLATE", "PRECEDENT"] })).toEqual(["doc_b", "doc_c"]);
      expect(await sorted({ practiceArea: ["Commercial"] })).toEqual(["doc_a", "doc_c"]);
      expect(await sorted({ jurisdiction: ["Germany"] })).toEqual(["doc_b", "doc_c"]);
      expect(await sorted({ tag: ["m&a"] })).toEqual(["doc_b"]);
      expect(await sorted({ status: ["DRAFT", "IN_REVIEW"] })).toEqual(["doc_b", "doc_c"]);
      expect(await sorted({ practiceArea: ["Commercial"], jurisdiction: ["Germany"] })).toEqual(["doc_c"]);
    });

    test("counts facets over the whole filtered result set, not the page", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "a", title: "Escrow one", kind: "PLAYBOOK", jurisdictions: ["Germany"], tags: ["escrow"], status: "PUBLISHED" }),
        buildSearchRecord({ documentId: "b", title: "Escrow two", kind: "TEMPLATE", jurisdictions: ["Germany", "France"], tags: ["escrow"], status: "DRAFT" }),
        buildSearchRecord({ documentId: "c", title: "Escrow three", kind: "TEMPLATE", practiceArea: "Banking", jurisdictions: ["France"], status: "PUBLISHED" }),
        buildSearchRecord({ documentId: "z", title: "Unrelated lease", kind: "TEMPLATE", jurisdictions: ["Spain"] }),
      ]);
      const result = await engine.search(
        buildSearchQuery("escrow", { limit: 1, facets: ["kind", "jurisdictions", "tags", "status", "practiceArea"] }),
      );
      expect(result.total).toBe(3);
      expect(result.hits).toHaveLength(1);
      expect(result.facets.kind).toEqual({ TEMPLATE: 2, PLAYBOOK: 1 });
      expect(result.facets.jurisdictions).toEqual({ Germany: 2, France: 2 });
      expect(result.facets.tags).toEqual({ escrow: 2 });
      expect(result.facets.status).toEqual({ PUBLISHED: 2, DRAFT: 1 });
      expect(result.facets.practiceArea).toEqual({ Banking: 1 });
      const filtered = await engine.search(buildSearchQuery("escrow", { filters: { kind: ["TEMPLATE"] }, facets: ["jurisdictions"] }));
      expect(filtered.facets.jurisdictions).toEqual({ Germany: 1, France: 2 });
    });

    test("marks matches with <mark> and escapes every other character of HTML", async () => {
      await engine.upsert([
        buildSearchRecord({
          documentId: "x",
          title: `<script>alert("x")</script> Indemnity & costs`,
          body: `Intro <b>bold</b>. ${"Filler words about nothing much. ".repeat(20)}The indemnity covers third-party claims. ${"More filler text here. ".repeat(20)}`,
        }),
      ]);
      const [hit] = (await engine.search(buildSearchQuery("indemnity"))).hits;
      expect(hit).toBeDefined();
      expect(hit!.title).toBe(`<script>alert("x")</script> Indemnity & costs`);
      expect(hit!.highlights.title).toContain("<mark>Indemnity</mark>");
      expect(hit!.highlights.title).toContain("&lt;script&gt;");
      expect(hit!.highlights.title).not.toContain("<script>");
      expect(hit!.highlights.title).toContain("&amp; costs");
      expect(hit!.highlights.body).toContain("<mark>indemnity</mark>");
      expect(hit!.highlights.body).not.toMatch(/<(?!\/?mark>)/);
      // A snippet, cropped around the match, not the whole body.
      expect(hit!.highlights.body.length).toBeLessThan(600);
    });

    test("upsert replaces a record: its old words are no longer found", async () => {
      await engine.upsert([buildSearchRecord({ documentId: "d1", title: "Dispute clause", body: "Disputes go to arbitration in London." })]);
      expect(await ids("arbitration")).toEqual(["doc_d1"]);
      await engine.upsert([buildSearchRecord({ documentId: "d1", title: "Dispute clause", body: "Disputes go to mediation in Paris." })]);
      expect(await ids("arbitration")).toEqual([]);
      expect(await ids("mediation")).toEqual(["doc_d1"]);
      expect(await engine.count()).toBe(1);
    });

    test("deleteDocument removes the document's record and all its sections, and nothing else", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "d1", title: "Termination playbook", body: "Termination for convenience." }),
        buildSearchRecord({ documentId: "d1", scope: "clauses", anchor: "#clause-t1", title: "Termination for cause", documentTitle: "Termination playbook", clauseName: "Termination for cause", body: "Termination on material breach." }),
        buildSearchRecord({ documentId: "d1", scope: "clauses", anchor: "#clause-t2", title: "Termination notice", documentTitle: "Termination playbook", clauseName: "Termination notice", body: "Thirty days' notice of termination." }),
        buildSearchRecord({ documentId: "d2", title: "Termination template", body: "Termination rights." }),
      ]);
      expect(await engine.count()).toBe(4);
      await engine.deleteDocument("d1");
      expect(await ids("termination")).toEqual(["doc_d2"]);
      expect(await ids("termination", { scope: "clauses" })).toEqual([]);
      expect(await engine.count()).toBe(1);
    });

    test("replaceDocument swaps a document's records in one step; dropped sections disappear", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "d1", title: "Payment playbook", body: "Payment terms." }),
        buildSearchRecord({ documentId: "d1", scope: "clauses", anchor: "#clause-a", title: "Late payment interest", clauseName: "Late payment interest", body: "Interest accrues on late payment." }),
        buildSearchRecord({ documentId: "d1", scope: "clauses", anchor: "#clause-b", title: "Set-off", clauseName: "Set-off", body: "No set-off against payment." }),
      ]);
      await engine.replaceDocument("d1", [
        buildSearchRecord({ documentId: "d1", title: "Payment playbook", body: "Payment terms, revised." }),
        buildSearchRecord({ documentId: "d1", scope: "clauses", anchor: "#clause-c", title: "Invoicing", clauseName: "Invoicing", body: "Invoices are payable within thirty days; payment by transfer." }),
      ]);
      expect(await ids("payment", { scope: "clauses" })).toEqual(["sec_d1_clause-c"]);
      expect(await ids("interest", { scope: "clauses" })).toEqual([]);
      expect(await ids("revised")).toEqual(["doc_d1"]);
      expect(await engine.count()).toBe(2);
    });

    describe("visibility", () => {
      beforeEach(async () => {
        const shared = { visibility: "SHARED" as const };
        await engine.upsert([
          buildSearchRecord({ documentId: "internal", title: "Guarantee internal note", status: "PUBLISHED" }),
          buildSearchRecord({ documentId: "shared_pub", title: "Guarantee playbook", status: "PUBLISHED", ...shared, sharedWithOrganizationIds: [CLIENT_A] }),
          buildSearchRecord({ documentId: "shared_review", title: "Guarantee review draft", status: "IN_REVIEW", ...shared, sharedWithOrganizationIds: [CLIENT_A, CLIENT_B] }),
          buildSearchRecord({ documentId: "shared_unapproved", title: "Guarantee never published", status: "IN_REVIEW", hasPublishedVersion: false, ...shared, sharedWithOrganizationIds: [CLIENT_A, CLIENT_B] }),
          buildSearchRecord({ documentId: "shared_draft", title: "Guarantee early draft", status: "DRAFT", ...shared, sharedWithOrganizationIds: [CLIENT_A] }),
          buildSearchRecord({ documentId: "shared_archived", title: "Guarantee old", status: "ARCHIVED", ...shared, sharedWithOrganizationIds: [CLIENT_A] }),
          buildSearchRecord({ documentId: "shared_b", title: "Guarantee for B", status: "PUBLISHED", ...shared, sharedWithOrganizationIds: [CLIENT_B] }),
          buildSearchRecord({ documentId: "internal_to_a", title: "Guarantee not shared", status: "PUBLISHED", visibility: "INTERNAL", sharedWithOrganizationIds: [CLIENT_A] }),
          buildSearchRecord({ documentId: "foreign", title: "Guarantee elsewhere", organizationId: OTHER_PROVIDER, status: "PUBLISHED", ...shared, sharedWithOrganizationIds: [CLIENT_C] }),
        ]);
      });

      test("a client member sees only SHARED, PUBLISHED or IN_REVIEW records published once and shared with their organisation", async () => {
        const client: SearchAudience = { staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_A] };
        expect((await ids("guarantee", { audience: client })).sort()).toEqual(["doc_shared_pub", "doc_shared_review"]);
        const clientB: SearchAudience = { staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_B] };
        expect((await ids("guarantee", { audience: clientB })).sort()).toEqual(["doc_shared_b", "doc_shared_review"]);
      });

      test("another client, or one asking for drafts by filter, sees none of them", async () => {
        const stranger: SearchAudience = { staffOrganizationIds: [], clientIds: [], memberOfClientIds: ["org_nobody"] };
        expect(await ids("guarantee", { audience: stranger })).toEqual([]);
        const client: SearchAudience = { staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_A] };
        expect(await ids("guarantee", { audience: client, filters: { status: ["DRAFT", "ARCHIVED"] } })).toEqual([]);
      });

      test("provider staff see their organisation's non-archived records; archived only when asked by status", async () => {
        expect((await ids("guarantee")).sort()).toEqual(
          ["doc_internal", "doc_internal_to_a", "doc_shared_b", "doc_shared_draft", "doc_shared_pub", "doc_shared_review", "doc_shared_unapproved"].sort(),
        );
        expect(await ids("guarantee", { filters: { status: ["ARCHIVED"] } })).toEqual(["doc_shared_archived"]);
        const other: SearchAudience = { staffOrganizationIds: [OTHER_PROVIDER], clientIds: [], memberOfClientIds: [] };
        expect(await ids("guarantee", { audience: other })).toEqual(["doc_foreign"]);
      });

      test("someone who is staff of one provider and a client of another sees both, and nothing more", async () => {
        const both: SearchAudience = { staffOrganizationIds: [OTHER_PROVIDER], clientIds: [], memberOfClientIds: [CLIENT_A] };
        expect((await ids("guarantee", { audience: both })).sort()).toEqual(["doc_foreign", "doc_shared_pub", "doc_shared_review"]);
      });

      test("totals and pages count only what the audience may see", async () => {
        const client: SearchAudience = { staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_A] };
        const first = await engine.search(buildSearchQuery("guarantee", { audience: client, limit: 1, page: 1, facets: ["status"] }));
        const second = await engine.search(buildSearchQuery("guarantee", { audience: client, limit: 1, page: 2 }));
        const third = await engine.search(buildSearchQuery("guarantee", { audience: client, limit: 1, page: 3 }));
        expect(first.total).toBe(2);
        expect(first.facets.status).toEqual({ PUBLISHED: 1, IN_REVIEW: 1 });
        expect([...first.hits, ...second.hits].map((h) => h.id).sort()).toEqual(["doc_shared_pub", "doc_shared_review"]);
        expect(third.hits).toEqual([]);
        expect(third.total).toBe(2);
      });
    });

    describe("synonyms", () => {
      beforeEach(async () => {
        await engine.upsert([
          buildSearchRecord({ documentId: "nda_long", title: "Mutual non-disclosure agreement", body: "Each party protects the other's information." }),
          buildSearchRecord({ documentId: "nda_short", title: "NDA checklist", body: "Points to check before signing." }),
          buildSearchRecord({ documentId: "lol", title: "Caps on claims", body: "The limitation of liability excludes fraud." }),
          buildSearchRecord({ documentId: "spa", title: "Share purchase agreement template", body: "Completion mechanics." }),
          buildSearchRecord({ documentId: "spa_short", title: "SPA warranties", body: "Warranties given at signing." }),
          buildSearchRecord({ documentId: "noise", title: "Lease", body: "Liability of the tenant; the landlord's limitation period." }),
        ]);
      });

      test("NDA finds non-disclosure agreement, and the other way round", async () => {
        expect((await ids("NDA")).sort()).toEqual(["doc_nda_long", "doc_nda_short"]);
        expect((await ids("non-disclosure agreement")).sort()).toEqual(["doc_nda_long", "doc_nda_short"]);
      });

      test("LoL finds limitation of liability, as a phrase", async () => {
        expect(await ids("LoL")).toEqual(["doc_lol"]);
        expect(await ids("lol ")).toEqual(["doc_lol"]);
      });

      test("SPA finds share purchase agreement, and the other way round", async () => {
        expect((await ids("SPA")).sort()).toEqual(["doc_spa", "doc_spa_short"]);
        expect((await ids("share purchase agreement")).sort()).toEqual(["doc_spa", "doc_spa_short"]);
      });
    });

    test("ranks a title match above a body match", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "body", title: "Commercial terms", body: "Includes a short section on novation of the contract." }),
        buildSearchRecord({ documentId: "title", title: "Novation", body: "How to transfer a contract to a new party." }),
      ]);
      expect(await ids("novation")).toEqual(["doc_title", "doc_body"]);
    });

    test("ranks published above draft for equal text", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "draft", title: "Retention of title", body: "Goods remain the seller's until paid.", status: "DRAFT" }),
        buildSearchRecord({ documentId: "published", title: "Retention of title", body: "Goods remain the seller's until paid.", status: "PUBLISHED" }),
      ]);
      expect(await ids("retention")).toEqual(["doc_published", "doc_draft"]);
    });

    test("searches clauses or documents by scope, and a clause hit carries its anchor", async () => {
      await engine.upsert([
        buildSearchRecord({ documentId: "d1", title: "Outsourcing playbook", body: "Exit plans and step-in rights." }),
        buildSearchRecord({
          documentId: "d1",
          scope: "clauses",
          anchor: "#clause-step-in",
          title: "Step-in",
          documentTitle: "Outsourcing playbook",
          headings: ["Remedies", "Step-in"],
          clauseName: "Step-in rights",
          clausePositions: [
            { role: "preferred", index: 0, text: "The customer may exercise step-in rights on a service failure." },
            { role: "fallback", index: 1, text: "Step-in only after a cure period." },
          ],
          body: "The customer may exercise step-in rights on a service failure.",
        }),
      ]);
      const clauses = await engine.search(buildSearchQuery("step-in", { scope: "clauses" }));
      expect(clauses.hits.map((h) => [h.id, h.anchor, h.documentId, h.documentTitle, h.clauseName])).toEqual([
        ["sec_d1_clause-step-in", "#clause-step-in", "d1", "Outsourcing playbook", "Step-in rights"],
      ]);
      expect(await ids("step-in")).toEqual(["doc_d1"]);
      expect(await ids("cure period", { scope: "clauses" })).toEqual(["sec_d1_clause-step-in"]);
    });

    test("reports paging, the total and how long it took", async () => {
      await engine.upsert(
        Array.from({ length: 7 }, (_, i) => buildSearchRecord({ documentId: `p${i}`, title: `Boilerplate ${i}`, body: "Counterparts clause." })),
      );
      const result = await engine.search(buildSearchQuery("counterparts", { page: 2, limit: 3 }));
      expect(result).toMatchObject({ total: 7, page: 2, limit: 3 });
      expect(result.hits).toHaveLength(3);
      expect(result.tookMs).toBeGreaterThanOrEqual(0);
      expect((await engine.health()).ok).toBe(true);
    });

    describe("how lawyers ask (issue 18)", () => {
      beforeEach(async () => {
        await engine.upsert([
          buildSearchRecord({ documentId: "term", title: "Exit clause", body: "Either party may end the contract; on termination the supplier returns all data." }),
          buildSearchRecord({ documentId: "licence", title: "Software terms", body: "The supplier grants a non-exclusive licence to use the software." }),
          buildSearchRecord({ documentId: "org", title: "Data protection", body: "Each organisation appoints a data protection officer." }),
          buildSearchRecord({ documentId: "breach", title: "Security incidents", body: "The processor must report a personal data breach to the controller within 24 hours." }),
          buildSearchRecord({ documentId: "partial", title: "Processor duties", body: "The processor keeps records of processing and reports each breach to the supplier." }),
          buildSearchRecord({ documentId: "noise", title: "Office move", body: "The removal firm takes the furniture." }),
        ]);
      });

      test("stemming: a word finds its other forms, in both directions", async () => {
        expect(await ids("terminate")).toEqual(["doc_term"]);
        expect(await ids("terminated contracts")).toEqual(["doc_term"]);
        const hit = (await engine.search(buildSearchQuery("terminated contracts"))).hits[0]!;
        expect(hit.highlights.body).toContain("<mark>termination</mark>");
      });

      test("spelling pairs: licence finds license and organization finds organisation, both ways", async () => {
        expect(await ids("license")).toEqual(["doc_licence"]);
        expect(await ids("licences")).toEqual(["doc_licence"]);
        expect(await ids("organization")).toEqual(["doc_org"]);
      });

      test("stop words are neither required nor highlighted", async () => {
        const result = await engine.search(buildSearchQuery("how must the processor report a breach"));
        const hit = result.hits.find((h) => h.id === "doc_breach")!;
        expect(hit.missing).toEqual([]);
        expect(hit.highlights.body).toContain("<mark>breach</mark>");
        expect(hit.highlights.body).not.toMatch(/<mark>(a|the|to)<\/mark>/i);
      });

      test("partial matching: hits holding most of the words come back, those holding all first, with the missing words named", async () => {
        // The word missed is the commonest ("supplier"): Meilisearch drops the commonest words first (ADR 038).
        const result = await engine.search(buildSearchQuery("supplier processor breach report"));
        expect(result.hits.map((h) => [h.id, h.missing])).toEqual([
          ["doc_partial", []],
          ["doc_breach", ["supplier"]],
        ]);
        expect(result.total).toBe(2);
        // Of two words both are needed: a partial match would be noise.
        expect(await ids("processor furniture")).toEqual([]);
      });

      test("did you mean: a word nothing matches is replaced by the index's nearest word the audience may read", async () => {
        expect(await engine.suggest({ q: "procesor breech", scope: "documents", audience: staff })).toBe("processor breach");
        expect(await engine.suggest({ q: "processor", scope: "documents", audience: staff })).toBeNull();
        // Another firm's staff are offered no word of ours.
        expect(await engine.suggest({ q: "procesor", scope: "documents", audience: { staffOrganizationIds: [OTHER_PROVIDER], clientIds: [], memberOfClientIds: [] } })).toBeNull();
      });
    });

    describe("need-to-know: client material (ADR 013)", () => {
      const { buildViewer, PROVIDER: P, CLIENT_A: A, CLIENT_B: B } = orgs;
      const teamA = buildViewer("team-a", [[P, "EDITOR"]], { teamClientIds: [A] });
      const offTeam = buildViewer("off-team", [[P, "EDITOR"]], { teamClientIds: [B] });
      const walled = buildViewer("walled", [[P, "EDITOR"]], { teamClientIds: [A], walledClientIds: [A] });
      const walledAdmin = buildViewer("walled-admin", [[P, "ADMIN"]], { teamClientIds: [A], breakGlassClientIds: [A], walledClientIds: [A] });
      const clientA = buildViewer("client-a", [[A, "CLIENT"]]);
      const clientB = buildViewer("client-b", [[B, "CLIENT"]]);
      const ALL_FACETS = ["kind", "practiceArea", "jurisdictions", "tags", "status"] as const;
      const searchAs = (viewer: Viewer, q: string, overrides: Partial<SearchQuery> = {}) =>
        engine.search(buildSearchQuery(q, { audience: audienceOf(viewer), facets: [...ALL_FACETS], ...overrides }));
      const docIds = (result: SearchResult) => [...new Set(result.hits.map((h) => h.documentId))].sort();
      const record = (documentId: string, over: Partial<SearchRecord>) =>
        buildSearchRecord({ documentId, organizationId: P, ...over });
      const apex = { clientOrganizationId: A, kind: "PRECEDENT" as const, practiceArea: "Corporate", tags: ["apex-deal"] };

      beforeEach(async () => {
        await engine.upsert([
          record("house", { title: "Falcon escrow playbook", body: "House escrow mechanics.", tags: ["escrow"] }),
          record("house_shared_a", { title: "Falcon escrow checklist", body: "Escrow checklist.", visibility: "SHARED", sharedWithOrganizationIds: [A] }),
          record("a_team", {
            ...apex,
            confidentiality: "PRIVILEGED",
            title: "Falcon escrow advice to Apex",
            body: "Privileged: the apexonly escrow release is contested.",
          }),
          record("a_team", {
            ...apex,
            confidentiality: "PRIVILEGED",
            scope: "clauses",
            anchor: "#clause-release",
            title: "Falcon escrow release",
            documentTitle: "Falcon escrow advice to Apex",
            clauseName: "Apexonly release",
            body: "Release of the apexonly escrow on completion.",
          }),
          record("a_shared_a", { ...apex, confidentiality: "CLIENT_CONFIDENTIAL", title: "Falcon escrow letter for Apex", body: "Escrow letter.", visibility: "SHARED", sharedWithOrganizationIds: [A] }),
          record("a_shared_b", { ...apex, confidentiality: "CLIENT_CONFIDENTIAL", title: "Falcon escrow apexonly memo", body: "Escrow memo.", visibility: "SHARED", sharedWithOrganizationIds: [B] }),
        ]);
      });

      test("a team member of client A finds A's material, labelled with its marking, documents and clauses", async () => {
        const result = await searchAs(teamA, "falcon");
        expect(docIds(result)).toEqual(["a_shared_a", "a_shared_b", "a_team", "house", "house_shared_a"]);
        expect(result.total).toBe(5);
        expect(result.facets.kind).toEqual({ PLAYBOOK: 2, PRECEDENT: 3 });
        expect(result.hits.find((h) => h.documentId === "a_team")!.confidentiality).toBe("PRIVILEGED");
        expect(result.hits.find((h) => h.documentId === "house")!.confidentiality).toBe("HOUSE");
        const clauses = await searchAs(teamA, "apexonly", { scope: "clauses" });
        expect(clauses.hits.map((h) => [h.documentId, h.anchor, h.confidentiality])).toEqual([["a_team", "#clause-release", "PRIVILEGED"]]);
        expect(clauses.hits[0]!.highlights.body).toContain("<mark>apexonly</mark>");
      });

      test("staff off A's teams and walled members (even an admin on the team with break-glass) get no hit, facet count, total or highlight of it", async () => {
        for (const viewer of [offTeam, walled, walledAdmin]) {
          const result = await searchAs(viewer, "falcon");
          expect(docIds(result), viewer.id).toEqual(["house", "house_shared_a"]);
          expect(result.total, viewer.id).toBe(2);
          expect(result.facets.kind, viewer.id).toEqual({ PLAYBOOK: 2 });
          expect(result.facets.tags, viewer.id).toEqual({ escrow: 1 });
          expect(result.facets.practiceArea, viewer.id).toEqual({});
          expect(JSON.stringify(result), viewer.id).not.toMatch(/apex/i);
          for (const scope of ["documents", "clauses"] as const) {
            for (const filters of [{}, { status: ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"] as SearchRecord["status"][] }]) {
              const secret = await searchAs(viewer, "apexonly", { scope, filters });
              expect(secret.hits, `${viewer.id} ${scope}`).toEqual([]);
              expect(secret.total, `${viewer.id} ${scope}`).toBe(0);
              expect(Object.values(secret.facets).every((counts) => Object.keys(counts).length === 0), `${viewer.id} ${scope}`).toBe(true);
            }
          }
          // Browsing with no words is the same filter.
          expect(docIds(await searchAs(viewer, "")), viewer.id).toEqual(["house", "house_shared_a"]);
        }
      });

      test("client A's member finds A's material shared with A, never A's material \"shared\" with B when searching as B", async () => {
        const a = await searchAs(clientA, "falcon");
        expect(docIds(a)).toEqual(["a_shared_a", "house_shared_a"]);
        expect(a.total).toBe(2);
        expect(a.facets.kind).toEqual({ PLAYBOOK: 1, PRECEDENT: 1 });
        const b = await searchAs(clientB, "falcon");
        expect(b.hits).toEqual([]);
        expect(b.total).toBe(0);
        expect(JSON.stringify(b)).not.toMatch(/apex/i);
        expect((await searchAs(clientB, "apexonly")).total).toBe(0);
      });

      test("house knowledge is unaffected: every staff member finds it, clients what is shared with them", async () => {
        const everyone = buildViewer("nobody-special", [[P, "VIEWER"]]);
        expect(docIds(await searchAs(everyone, "falcon"))).toEqual(["house", "house_shared_a"]);
        expect(docIds(await searchAs(clientA, "checklist"))).toEqual(["house_shared_a"]);
      });
    });

    describe("agreement with can(viewer, \"read\", document)", () => {
      const { buildViewer, PROVIDER: P, OTHER_PROVIDER: OP, CLIENT_A: A, CLIENT_B: B } = orgs;
      const STATUSES: SearchRecord["status"][] = ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"];
      const SHARING = {
        internal: { visibility: "INTERNAL", shares: [] },
        /** INTERNAL with a share row left behind: shared with no one. */
        internalStaleShareA: { visibility: "INTERNAL", shares: [{ organizationId: A }] },
        sharedA: { visibility: "SHARED", shares: [{ organizationId: A }] },
        sharedB: { visibility: "SHARED", shares: [{ organizationId: B }] },
      } as const;
      const rows: IndexableDocument[] = [];
      for (const organizationId of [P, OP])
        for (const client of [null, A, B])
          for (const status of STATUSES)
            for (const sharing of Object.values(SHARING)) {
              const id = `grid${rows.length}`;
              rows.push({
                id,
                organizationId,
                kind: "PLAYBOOK",
                title: `Zanzibar ${id}`,
                summary: "",
                practiceArea: null,
                jurisdictions: [],
                tags: [],
                ownerId: null,
                status,
                visibility: sharing.visibility,
                contentText: "Zanzibar terms.",
                sections: [{ kind: "heading", level: 1, anchor: "terms", title: "Zanzibar terms", text: "Zanzibar terms." }],
                publishedVersion: null,
                updatedAt: new Date(1_700_000_000_000),
                shares: [...sharing.shares],
                clientOrganizationId: client,
                confidentiality: client ? "CLIENT_CONFIDENTIAL" : "HOUSE",
                toolkitItems: [],
              });
            }
      const viewers: Viewer[] = [
        buildViewer("admin", [[P, "ADMIN"]]),
        buildViewer("editor", [[P, "EDITOR"]]),
        buildViewer("viewer", [[P, "VIEWER"]]),
        buildViewer("team-a", [[P, "EDITOR"]], { teamClientIds: [A] }),
        buildViewer("viewer-team-a-b", [[P, "VIEWER"]], { teamClientIds: [A, B] }),
        buildViewer("walled-a", [[P, "EDITOR"]], { teamClientIds: [A, B], walledClientIds: [A] }),
        buildViewer("break-glass-a", [[P, "ADMIN"]], { breakGlassClientIds: [A] }),
        buildViewer("walled-admin-break-glass-a", [[P, "ADMIN"]], { teamClientIds: [A], breakGlassClientIds: [A], walledClientIds: [A] }),
        buildViewer("other-provider-team-a", [[OP, "EDITOR"]], { teamClientIds: [A] }),
        buildViewer("both-providers-team-b", [[P, "VIEWER"], [OP, "ADMIN"]], { teamClientIds: [B] }),
        buildViewer("client-a", [[A, "CLIENT"]]),
        buildViewer("client-b", [[B, "CLIENT"]]),
        buildViewer("client-a-and-b", [[A, "CLIENT"], [B, "CLIENT"]]),
        buildViewer("client-a-walled-from-a", [[A, "CLIENT"], [B, "CLIENT"]], { walledClientIds: [A] }),
        buildViewer("staff-and-client-a", [[P, "EDITOR"], [A, "CLIENT"]]),
        buildViewer("team-b-and-client-a", [[P, "EDITOR"], [A, "CLIENT"]], { teamClientIds: [B] }),
        buildViewer("nobody", []),
      ];

      beforeEach(async () => {
        await engine.upsert(rows.flatMap(toSearchRecords));
      });

      /** Every document id the query matches, over all pages. */
      async function matching(query: SearchQuery) {
        const found: string[] = [];
        let total = 0;
        let statusCount = 0;
        for (let page = 1; ; page++) {
          const result = await engine.search({ ...query, page, limit: 50 });
          if (page === 1) {
            total = result.total;
            statusCount = Object.values(result.facets.status ?? {}).reduce((a, b) => a + b, 0);
          }
          found.push(...result.hits.map((h) => h.documentId));
          if (result.hits.length < 50) break;
        }
        return { ids: found.sort(), total, statusCount };
      }

      test("for every viewer, scope and query, the engine matches exactly the documents can() lets them read", async () => {
        for (const viewer of viewers) {
          const readable = rows.filter((row) => can(viewer, "read", documentResource(row)));
          for (const scope of ["documents", "clauses"] as const) {
            for (const q of ["zanzibar", ""]) {
              // Archived records are hidden unless asked for by status: asking for every status is can() exactly.
              for (const [filters, expected] of [
                [{ status: STATUSES }, readable],
                [{}, readable.filter((row) => row.status !== "ARCHIVED")],
              ] as const) {
                const what = `${viewer.id} ${scope} q=${JSON.stringify(q)} ${JSON.stringify(filters)}`;
                const got = await matching(buildSearchQuery(q, { scope, audience: audienceOf(viewer), filters, facets: ["status"] }));
                const want = expected.map((row) => row.id).sort();
                expect(got.ids, what).toEqual(want);
                expect(got.total, what).toBe(want.length);
                expect(got.statusCount, what).toBe(want.length);
              }
            }
          }
        }
      });
    });
  });
}
