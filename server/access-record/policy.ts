import { isWalledFrom } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";

/**
 * Who may read a client's access report: the provider's admins (they see that a client's
 * material exists, as they discover its mandates), never one walled off from that client.
 * Returns the provider organisations the report speaks for (their teams, admins and walls);
 * empty means no report, answered as 404 so the client's existence is not disclosed.
 */
export function accessReportProviderIds(viewer: Viewer, clientId: string): string[] {
  if (isWalledFrom(viewer, clientId)) return [];
  return viewer.memberships.filter((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN").map((m) => m.organizationId);
}

export const canViewAccessReport = (viewer: Viewer, clientId: string) => accessReportProviderIds(viewer, clientId).length > 0;
