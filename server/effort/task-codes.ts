/**
 * What a time entry was spent on: a short fixed list, so effort can be compared across
 * mandates (ADR 039). Changing it is a code change on purpose: a code in use must stay here.
 */
export const TASK_CODES = {
  drafting: "Drafting",
  review: "Review",
  negotiation: "Negotiation",
  call: "Call or meeting",
  research: "Research",
  admin: "Administration",
  /** Also what effort typed on a deliverable before time entries was migrated as. */
  other: "Other",
} as const;

export type TaskCode = keyof typeof TASK_CODES;
export const TASK_CODE_KEYS = Object.keys(TASK_CODES) as [TaskCode, ...TaskCode[]];
