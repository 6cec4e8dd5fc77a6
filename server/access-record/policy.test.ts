import { describe, expect, test } from "vitest";
import { buildViewer, CLIENT_A, CLIENT_B, OTHER_PROVIDER, PROVIDER } from "../../test/factories/viewers.ts";
import { can } from "../auth/policy.ts";
import { accessReportProviderIds, canViewAccessReport } from "./policy.ts";

const VIEWERS = [
  buildViewer("admin", [[PROVIDER, "ADMIN"]]),
  buildViewer("admin-on-team", [[PROVIDER, "ADMIN"]], { teamClientIds: [CLIENT_A] }),
  buildViewer("admin-walled", [[PROVIDER, "ADMIN"]], { walledClientIds: [CLIENT_A] }),
  buildViewer("admin-glass", [[PROVIDER, "ADMIN"]], { breakGlassClientIds: [CLIENT_A] }),
  buildViewer("editor-on-team", [[PROVIDER, "EDITOR"]], { teamClientIds: [CLIENT_A] }),
  buildViewer("editor", [[PROVIDER, "EDITOR"]]),
  buildViewer("viewer", [[PROVIDER, "VIEWER"]], { teamClientIds: [CLIENT_A] }),
  buildViewer("client-a", [[CLIENT_A, "CLIENT"]]),
  buildViewer("client-b", [[CLIENT_B, "CLIENT"]]),
  buildViewer("other-admin", [[OTHER_PROVIDER, "ADMIN"]]),
];

describe("who may read a client's access report", () => {
  test("exactly the provider admins who may discover the client's mandates (walls beat the role)", () => {
    for (const viewer of VIEWERS) {
      for (const client of [CLIENT_A, CLIENT_B]) {
        const providers = accessReportProviderIds(viewer, client);
        // Each provider the report speaks for is one where the viewer discovers this client's mandates as an admin.
        for (const provider of providers) {
          expect(can(viewer, "discover", { type: "mandate", providerOrganizationId: provider, clientOrganizationId: client }), `${viewer.id} ${client}`).toBe(true);
        }
        const adminDiscovers = viewer.memberships.some(
          (m) => m.role === "ADMIN" && m.organizationKind === "PROVIDER" && can(viewer, "discover", { type: "mandate", providerOrganizationId: m.organizationId, clientOrganizationId: client }),
        );
        expect(canViewAccessReport(viewer, client), `${viewer.id} ${client}`).toBe(adminDiscovers);
      }
    }
  });

  test("being on the team or reading the material is not enough; a wall refuses even an admin", () => {
    const named = Object.fromEntries(VIEWERS.map((v) => [v.id, v]));
    expect(canViewAccessReport(named["editor-on-team"]!, CLIENT_A)).toBe(false);
    expect(canViewAccessReport(named["client-a"]!, CLIENT_A)).toBe(false);
    expect(canViewAccessReport(named["admin-walled"]!, CLIENT_A)).toBe(false);
    expect(canViewAccessReport(named["admin-walled"]!, CLIENT_B)).toBe(true);
    expect(canViewAccessReport(named["admin"]!, CLIENT_A)).toBe(true);
  });
});
