/** What the client reads of a request's progress (server/requests/presenter.ts clientStageOf). */
export const STAGE_LABELS = {
  requested: "Requested",
  in_progress: "Accepted · in progress",
  waiting_on_you: "Waiting on you",
  delivered: "Delivered · awaiting your answer",
  rework: "Rejected · being reworked",
  accepted: "Accepted",
  declined: "Declined",
} as const;
export type StageKey = keyof typeof STAGE_LABELS;

/** How an acceptance happened, as shown beside it. */
export const ACCEPTED_VIA_LABELS = {
  CLIENT: "Accepted by the client",
  DEEMED: "Deemed accepted",
  ON_BEHALF: "Accepted on the client's behalf",
} as const;
export type AcceptedViaKey = keyof typeof ACCEPTED_VIA_LABELS;

export const PRIORITY_LABELS = { LOW: "Low", NORMAL: "Normal", HIGH: "High", URGENT: "Urgent" } as const;

export const FIELD_LABELS = { description: "Description", priority: "Priority", counterparty: "Counterparty", desiredDate: "Desired date", attachments: "Attachments" } as const;
export type RequestFieldKey = keyof typeof FIELD_LABELS;
export const REQUEST_FIELD_KEYS = Object.keys(FIELD_LABELS) as RequestFieldKey[];
