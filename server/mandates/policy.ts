import { can, type Resource } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Prisma } from "../db/generated/client.ts";

export type MandateResource = Extract<Resource, { type: "mandate" }>;

export function mandateResource(m: { providerOrganizationId: string; clientOrganizationId: string }): MandateResource {
  return { type: "mandate", providerOrganizationId: m.providerOrganizationId, clientOrganizationId: m.clientOrganizationId };
}

/**
 * `can(viewer, "read", mandate)` as a WHERE clause: provider staff see their provider's mandates,
 * a client member only their own organisation's. Lists page and count over exactly these.
 */
export function readableMandatesWhere(viewer: Viewer): Prisma.MandateWhereInput {
  const { providerIds, clientIds } = readableMandateOrganizations(viewer);
  const any: Prisma.MandateWhereInput[] = [];
  if (providerIds.length) any.push({ providerOrganizationId: { in: providerIds } });
  if (clientIds.length) any.push({ clientOrganizationId: { in: clientIds } });
  return any.length ? { OR: any } : { id: { in: [] } };
}

/** The same rule as organisation ids, for SQL that filters on them (the KPI rollups). */
export function readableMandateOrganizations(viewer: Viewer): { providerIds: string[]; clientIds: string[] } {
  return {
    providerIds: viewer.memberships.filter((m) => m.role !== "CLIENT").map((m) => m.organizationId),
    clientIds: viewer.memberships.filter((m) => m.role === "CLIENT").map((m) => m.organizationId),
  };
}

/** Provider staff of the mandate's provider (not its client): they see budgets' internals, effort, cost rates and the activity feed. */
export function isProviderStaff(viewer: Viewer, providerOrganizationId: string): boolean {
  return viewer.memberships.some((m) => m.organizationId === providerOrganizationId && m.role !== "CLIENT");
}

/** What the UI may offer on one mandate. */
export function mandateAbilities(viewer: Viewer, resource: MandateResource) {
  const update = can(viewer, "update", resource);
  return { update, delete: can(viewer, "delete", resource), seeInternals: isProviderStaff(viewer, resource.providerOrganizationId) };
}
export type MandateAbilities = ReturnType<typeof mandateAbilities>;

/** The provider organisation a new mandate belongs to: the first where the viewer is an admin or editor. */
export function organizationForNewMandate(viewer: Viewer): string | undefined {
  return viewer.memberships.find((m) => m.organizationKind === "PROVIDER" && (m.role === "ADMIN" || m.role === "EDITOR"))?.organizationId;
}
