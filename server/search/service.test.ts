import { describe, expect, test } from "vitest";
import { NO_CLIENT_ACCESS, type Viewer } from "../auth/viewer.ts";
import { parseInput } from "../validation.ts";
import { SearchRequestSchema } from "./schema.ts";
import { buildViewer, CLIENT_A, CLIENT_B, PROVIDER } from "../../test/factories/viewers.ts";
import { readableScope } from "../auth/scope.ts";
import type { SearchEngine } from "./engine.ts";
import { audienceOf, createSearchService, toEngineQuery } from "./service.ts";
import { createMiniSearchEngine } from "./minisearch-engine.ts";
import { buildSearchRecord } from "./engine.contract.ts";

const viewer = (...memberships: Array<[string, Viewer["memberships"][number]["role"]]>): Viewer => ({
  id: "u",
  email: "u@example.test",
  name: "U",
  memberships: memberships.map(([organizationId, role]) => ({
    organizationId,
    organizationName: organizationId,
    organizationKind: role === "CLIENT" ? "CLIENT" : "PROVIDER",
    role,
  })),
  clientAccess: NO_CLIENT_ACCESS,
});

describe("search service", () => {
  test("the audience is the viewer's readableScope: staff organisations, need-to-know clients, client memberships", () => {
    expect(audienceOf(viewer(["prov", "VIEWER"]))).toEqual({ staffOrganizationIds: ["prov"], clientIds: [], memberOfClientIds: [] });
    expect(audienceOf(viewer(["a", "CLIENT"], ["b", "CLIENT"]))).toEqual({ staffOrganizationIds: [], clientIds: [], memberOfClientIds: ["a", "b"] });
    expect(audienceOf(viewer(["prov", "EDITOR"], ["a", "CLIENT"]))).toEqual({ staffOrganizationIds: ["prov"], clientIds: [], memberOfClientIds: ["a"] });
    expect(audienceOf(viewer())).toEqual({ staffOrganizationIds: [], clientIds: [], memberOfClientIds: [] });
  });

  test("team and break-glass clients are readable, walled ones never; a client member gets no staff need-to-know", () => {
    const staff = buildViewer("s", [[PROVIDER, "ADMIN"]], { teamClientIds: [CLIENT_A], breakGlassClientIds: [CLIENT_B, CLIENT_A], walledClientIds: [CLIENT_B] });
    expect(audienceOf(staff)).toEqual({ staffOrganizationIds: [PROVIDER], clientIds: [CLIENT_A], memberOfClientIds: [] });
    const client = buildViewer("c", [[CLIENT_A, "CLIENT"]], { teamClientIds: [CLIENT_B] });
    expect(audienceOf(client)).toEqual({ staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_A] });
    const walledClient = buildViewer("w", [[CLIENT_A, "CLIENT"], [CLIENT_B, "CLIENT"]], { walledClientIds: [CLIENT_A] });
    expect(audienceOf(walledClient)).toEqual({ staffOrganizationIds: [], clientIds: [], memberOfClientIds: [CLIENT_B] });
    for (const v of [staff, client, walledClient]) {
      const { staffOrganizationIds, clientIds, memberOfClientIds } = readableScope(v);
      expect(audienceOf(v)).toEqual({ staffOrganizationIds, clientIds, memberOfClientIds });
    }
  });

  test("someone with nothing readable is answered empty without asking the engine", async () => {
    const engine = { search: () => Promise.reject(new Error("the engine was asked")) } as unknown as SearchEngine;
    const result = await createSearchService({ engine }).search(viewer(), { q: "anything" });
    expect(result).toMatchObject({ hits: [], total: 0, facets: {} });
  });

  test("filters arrive repeated or as comma lists and reach the engine as lists", () => {
    const request = parseInput(SearchRequestSchema, { q: " cap ", kind: ["PLAYBOOK,TEMPLATE", "PLAYBOOK"], tag: "a, b", scope: "clauses", limit: "5" });
    const query = toEngineQuery(viewer(["prov", "EDITOR"]), request);
    expect(query).toMatchObject({
      q: "cap",
      scope: "clauses",
      page: 1,
      limit: 5,
      filters: { kind: ["PLAYBOOK", "TEMPLATE"], tag: ["a", "b"] },
    });
    expect(query.filters.status).toBeUndefined();
  });

  test("bad values are refused with a reason per parameter", () => {
    expect(() => parseInput(SearchRequestSchema, { limit: "51" })).toThrow();
    const result = SearchRequestSchema.safeParse({ q: "x".repeat(201), status: "LOST", page: "0" });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join(".")).sort()).toEqual(["page", "q", "status.0"]);
  });

  test("when nothing is found: a did-you-mean from the index's words, and each filter that removed results with how many it hides", async () => {
    const engine = createMiniSearchEngine();
    await engine.init();
    await engine.upsert([
      buildSearchRecord({ documentId: "a", title: "Indemnity playbook", kind: "PLAYBOOK", tags: ["saas"], organizationId: PROVIDER }),
      buildSearchRecord({ documentId: "b", title: "Indemnity template", kind: "TEMPLATE", tags: ["saas"], organizationId: PROVIDER }),
    ]);
    const service = createSearchService({ engine });
    const staff = buildViewer("s", [[PROVIDER, "ADMIN"]]);
    const typo = await service.search(staff, { q: "tmplte" });
    expect(typo.total).toBe(0);
    expect(typo.suggestions.didYouMean).toBe("template");
    const filtered = await service.search(staff, { q: "indemnity", kind: "PRECEDENT", tag: "saas" });
    expect(filtered.total).toBe(0);
    expect(filtered.suggestions).toEqual({ didYouMean: null, withoutFilter: [{ filter: "kind", total: 2 }] });
    const found = await service.search(staff, { q: "indemnity" });
    expect(found.suggestions).toEqual({ didYouMean: null, withoutFilter: [] });
  });
});
