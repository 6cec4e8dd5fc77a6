import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { AcceptanceMode, RequestPriority } from "../db/generated/client.ts";
import { mandateResource } from "../mandates/policy.ts";
import { dayKey } from "../mandates/rows.ts";
import type { DeliverableStatus } from "../mandates/transitions.ts";
import { deemedAcceptanceAt, type DeemedTerms } from "./deemed-acceptance.ts";

/**
 * What the client sees of a request's progress, in their words (ADR 042): asked for, accepted and
 * in hand, waiting on them, delivered (awaiting their answer), being reworked after their
 * rejection, accepted, or declined with the reason.
 */
export type ClientStage = "requested" | "in_progress" | "waiting_on_you" | "delivered" | "rework" | "accepted" | "declined";
export function clientStageOf(status: DeliverableStatus): ClientStage {
  switch (status) {
    case "REQUESTED":
      return "requested";
    case "DECLINED":
      return "declined";
    case "WAITING_ON_CLIENT":
      return "waiting_on_you";
    case "DELIVERED":
      return "delivered";
    case "REJECTED":
      return "rework";
    case "ACCEPTED":
      return "accepted";
    default:
      return "in_progress";
  }
}

type Attachment = { id: string; name: string; contentType: string; sizeBytes: number; sha256: string; createdAt: Date };
const presentAttachment = (a: Attachment) => ({
  id: a.id,
  name: a.name,
  contentType: a.contentType,
  sizeBytes: a.sizeBytes,
  sha256: a.sha256,
  href: `/api/v1/request-attachments/${a.id}`,
  createdAt: a.createdAt.toISOString(),
});

type RequestFields = {
  id: string;
  title: string;
  type: string;
  description: string;
  status: DeliverableStatus;
  dueDate: Date | null;
  requestedAt: Date | null;
  requestedById: string | null;
  requestPriority: RequestPriority | null;
  counterparty: string;
  desiredDate: Date | null;
  declineReason: string | null;
  rejectionReason: string | null;
  acceptedVia: AcceptanceMode | null;
  deliveredAt: Date | null;
  acceptedAt: Date | null;
  attachments?: Attachment[];
};

/** A request in the mandate's list of requests (the client's and the team's); `requestedBy` null: no longer a user. */
export function presentRequest(d: RequestFields & { requestedBy: { id: string; name: string } | null }, mandate: DeemedTerms) {
  return {
    id: d.id,
    title: d.title,
    requestedBy: d.requestedBy,
    type: d.type,
    description: d.description,
    status: d.status,
    stage: clientStageOf(d.status),
    dueDate: dayKey(d.dueDate),
    ...requestPart(d),
    ...acceptancePart(d, mandate),
  };
}

function requestPart(d: RequestFields) {
  return {
    requestedAt: d.requestedAt?.toISOString() ?? null,
    requestedById: d.requestedById,
    priority: d.requestPriority,
    counterparty: d.counterparty,
    desiredDate: dayKey(d.desiredDate),
    declineReason: d.declineReason,
    attachments: (d.attachments ?? []).map(presentAttachment),
  };
}

/** "Tue 15 Dec" in the mandate's time zone: the day the countdown names. */
const shortDay = (at: Date, timeZone: string) => new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone }).format(at).replace(",", "");

function acceptancePart(d: RequestFields, mandate: Partial<DeemedTerms>) {
  const terms = mandate.timeZone && mandate.holidayCalendar && mandate.deemedAcceptanceBusinessDays !== undefined ? (mandate as DeemedTerms) : null;
  const deemedAt = d.status === "DELIVERED" && d.deliveredAt && terms ? deemedAcceptanceAt(d.deliveredAt, terms) : null;
  return {
    /** How it was accepted: by the client, deemed, or by an admin on the client's behalf. */
    acceptedVia: d.status === "ACCEPTED" ? d.acceptedVia : null,
    /** Why the client last rejected it (the rework's brief). */
    rejectionReason: d.rejectionReason,
    /** While delivered and unanswered: when silence becomes acceptance. */
    deemedAcceptanceAt: deemedAt?.toISOString() ?? null,
    /** The same, as the day to show ("Tue 15 Dec"), in the mandate's time zone. */
    deemedAcceptanceDay: deemedAt && terms ? shortDay(deemedAt, terms.timeZone) : null,
  };
}

/**
 * The request and acceptance fields of a deliverable, with what this viewer may do about them:
 * decide the request (its PM or an admin), answer the delivery (the client), or record the
 * client's answer on their behalf (an admin).
 */
export function presentClientSide(
  d: RequestFields,
  mandate: { providerOrganizationId: string; clientOrganizationId: string; projectManagerId?: string | null } & Partial<DeemedTerms>,
  viewer: Viewer,
) {
  const resource = mandateResource(mandate);
  return {
    stage: clientStageOf(d.status),
    request: d.requestedAt ? requestPart(d) : null,
    ...acceptancePart(d, mandate),
    can: {
      decideRequest: d.status === "REQUESTED" && can(viewer, "manageRequests", resource),
      answerDelivery: d.status === "DELIVERED" && can(viewer, "answerDelivery", resource),
      answerOnBehalf: d.status === "DELIVERED" && can(viewer, "answerDeliveryOnBehalf", resource),
    },
  };
}
