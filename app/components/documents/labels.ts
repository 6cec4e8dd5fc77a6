/** Words the library shows for the documents domain's enums. */
export const KIND_LABELS = {
  PLAYBOOK: "Playbook",
  TOOLKIT: "Toolkit",
  TEMPLATE: "Template",
  PRECEDENT: "Precedent",
} as const;

/** A document's status, and also its draft's state in the publishing workflow (ADR 012). */
export const STATUS_LABELS = {
  DRAFT: "Draft",
  IN_REVIEW: "In review",
  PUBLISHED: "Published",
  ARCHIVED: "Archived",
} as const;

export const VISIBILITY_LABELS = {
  INTERNAL: "Internal — our team only",
  SHARED: "Shared — also the client organisations chosen below",
} as const;

export const REASON_LABELS = {
  MANUAL: "Saved",
  PUBLISH: "Published",
  RESTORE: "Before a restore",
  REVIEW: "Submitted for review",
} as const;

export const MAINTAINED_LABELS = {
  NEVER_REVIEWED: "Never reviewed",
  MAINTAINED: "Maintained",
  DUE_SOON: "Review due soon",
  OVERDUE: "Review overdue",
} as const;

export const DECISION_LABELS = {
  APPROVED: "Approved",
  CHANGES_REQUESTED: "Changes requested",
} as const;

export type KindKey = keyof typeof KIND_LABELS;
export type StatusKey = keyof typeof STATUS_LABELS;

export const optionsOf = <K extends string>(labels: Record<K, string>) =>
  (Object.keys(labels) as K[]).map((value) => ({ value, label: labels[value] }));

export { formatDate } from "~/utils/format";

/** Promote to precedent (server/documents/promotion.ts). */
export const PROMOTION_STATUS_LABELS = {
  PENDING: "Waiting for a knowledge lawyer's approval",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  WITHDRAWN: "Withdrawn",
} as const;

/** What kind of identifying term the sanitiser found (server/documents/sanitise.ts). */
export const TERM_CATEGORY_LABELS = {
  CLIENT: "Client",
  COUNTERPARTY: "Counterparty",
  NAME: "Person",
  EMAIL: "Email address",
  PHONE: "Phone number",
  AMOUNT: "Amount",
  DATE: "Date",
  REFERENCE: "Reference",
  OTHER: "Added by hand",
} as const;
