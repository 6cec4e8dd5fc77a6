import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import { documentResource } from "../documents/policy.ts";
import { formatMoney, presentMoney } from "./money.ts";
import { mandateAbilities, mandateResource } from "./policy.ts";
import { dayKey, type DeliverableRow, type MandateDetailRow, type MandateSummaryRow, type ResourceLinkRow } from "./rows.ts";
import type { DeliveryRecordRow } from "./delivery-record.ts";
import type { OutcomeOnRecord } from "../outcomes/pending.ts";
import { presentClientSide } from "../requests/presenter.ts";
import { staffMoves } from "../requests/moves.ts";
import type { DeemedTerms } from "../requests/deemed-acceptance.ts";
import { allowedTransitions, isOnRecord, type DeliverableStatus, type MandateStatus } from "./transitions.ts";
import { calendarLabel } from "../sla/calendar.ts";
import { presentSla } from "../sla/presenter.ts";

/**
 * What leaves the server about mandates. Fields are listed, never spread. A client member sees
 * their own organisation's mandates and deliverables (dates, statuses, fees) but not the
 * provider's internals: effort, cost and the activity feed. Amounts are
 * `{ minor, currency, formatted }`; days are "YYYY-MM-DD"; instants ISO strings.
 */

type Person = { id: string; name: string } | null;
const person = (p: Person) => (p ? { id: p.id, name: p.name } : null);
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentMandateSummary(m: MandateSummaryRow, viewer: Viewer) {
  const abilities = mandateAbilities(viewer, mandateResource(m));
  return {
    id: m.id,
    title: m.title,
    reference: m.reference,
    status: m.status,
    pricingModel: m.pricingModel,
    client: { id: m.client.id, name: m.client.name },
    projectManager: person(m.projectManager),
    currency: m.currency,
    budget: presentMoney(m.budgetMinor, m.currency),
    startDate: dayKey(m.startDate),
    targetDate: dayKey(m.targetDate),
    deliverableCount: m._count.deliverables,
    createdAt: m.createdAt.toISOString(),
    updatedAt: m.updatedAt.toISOString(),
    abilities: { update: abilities.update, needsBreakGlass: abilities.needsBreakGlass },
  };
}
export type PresentedMandateSummary = ReturnType<typeof presentMandateSummary>;

const LONG_DAY = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const longDay = (d: Date) => LONG_DAY.format(d);

/**
 * A delivery record (ADR 020) with its line: "Delivered “NDA” v3 on 12 January 2027 by A. Patel
 * under NDA playbook v5, in force since 1 January 2027". A client reads what was delivered to
 * them, never the provider's internal knowledge it was delivered under — nor the negotiation
 * outcomes measured against its playbooks (ADR 036).
 */
export function presentDeliveryRecord(r: DeliveryRecordRow, seeInternals: boolean) {
  const items = r.items.filter((i) => seeInternals || i.role === "DELIVERED");
  const delivered = items.filter((i) => i.role === "DELIVERED");
  const playbooks = items.filter((i) => i.role === "IN_FORCE" && i.versionNumber !== null && i.documentKind === "PLAYBOOK");
  const under = (playbooks.length ? playbooks : items.filter((i) => i.role === "IN_FORCE" && i.versionNumber !== null)).map(
    (i) => `${i.documentTitle} v${i.versionNumber}${i.effectiveAt ? `, in force since ${longDay(i.effectiveAt)}` : ""}`,
  );
  const what = delivered.map((i) => `“${i.documentTitle}” v${i.versionNumber}`).join(", ");
  const line = `Delivered ${what ? `${what} ` : ""}on ${longDay(r.deliveredAt)} by ${r.deliveredByName}${under.length ? ` under ${under.join("; ")}` : ""}`;
  return {
    id: r.id,
    deliverableId: r.deliverableId,
    sequence: r.sequence,
    deliveredAt: r.deliveredAt.toISOString(),
    deliveredBy: { id: r.deliveredById, name: r.deliveredByName },
    line,
    items: items.map((i) => ({
      role: i.role,
      document: { id: i.documentId, title: i.documentTitle, kind: i.documentKind },
      version: i.versionId ? { id: i.versionId, number: i.versionNumber, contentHash: i.contentHash } : null,
      effectiveAt: i.effectiveAt ? i.effectiveAt.toISOString() : null,
      generatedFromVersionId: seeInternals ? i.generatedFromVersionId : null,
    })),
    outcomes: seeInternals ? (r.outcomes as OutcomeOnRecord[]) : [],
  };
}
export type PresentedDeliveryRecord = ReturnType<typeof presentDeliveryRecord>;

/** Every record of one deliverable, as this viewer may see them. */
export function presentDeliveryRecords(records: DeliveryRecordRow[], mandate: { providerOrganizationId: string; clientOrganizationId: string }, viewer: Viewer) {
  const { seeInternals } = mandateAbilities(viewer, mandateResource(mandate));
  return records.map((r) => presentDeliveryRecord(r, seeInternals));
}

export function presentDeliverable(
  d: DeliverableRow,
  mandate: { currency: string; providerOrganizationId: string; clientOrganizationId: string; projectManagerId: string | null; timeZone: string; holidayCalendar: string } & Partial<DeemedTerms>,
  viewer: Viewer,
  now = new Date(),
) {
  const abilities = mandateAbilities(viewer, mandateResource(mandate));
  const mayWait = can(viewer, "waitOnClient", mandateResource(mandate));
  return {
    id: d.id,
    mandateId: d.mandateId,
    title: d.title,
    type: d.type,
    description: d.description,
    status: d.status as DeliverableStatus,
    owner: person(d.owner),
    dueDate: dayKey(d.dueDate),
    /** The due date it was delivered against (ADR 020): on-time figures read this one. */
    baselineDueDate: dayKey(d.baselineDueDate),
    fee: presentMoney(d.feeMinor, mandate.currency),
    /** The sums of its time entries (ADR 039): the provider's only. */
    effortMinutes: abilities.seeInternals ? d.effortMinutes : undefined,
    cost: abilities.seeInternals && d.costMinor !== null ? presentMoney(d.costMinor, mandate.currency) : undefined,
    unratedMinutes: abilities.seeInternals ? d.unratedMinutes : undefined,
    startedAt: iso(d.startedAt),
    reviewedAt: iso(d.reviewedAt),
    deliveredAt: iso(d.deliveredAt),
    acceptedAt: iso(d.acceptedAt),
    rejectedAt: iso(d.rejectedAt),
    /** The template it was suggested from, only when the viewer may read it (a client never gets a link to the provider's internal template). */
    sourceDocumentId: d.sourceDocument && can(viewer, "read", documentResource(d.sourceDocument)) ? d.sourceDocument.id : null,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
    /** The statuses the viewer may move it to now (empty for read-only viewers); into or out of waiting on the client only for its PM and admins. */
    allowedTransitions: abilities.update
      ? staffMoves(d.status).filter((to) => mayWait || (to !== "WAITING_ON_CLIENT" && d.status !== "WAITING_ON_CLIENT"))
      : [],
    /** Whether the viewer may delete it: never delivered, and they may change the mandate. */
    deletable: abilities.update && !isOnRecord(d),
    /** The latest delivery record, if it was ever delivered. */
    deliveryRecord: d.deliveryRecords[0] ? presentDeliveryRecord(d.deliveryRecords[0], abilities.seeInternals) : null,
    /** Delivered once: its due date and fee are locked (ADR 041). */
    termsLocked: isOnRecord(d),
    /** Whether the viewer may put it into Waiting on client or record the client's answer (the PM and admins). */
    mayWaitOnClient: mayWait,
    requestedAt: iso(d.requestedAt),
    ...presentSla(d, mandate, { seeInternals: abilities.seeInternals, now }),
    /** The client's request behind it, how it was accepted, the deemed-acceptance countdown, and who may answer (ADR 042). */
    ...presentClientSide(d, mandate, viewer),
  };
}
export type PresentedDeliverable = ReturnType<typeof presentDeliverable>;

export function presentResourceLink(l: ResourceLinkRow) {
  return {
    id: l.id,
    deliverableId: l.deliverableId,
    document: { id: l.document.id, title: l.document.title, kind: l.document.kind, status: l.document.status },
    pinnedVersion: l.documentVersion ? { id: l.documentVersion.id, number: l.documentVersion.number } : null,
    latestVersion: l.latestVersion ? { id: l.latestVersion.id, number: l.latestVersion.number } : null,
    newerVersionAvailable: l.newerVersionAvailable,
    viaToolkit: l.viaToolkit ? { id: l.viaToolkit.id, title: l.viaToolkit.title } : null,
    attachedBy: person(l.attachedBy),
    attachedAt: l.attachedAt.toISOString(),
  };
}
export type PresentedResourceLink = ReturnType<typeof presentResourceLink>;

export function presentMandate(
  { mandate: m, deliverables, links }: { mandate: MandateDetailRow; deliverables: DeliverableRow[]; links: ResourceLinkRow[] },
  viewer: Viewer,
) {
  const abilities = mandateAbilities(viewer, mandateResource(m));
  return {
    ...presentMandateSummary(m, viewer),
    description: m.description,
    serviceLevels: Array.isArray(m.serviceLevels)
      ? (m.serviceLevels as Array<{ deliverableType: string; turnaroundBusinessDays: number }>).map((s) => ({
          deliverableType: s.deliverableType,
          turnaroundBusinessDays: s.turnaroundBusinessDays,
        }))
      : [],
    /** The working calendar its SLA clock counts (ADR 041). */
    timeZone: m.timeZone,
    holidayCalendar: m.holidayCalendar,
    calendarLabel: calendarLabel(m),
    /** Business days after a delivery that silence counts as the client's acceptance (ADR 042). */
    deemedAcceptanceBusinessDays: m.deemedAcceptanceBusinessDays,
    team: m.members.map((member) => ({ id: member.user.id, name: member.user.name })),
    deliverables: deliverables.map((d) => presentDeliverable(d, m, viewer)),
    resources: links.map(presentResourceLink),
    abilities: {
      update: abilities.update,
      delete: abilities.delete,
      seeInternals: abilities.seeInternals,
      allowedTransitions: abilities.update ? [...allowedTransitions("mandate", m.status as MandateStatus)] : [],
      /** Ask for work (the client's members) and decide requests and their forms (the PM or an admin): ADR 042. */
      requestWork: can(viewer, "requestWork", mandateResource(m)),
      manageRequests: can(viewer, "manageRequests", mandateResource(m)),
    },
  };
}
export type PresentedMandate = ReturnType<typeof presentMandate>;

export function presentDocumentUsage(usage: {
  document: { id: string; title: string; kind: string };
  latestVersion: { id: string; number: number } | null;
  links: Array<
    ResourceLinkRow & {
      mandate: { id: string; title: string; reference: string; status: string; client: { id: string; name: string } };
      deliverable: { id: string; title: string; status: string; dueDate: Date | null } | null;
    }
  >;
}) {
  return {
    document: { id: usage.document.id, title: usage.document.title, kind: usage.document.kind },
    latestVersion: usage.latestVersion ? { id: usage.latestVersion.id, number: usage.latestVersion.number } : null,
    usedBy: usage.links.map((l) => ({
      linkId: l.id,
      mandate: {
        id: l.mandate.id,
        title: l.mandate.title,
        reference: l.mandate.reference,
        status: l.mandate.status,
        client: { id: l.mandate.client.id, name: l.mandate.client.name },
      },
      deliverable: l.deliverable
        ? { id: l.deliverable.id, title: l.deliverable.title, status: l.deliverable.status, dueDate: dayKey(l.deliverable.dueDate) }
        : null,
      pinnedVersion: l.documentVersion ? { id: l.documentVersion.id, number: l.documentVersion.number } : null,
      newerVersionAvailable: l.newerVersionAvailable,
      viaToolkit: l.viaToolkit ? { id: l.viaToolkit.id, title: l.viaToolkit.title } : null,
      attachedAt: l.attachedAt.toISOString(),
    })),
  };
}
export type PresentedDocumentUsage = ReturnType<typeof presentDocumentUsage>;

/** Amount fields of mandate, deliverable and time entry audit events, stored in minor units (costRateMinor: events from before rate cards, ADR 039). */
const MONEY_FIELDS = new Set(["budgetMinor", "costRateMinor", "feeMinor", "costMinor"]);

/**
 * One side (before or after) of an event's changes, with amounts written as money in the currency
 * that side had (a change of currency carries it). Anything not a whole number stays as stored.
 */
function withMoney(side: unknown, currency: string): unknown {
  if (!side || typeof side !== "object" || Array.isArray(side)) return side ?? null;
  const fields = side as Record<string, unknown>;
  const own = typeof fields.currency === "string" ? fields.currency : currency;
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      const minor = typeof value === "number" || typeof value === "string" ? String(value) : null;
      return [key, MONEY_FIELDS.has(key) && minor !== null && /^-?\d+$/.test(minor) ? formatMoney(BigInt(minor), own, { withCode: true }) : value];
    }),
  );
}

export function presentActivity(e: { id: string; action: string; createdAt: Date; data: unknown; actor: Person; currency: string }) {
  const data = (e.data && typeof e.data === "object" ? e.data : {}) as Record<string, unknown>;
  return {
    id: e.id,
    action: e.action,
    at: e.createdAt.toISOString(),
    actor: person(e.actor),
    deliverableId: typeof data.deliverableId === "string" ? data.deliverableId : null,
    before: withMoney(data.before, e.currency),
    after: withMoney(data.after, e.currency),
    /** Why delivered work changed (ADR 020). */
    reason: typeof data.reason === "string" ? data.reason : null,
  };
}
export type PresentedActivity = ReturnType<typeof presentActivity>;

export function presentStatusChange(c: { id: string; fromStatus: string | null; toStatus: string; at: Date; actor: Person }) {
  return { id: c.id, from: c.fromStatus, to: c.toStatus, at: c.at.toISOString(), actor: person(c.actor) };
}
