import type { Viewer } from "../auth/viewer.ts";
import { NO_CLIENT_ACCESS } from "../auth/viewer.ts";

/**
 * The readers a released report is written for: a member of the mandate's client organisation,
 * as `can()` sees one. Sections ask the policy what such a member may read (a playbook) before
 * they put it in the report, rather than a rule of their own.
 */
export function clientAudience(clientOrganizationId: string): Viewer {
  return {
    id: "",
    email: "",
    name: "",
    memberships: [{ organizationId: clientOrganizationId, organizationName: "", organizationKind: "CLIENT", role: "CLIENT" }],
    clientAccess: NO_CLIENT_ACCESS,
  };
}
