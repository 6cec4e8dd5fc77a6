/** Words the UI shows for the mandates domain's enums (as documents/labels.ts does for documents). */
export const DELIVERABLE_STATUS_LABELS = {
  NOT_STARTED: "Not started",
  IN_PROGRESS: "In progress",
  IN_REVIEW: "In review",
  DELIVERED: "Delivered",
  ACCEPTED: "Accepted",
  REJECTED: "Rejected",
} as const;

export const PRICING_MODEL_LABELS = {
  FIXED_PER_DELIVERABLE: "Fixed per deliverable",
  FIXED_PER_PERIOD: "Fixed per period",
  CAPPED: "Capped",
} as const;

export type DeliverableStatusKey = keyof typeof DELIVERABLE_STATUS_LABELS;
export type PricingModelKey = keyof typeof PRICING_MODEL_LABELS;
