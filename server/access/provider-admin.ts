import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";

/**
 * The provider organisations whose admin this viewer is: walls and break-glass are theirs to
 * run. Asked through `can(…, "manage", membership)`, the rule that lets an admin run members.
 */
export function adminProviderIds(viewer: Viewer): string[] {
  return viewer.memberships
    .filter(
      (m) =>
        m.organizationKind === "PROVIDER" &&
        can(viewer, "manage", { type: "membership", organizationId: m.organizationId, organizationKind: "PROVIDER" }),
    )
    .map((m) => m.organizationId);
}

export const isProviderAdmin = (viewer: Viewer, providerOrganizationId: string) => adminProviderIds(viewer).includes(providerOrganizationId);
