import { describe, expect, test } from "vitest";
import { buildViewer, CLIENT_A, CLIENT_B, PROVIDER } from "../../test/factories/viewers.ts";
import { isProviderStaff, mandateAbilities, organizationForNewMandate, readableMandatesWhere } from "./policy.ts";

const forA = { type: "mandate", providerOrganizationId: PROVIDER, clientOrganizationId: CLIENT_A } as const;

describe("mandate policy helpers", () => {
  test("readableMandatesWhere: staff by provider, clients by their own organisation, nobody else", () => {
    expect(readableMandatesWhere(buildViewer("e", [[PROVIDER, "VIEWER"]]))).toEqual({ OR: [{ providerOrganizationId: { in: [PROVIDER] } }] });
    expect(readableMandatesWhere(buildViewer("c", [[CLIENT_A, "CLIENT"], [CLIENT_B, "CLIENT"]]))).toEqual({
      OR: [{ clientOrganizationId: { in: [CLIENT_A, CLIENT_B] } }],
    });
    expect(readableMandatesWhere(buildViewer("n", []))).toEqual({ id: { in: [] } });
  });

  test("abilities: editors change, viewers and clients only read; internals are for staff", () => {
    expect(mandateAbilities(buildViewer("e", [[PROVIDER, "EDITOR"]]), forA)).toEqual({ update: true, delete: false, seeInternals: true });
    expect(mandateAbilities(buildViewer("a", [[PROVIDER, "ADMIN"]]), forA)).toEqual({ update: true, delete: true, seeInternals: true });
    expect(mandateAbilities(buildViewer("v", [[PROVIDER, "VIEWER"]]), forA)).toEqual({ update: false, delete: false, seeInternals: true });
    expect(mandateAbilities(buildViewer("c", [[CLIENT_A, "CLIENT"]]), forA)).toEqual({ update: false, delete: false, seeInternals: false });
    expect(isProviderStaff(buildViewer("c", [[CLIENT_A, "CLIENT"]]), PROVIDER)).toBe(false);
  });

  test("a new mandate belongs to the first provider where the viewer writes", () => {
    expect(organizationForNewMandate(buildViewer("e", [[PROVIDER, "EDITOR"]]))).toBe(PROVIDER);
    expect(organizationForNewMandate(buildViewer("v", [[PROVIDER, "VIEWER"]]))).toBeUndefined();
    expect(organizationForNewMandate(buildViewer("c", [[CLIENT_A, "CLIENT"]]))).toBeUndefined();
  });
});
