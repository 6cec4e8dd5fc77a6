import { describe, expect, test } from "vitest";
import { buildViewer, CLIENT_A, CLIENT_B, PROVIDER } from "../../test/factories/viewers.ts";
import { isProviderStaff, mandateAbilities, organizationForNewMandate, readableMandatesWhere } from "./policy.ts";

const forA = { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A } as const;

describe("mandate policy helpers", () => {
  test("readableMandatesWhere: staff by their teams' clients, admins discover all but walled clients, clients their own", () => {
    expect(readableMandatesWhere(buildViewer("v", [[PROVIDER, "VIEWER"]]))).toEqual({ id: { in: [] } });
    expect(readableMandatesWhere(buildViewer("e", [[PROVIDER, "EDITOR"]], { teamClientIds: [CLIENT_A] }))).toEqual({
      OR: [{ providerOrganizationId: { in: [PROVIDER] }, clientOrganizationId: { in: [CLIENT_A] } }],
    });
    const walledAdmin = buildViewer("a", [[PROVIDER, "ADMIN"]], { walledClientIds: [CLIENT_B] });
    expect(readableMandatesWhere(walledAdmin)).toEqual({ id: { in: [] } });
    expect(readableMandatesWhere(walledAdmin, "discover")).toEqual({
      OR: [{ providerOrganizationId: { in: [PROVIDER] }, clientOrganizationId: { notIn: [CLIENT_B] } }],
    });
    expect(readableMandatesWhere(buildViewer("c", [[CLIENT_A, "CLIENT"], [CLIENT_B, "CLIENT"]]))).toEqual({
      OR: [{ clientOrganizationId: { in: [CLIENT_A, CLIENT_B] } }],
    });
    expect(readableMandatesWhere(buildViewer("n", []))).toEqual({ id: { in: [] } });
  });

  test("abilities: the team's editors change, viewers and clients only read; internals are for staff; admins off the team break the glass", () => {
    const onA = { teamClientIds: [CLIENT_A] };
    expect(mandateAbilities(buildViewer("e", [[PROVIDER, "EDITOR"]], onA), forA)).toEqual({ update: true, delete: false, seeInternals: true, needsBreakGlass: false });
    expect(mandateAbilities(buildViewer("a", [[PROVIDER, "ADMIN"]], onA), forA)).toEqual({ update: true, delete: true, seeInternals: true, needsBreakGlass: false });
    expect(mandateAbilities(buildViewer("a", [[PROVIDER, "ADMIN"]]), forA)).toEqual({ update: false, delete: false, seeInternals: true, needsBreakGlass: true });
    expect(mandateAbilities(buildViewer("v", [[PROVIDER, "VIEWER"]], onA), forA)).toEqual({ update: false, delete: false, seeInternals: true, needsBreakGlass: false });
    expect(mandateAbilities(buildViewer("c", [[CLIENT_A, "CLIENT"]]), forA)).toEqual({ update: false, delete: false, seeInternals: false, needsBreakGlass: false });
    expect(isProviderStaff(buildViewer("c", [[CLIENT_A, "CLIENT"]]), PROVIDER)).toBe(false);
  });

  test("a new mandate belongs to the first provider where the viewer writes", () => {
    expect(organizationForNewMandate(buildViewer("e", [[PROVIDER, "EDITOR"]]))).toBe(PROVIDER);
    expect(organizationForNewMandate(buildViewer("v", [[PROVIDER, "VIEWER"]]))).toBeUndefined();
    expect(organizationForNewMandate(buildViewer("c", [[CLIENT_A, "CLIENT"]]))).toBeUndefined();
  });
});
