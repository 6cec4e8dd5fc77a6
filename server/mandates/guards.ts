import { authorize, can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { conflict, invalid, notFound, type Issue } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { mandateResource } from "./policy.ts";
import { IdSchema } from "./schema.ts";
import { DELIVERABLE_INCLUDE, MANDATE_DETAIL_INCLUDE } from "./rows.ts";
import { CLOSED_MANDATE_STATUSES, type MandateStatus } from "./transitions.ts";


/**
 * The checks every mandates command runs first (docs/decisions/009-mandates.md): may the viewer
 * act on this mandate or deliverable — 404 when they may not read it (its existence is not
 * disclosed), 403 when they may read but not do this — is the mandate still open, and are the
 * people a form names the provider's staff.
 */
export function createMandateGuards({ db }: { db: Db }) {
  /** A mandate the viewer may act on, or 404 (unreadable) / 403 (readable, but not this action). */
  async function requireMandate(viewer: Viewer, id: unknown, action: "read" | "update" | "delete") {
    const mandateId = parseInput(IdSchema, id);
    const mandate = await db.mandate.findUnique({ where: { id: mandateId }, include: MANDATE_DETAIL_INCLUDE });
    if (!mandate) throw notFound("mandate");
    const resource = mandateResource(mandate);
    if (!can(viewer, "read", resource)) throw notFound("mandate");
    authorize(viewer, action, resource);
    return mandate;
  }

  async function requireDeliverable(viewer: Viewer, id: unknown, action: "read" | "update") {
    const deliverableId = parseInput(IdSchema, id);
    const deliverable = await db.deliverable.findUnique({ where: { id: deliverableId }, include: { ...DELIVERABLE_INCLUDE, mandate: true } });
    if (!deliverable) throw notFound("deliverable");
    const resource = mandateResource(deliverable.mandate);
    if (!can(viewer, "read", resource)) throw notFound("deliverable");
    authorize(viewer, action, resource);
    return deliverable;
  }

  /**
   * What an admin off the client's teams may know of a mandate before the break-glass step: its
   * id, title, reference and client — only when they may `discover` it and not `read` it (never
   * behind a wall, never another provider's). Null otherwise: the caller answers 404 as before.
   */
  async function discoverMandate(viewer: Viewer, id: unknown) {
    const mandateId = parseInput(IdSchema, id);
    const mandate = await db.mandate.findUnique({
      where: { id: mandateId },
      select: { id: true, title: true, reference: true, providerOrganizationId: true, clientOrganizationId: true, client: { select: { id: true, name: true } } },
    });
    if (!mandate) return null;
    const resource = mandateResource(mandate);
    if (!can(viewer, "discover", resource) || can(viewer, "read", resource)) return null;
    return mandate;
  }

  /** User ids among `ids` whose role in the provider is one of `roles`. */
  async function staffAmong(providerOrganizationId: string, ids: string[], roles: Array<"ADMIN" | "EDITOR" | "VIEWER">) {
    if (!ids.length) return new Set<string>();
    const rows = await db.membership.findMany({
      where: { organizationId: providerOrganizationId, userId: { in: ids }, role: { in: roles } },
      select: { userId: true },
    });
    return new Set(rows.map((r) => r.userId));
  }

  async function checkPeople(
    providerOrganizationId: string,
    { projectManagerId, memberIds = [], owners = [] }: { projectManagerId?: string; memberIds?: string[]; owners?: Array<{ path: string; id: string }> },
  ) {
    const issues: Issue[] = [];
    if (projectManagerId) {
      const ok = await staffAmong(providerOrganizationId, [projectManagerId], ["ADMIN", "EDITOR"]);
      if (!ok.has(projectManagerId)) issues.push({ path: "projectManagerId", message: "The project manager must be an admin or editor of the provider." });
    }
    const people = [...memberIds, ...owners.map((o) => o.id)];
    const staff = await staffAmong(providerOrganizationId, people, ["ADMIN", "EDITOR", "VIEWER"]);
    memberIds.forEach((id, index) => {
      if (!staff.has(id)) issues.push({ path: `memberIds.${index}`, message: "Team members are the provider's staff." });
    });
    for (const owner of owners) if (!staff.has(owner.id)) issues.push({ path: owner.path, message: "A deliverable's owner is one of the provider's staff." });
    if (issues.length) throw invalid(issues);
  }

  return { requireMandate, requireDeliverable, discoverMandate, checkPeople };
}

export type MandateGuards = ReturnType<typeof createMandateGuards>;

/** Completed and cancelled mandates no longer change (409). */
export function requireOpen(mandate: { status: MandateStatus }) {
  if (CLOSED_MANDATE_STATUSES.includes(mandate.status)) {
    throw conflict("mandate_closed", `The mandate is ${mandate.status.toLowerCase()}: it no longer changes.`);
  }
}
