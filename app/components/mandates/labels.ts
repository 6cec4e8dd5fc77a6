/** Words the UI shows for the mandates domain's enums (as documents/labels.ts does for documents). */
export const DELIVERABLE_STATUS_LABELS = {
  REQUESTED: "Requested",
  DECLINED: "Declined",
  NOT_STARTED: "Not started",
  IN_PROGRESS: "In progress",
  IN_REVIEW: "In review",
  DELIVERED: "Delivered",
  ACCEPTED: "Accepted",
  REJECTED: "Rejected",
  WAITING_ON_CLIENT: "Waiting on client",
} as const;

export const PRICING_MODEL_LABELS = {
  FIXED_PER_DELIVERABLE: "Fixed per deliverable",
  FIXED_PER_PERIOD: "Fixed per period",
  CAPPED: "Capped",
} as const;

export type DeliverableStatusKey = keyof typeof DELIVERABLE_STATUS_LABELS;
export type PricingModelKey = keyof typeof PRICING_MODEL_LABELS;

export const MANDATE_STATUS_LABELS = {
  PROPOSED: "Proposed",
  ACTIVE: "Active",
  ON_HOLD: "On hold",
  COMPLETED: "Completed",
  CANCELLED: "Cancelled",
} as const;

/** What the button that moves a mandate to a status says. */
export const MANDATE_TRANSITION_LABELS = {
  PROPOSED: "Back to proposed",
  ACTIVE: "Activate",
  ON_HOLD: "Put on hold",
  COMPLETED: "Complete",
  CANCELLED: "Cancel mandate",
} as const;

/** What the button that moves a deliverable to a status says, when the move's origin does not change its meaning. */
const DELIVERABLE_TRANSITION_LABELS = {
  REQUESTED: "Back to requested",
  DECLINED: "Decline request",
  NOT_STARTED: "Back to not started",
  IN_PROGRESS: "Start work",
  IN_REVIEW: "Send to review",
  DELIVERED: "Mark delivered",
  ACCEPTED: "Mark accepted",
  REJECTED: "Mark rejected",
  WAITING_ON_CLIENT: "Wait on client",
} as const;

/**
 * What the button that moves a deliverable from one status to another says: named by what the
 * move does, so going back from review does not read as starting work afresh.
 */
export function deliverableMoveLabel(from: DeliverableStatusKey, to: DeliverableStatusKey): string {
  if (to === "IN_PROGRESS" && from === "IN_REVIEW") return "Back to in progress";
  if (to === "IN_PROGRESS" && from === "REJECTED") return "Start rework";
  if (to === "IN_PROGRESS" && from === "WAITING_ON_CLIENT") return "Client answered: resume";
  if (to === "NOT_STARTED" && from === "REQUESTED") return "Accept request";
  return DELIVERABLE_TRANSITION_LABELS[to];
}

export type MandateStatusKey = keyof typeof MANDATE_STATUS_LABELS;

/** Effort in minutes as the hours the forms and tables show ("1.5"), blank when not recorded. */
export const effortHours = (minutes: number | null | undefined) => (minutes === null || minutes === undefined ? "" : String(Math.round((minutes / 60) * 100) / 100));
