import { can } from "../auth/policy.ts";
import { loadViewers, type Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import type { ClauseSummary } from "../documents/derive.ts";
import type { DocumentResource } from "../documents/policy.ts";
import { mandateResource } from "../mandates/policy.ts";
import type { OutcomeKindName } from "./schema.ts";

/**
 * Approvers (ADR 036). A playbook names an approver as a role's name on a fallback, the grey
 * zone or the red line (ADR 035); an outcome there needs that role's approval. Roles are held
 * through `Membership.title`.
 */

/**
 * The role whose approval this outcome needs, or null. FALLBACK n → the n-th fallback's
 * approver, GREY_ZONE → the grey zone's, RED_LINE → the red line's. A grey zone is outside the
 * playbook, so someone must approve it: without a grey zone approver, the red line's; without
 * either, the clause's escalation contact.
 */
export function approverFor(clause: ClauseSummary, outcome: OutcomeKindName, fallbackIndex: number | null): string | null {
  const named = (role: string | undefined) => role?.trim() || null;
  switch (outcome) {
    case "FALLBACK":
      return named(fallbackIndex ? clause.fallbackApprovers[fallbackIndex - 1] : undefined);
    case "GREY_ZONE":
      return named(clause.greyzoneApprover) ?? named(clause.redlineApprover) ?? named(clause.escalateTo);
    case "RED_LINE":
      return named(clause.redlineApprover);
    default:
      return null;
  }
}

/** A job title or role as compared: ignoring case and surrounding (and repeated) spaces. Rate cards key on it too (ADR 039). */
export const normalise = (text: string) => text.trim().replace(/\s+/g, " ").toLowerCase();
const CLIENT_PREFIX = "client ";

/** A role named "Client …" ("Client general counsel") is held in the mandate's client organisation. */
export const isClientRole = (role: string) => normalise(role).startsWith(CLIENT_PREFIX);

/**
 * Whether a member's title holds the role: equal ignoring case and surrounding (and repeated)
 * spaces; a client role's holder may write the title with or without "Client " ("General
 * counsel" holds "Client general counsel").
 */
export function titleHoldsRole(title: string | null, role: string): boolean {
  if (!title?.trim()) return false;
  const t = normalise(title);
  const r = normalise(role);
  return t === r || (isClientRole(role) && CLIENT_PREFIX + t === r);
}

export type RoleHolder = { id: string; name: string; email: string };
type MandateScope = { id: string; providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null };

/**
 * Who holds `role` on this mandate, for this playbook: a client role's holders are members of
 * the mandate's client organisation; any other role's are the provider's members on the
 * mandate's team (need-to-know: nobody off the team is asked to approve its work). Each must
 * read the mandate and the playbook now (a wall, a lost share): they approve what they can see.
 */
export async function roleHolders(db: Db, mandate: MandateScope, role: string, playbook: DocumentResource): Promise<RoleHolder[]> {
  const client = isClientRole(role);
  const team = client
    ? null
    : [...(await db.mandateMember.findMany({ where: { mandateId: mandate.id }, select: { userId: true } })).map((m) => m.userId), ...(mandate.projectManagerId ? [mandate.projectManagerId] : [])];
  const members = await db.membership.findMany({
    where: client
      ? { organizationId: mandate.clientOrganizationId, role: "CLIENT", title: { not: null } }
      : { organizationId: mandate.providerOrganizationId, role: { not: "CLIENT" }, title: { not: null }, userId: { in: team! } },
    select: { title: true, user: { select: { id: true, name: true, email: true } } },
    orderBy: { user: { name: "asc" } },
  });
  const holders = members.filter((m) => titleHoldsRole(m.title, role)).map((m) => m.user);
  const viewers = await loadViewers(db, holders.map((h) => h.id));
  const resource = mandateResource(mandate);
  return holders.filter((h) => {
    const viewer = viewers.get(h.id) ?? null;
    return can(viewer, "read", resource) && can(viewer, "read", playbook);
  });
}

/** Whether the viewer holds the role on this mandate for this playbook (see roleHolders). */
export async function holdsRole(db: Db, viewer: Viewer, mandate: MandateScope, role: string, playbook: DocumentResource): Promise<boolean> {
  return (await roleHolders(db, mandate, role, playbook)).some((h) => h.id === viewer.id);
}
