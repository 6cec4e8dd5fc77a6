import { can, type Resource } from "../auth/policy.ts";
import { readableScope, type ReadableScope } from "../auth/scope.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Prisma } from "../db/generated/client.ts";

export type MandateResource = Extract<Resource, { type: "mandate" }>;

export function mandateResource(m: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId?: string | null }): MandateResource {
  return {
    type: "mandate",
    providerOrganizationId: m.providerOrganizationId,
    clientOrganizationId: m.clientOrganizationId,
    ...(m.projectManagerId !== undefined ? { projectManagerId: m.projectManagerId } : {}),
  };
}

/**
 * `can(viewer, "read", mandate)` — or with `discover`, `can(viewer, "discover", mandate)` — as a
 * WHERE clause derived from readableScope: staff on a team of the client (or through
 * break-glass), a client member their own organisation's; for `discover`, also every client's
 * for the provider's admins. Never a walled client. Lists page and count over exactly these.
 */
export function readableMandatesWhere(viewer: Viewer, action: "read" | "discover" = "read"): Prisma.MandateWhereInput {
  const pairs = readableMandatePairs(readableScope(viewer), action);
  const any: Prisma.MandateWhereInput[] = [];
  if (pairs.anyClientOf.length) {
    any.push({ providerOrganizationId: { in: pairs.anyClientOf }, clientOrganizationId: { notIn: pairs.walledClientIds } });
  }
  if (pairs.staffOf.length && pairs.teamClientIds.length) {
    any.push({ providerOrganizationId: { in: pairs.staffOf }, clientOrganizationId: { in: pairs.teamClientIds } });
  }
  if (pairs.memberOfClientIds.length) any.push({ clientOrganizationId: { in: pairs.memberOfClientIds } });
  return any.length ? { OR: any } : { id: { in: [] } };
}

/**
 * The same rule as (provider, client) conditions, for SQL that filters on them (the KPI
 * rollups): a mandate counts when its provider is in `anyClientOf` and its client is not walled,
 * or its provider is in `staffOf` and its client in `teamClientIds`, or its client is in
 * `memberOfClientIds`.
 */
export type MandatePairs = {
  anyClientOf: string[];
  walledClientIds: string[];
  staffOf: string[];
  teamClientIds: string[];
  memberOfClientIds: string[];
};

export function readableMandatePairs(scope: ReadableScope, action: "read" | "discover"): MandatePairs {
  return {
    anyClientOf: action === "discover" ? scope.adminOrganizationIds : [],
    walledClientIds: scope.walledClientIds,
    staffOf: scope.staffOrganizationIds,
    teamClientIds: scope.clientIds,
    memberOfClientIds: scope.memberOfClientIds,
  };
}

/** Provider staff of the mandate's provider (not its client): they see budgets' internals, effort, cost rates and the activity feed. */
export function isProviderStaff(viewer: Viewer, providerOrganizationId: string): boolean {
  return viewer.memberships.some((m) => m.organizationId === providerOrganizationId && m.role !== "CLIENT");
}

/** What the UI may offer on one mandate. */
export function mandateAbilities(viewer: Viewer, resource: MandateResource) {
  const update = can(viewer, "update", resource);
  return {
    update,
    delete: can(viewer, "delete", resource),
    seeInternals: isProviderStaff(viewer, resource.providerOrganizationId),
    /** Listed to an admin who is not on a team of the client: opening it is the break-glass step. */
    needsBreakGlass: !can(viewer, "read", resource) && can(viewer, "discover", resource),
  };
}
export type MandateAbilities = ReturnType<typeof mandateAbilities>;

/** The provider organisation a new mandate belongs to: the first where the viewer is an admin or editor. */
export function organizationForNewMandate(viewer: Viewer): string | undefined {
  return viewer.memberships.find((m) => m.organizationKind === "PROVIDER" && (m.role === "ADMIN" || m.role === "EDITOR"))?.organizationId;
}
