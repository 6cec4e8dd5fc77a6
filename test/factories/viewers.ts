// Plain Viewer values for policy tests: no database needed.
import type { ClientAccess, OrganizationKind, Role, Viewer } from "../../server/auth/viewer.ts";

export const PROVIDER = "org-provider";
export const OTHER_PROVIDER = "org-other-provider";
export const CLIENT_A = "org-client-a";
export const CLIENT_B = "org-client-b";

const KIND: Record<string, OrganizationKind> = {
  [PROVIDER]: "PROVIDER",
  [OTHER_PROVIDER]: "PROVIDER",
  [CLIENT_A]: "CLIENT",
  [CLIENT_B]: "CLIENT",
};

export function buildViewer(
  id: string,
  memberships: Array<[organizationId: string, role: Role]>,
  clientAccess: Partial<ClientAccess> = {},
): Viewer {
  return {
    id,
    email: `${id}@example.test`,
    name: id,
    memberships: memberships.map(([organizationId, role]) => ({
      organizationId,
      organizationName: organizationId,
      organizationKind: KIND[organizationId] ?? "PROVIDER",
      role,
    })),
    clientAccess: { teamClientIds: [], breakGlassClientIds: [], walledClientIds: [], ...clientAccess },
  };
}
