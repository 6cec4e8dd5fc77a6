import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Prisma } from "../db/generated/client.ts";
import { formatMoney } from "../mandates/money.ts";
import { mandateResource } from "../mandates/policy.ts";
import { dayKey } from "../mandates/rows.ts";
import { describeBreach, type BreachEvidence } from "./breaches.ts";
import type { ChangeScopeLine } from "./schema.ts";

export type BreachRow = Prisma.ScopeBreachGetPayload<object>;
export type ChangeRequestRow = Prisma.ChangeRequestGetPayload<{ include: { breach: true } }>;

/** A breach with its evidence and its sentence (fields listed, never spread). */
export function presentBreach(b: BreachRow) {
  const evidence = b.evidence as unknown as BreachEvidence;
  return {
    id: b.id,
    kind: b.kind,
    assumptionKey: b.assumptionKey,
    period: b.period || null,
    counted: b.counted,
    limit: b.limit,
    sentence: describeBreach({ ...b, evidence }),
    evidence: {
      deliverables: evidence.deliverables.map((d) => ({ id: d.id, title: d.title, type: d.type, at: d.at })),
      wait: evidence.wait ?? null,
      deliveries: evidence.deliveries ?? null,
    },
    detectedAt: b.detectedAt.toISOString(),
  };
}
export type PresentedBreach = ReturnType<typeof presentBreach>;

const money = (minor: bigint, currency: string) => ({
  minor: Number(minor),
  currency,
  formatted: minor < 0n ? `−${formatMoney(-minor, currency)}` : `+${formatMoney(minor, currency)}`,
});

/**
 * A change request as the viewer may see it. A client member sees one once it is sent, with the
 * breach it cites (their own work's figures: the reason it is asked); the actions are what the
 * viewer may do now.
 */
export function presentChangeRequest(
  r: ChangeRequestRow,
  mandate: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null; currency: string; status: string },
  viewer: Viewer,
  names: Map<string, string>,
) {
  const resource = mandateResource(mandate);
  const open = mandate.status !== "COMPLETED" && mandate.status !== "CANCELLED";
  const manage = open && can(viewer, "manageScope", resource);
  const decide = open && r.status === "SENT" && can(viewer, "decideChangeRequest", resource);
  const who = (id: string | null) => (id ? { id, name: names.get(id) ?? "" } : null);
  return {
    id: r.id,
    mandateId: r.mandateId,
    status: r.status,
    title: r.title,
    justification: r.justification,
    scope: (r.scope as ChangeScopeLine[]).map((s) => ({ deliverableType: s.deliverableType, count: s.count })),
    budgetDelta: money(r.budgetDeltaMinor, mandate.currency),
    newTargetDate: dayKey(r.newTargetDate),
    declineReason: r.status === "DECLINED" ? r.declineReason : null,
    breach: r.breach ? presentBreach(r.breach) : null,
    createdBy: who(r.createdById),
    createdAt: r.createdAt.toISOString(),
    sentAt: r.sentAt?.toISOString() ?? null,
    decidedBy: who(r.decidedById),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    withdrawnAt: r.withdrawnAt?.toISOString() ?? null,
    actions: {
      edit: manage && r.status === "DRAFT",
      send: manage && r.status === "DRAFT",
      withdraw: manage && (r.status === "DRAFT" || r.status === "SENT"),
      decide,
    },
  };
}
export type PresentedChangeRequest = ReturnType<typeof presentChangeRequest>;
