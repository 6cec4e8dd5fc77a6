import { describe, expect, test } from "vitest";
import { NO_CLIENT_ACCESS, type Viewer } from "../auth/viewer.ts";
import { parseInput } from "../validation.ts";
import { SearchRequestSchema } from "./schema.ts";
import { audienceOf, toEngineQuery } from "./service.ts";

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
  test("staff search their provider's library; clients what is shared with their organisations", () => {
    expect(audienceOf(viewer(["prov", "VIEWER"]))).toEqual({ providerOrganizationIds: ["prov"], clientOrganizationIds: [] });
    expect(audienceOf(viewer(["a", "CLIENT"], ["b", "CLIENT"]))).toEqual({ providerOrganizationIds: [], clientOrganizationIds: ["a", "b"] });
    expect(audienceOf(viewer(["prov", "EDITOR"], ["a", "CLIENT"]))).toEqual({ providerOrganizationIds: ["prov"], clientOrganizationIds: ["a"] });
    expect(audienceOf(viewer())).toEqual({ providerOrganizationIds: [], clientOrganizationIds: [] });
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
});
