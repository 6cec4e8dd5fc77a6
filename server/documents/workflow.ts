import { AppError } from "../errors.ts";
import type { DocumentStatus } from "./schema.ts";

/**
 * The publishing workflow as data (ADR 012): which move is allowed from which state, who may
 * make it, and where it leads. The UI offers exactly these moves; the service refuses any
 * other with 409 invalid_transition.
 *
 * The workflow state is the draft's: a published document whose next draft is in review is
 * IN_REVIEW here while its `status` (what readers see) stays PUBLISHED.
 */

export const WORKFLOW_STATES = ["DRAFT", "IN_REVIEW", "PUBLISHED", "ARCHIVED"] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** Who may make a move: an editor of the document, one of its named reviewers, or an org admin. */
export type WorkflowActor = "editor" | "reviewer" | "admin";

/** "resting": back to PUBLISHED when a published version is live, else to DRAFT. */
type Target = WorkflowState | "resting";

export const WORKFLOW_MOVES = ["submit", "approve", "request_changes", "withdraw", "replace_snapshot", "publish", "archive", "restore"] as const;
export type WorkflowMove = (typeof WORKFLOW_MOVES)[number];

export const WORKFLOW_TRANSITIONS: Readonly<Record<WorkflowMove, { from: readonly WorkflowState[]; to: Target; actor: WorkflowActor }>> = {
  // A first draft, or the next draft of a published document (or its periodic review, unchanged).
  submit: { from: ["DRAFT", "PUBLISHED"], to: "IN_REVIEW", actor: "editor" },
  // Stays in review until every named reviewer approved; publishing is a separate, deliberate step.
  approve: { from: ["IN_REVIEW"], to: "IN_REVIEW", actor: "reviewer" },
  request_changes: { from: ["IN_REVIEW"], to: "resting", actor: "reviewer" },
  withdraw: { from: ["IN_REVIEW"], to: "resting", actor: "editor" },
  // The reviewers get the current draft as the text under review; every approval so far is reset (ADR 018).
  replace_snapshot: { from: ["IN_REVIEW"], to: "IN_REVIEW", actor: "editor" },
  // The approval policy is met (by default: every named reviewer approved), or an admin with a recorded reason.
  publish: { from: ["IN_REVIEW"], to: "PUBLISHED", actor: "editor" },
  archive: { from: ["DRAFT", "IN_REVIEW", "PUBLISHED"], to: "ARCHIVED", actor: "admin" },
  restore: { from: ["ARCHIVED"], to: "resting", actor: "admin" },
};

/** The draft's state from the stored status and whether a review request is open. */
export function workflowStateOf(status: DocumentStatus, hasOpenReview: boolean): WorkflowState {
  if (status === "ARCHIVED") return "ARCHIVED";
  if (hasOpenReview || status === "IN_REVIEW") return "IN_REVIEW";
  return status;
}

/** Where `move` leads from `from`, or null when the table does not allow it. */
export function targetOf(move: WorkflowMove, from: WorkflowState, hasPublishedVersion: boolean): WorkflowState | null {
  const rule = WORKFLOW_TRANSITIONS[move];
  if (!rule.from.includes(from)) return null;
  if (rule.to !== "resting") return rule.to;
  return hasPublishedVersion ? "PUBLISHED" : "DRAFT";
}

/**
 * The stored status for a workflow state: what readers see. While a published version is live
 * it stays PUBLISHED through the next draft's review.
 */
export function statusFor(state: WorkflowState, hasPublishedVersion: boolean): DocumentStatus {
  return state === "IN_REVIEW" && hasPublishedVersion ? "PUBLISHED" : state;
}

/** The moves `roles` may make from `from` (the UI's buttons). */
export function allowedMoves(from: WorkflowState, roles: ReadonlySet<WorkflowActor>): WorkflowMove[] {
  return WORKFLOW_MOVES.filter((move) => WORKFLOW_TRANSITIONS[move].from.includes(from) && roles.has(WORKFLOW_TRANSITIONS[move].actor));
}

/** The target of `move`, or 409 invalid_transition naming the moves the state allows. */
export function assertMove(move: WorkflowMove, from: WorkflowState, hasPublishedVersion: boolean): WorkflowState {
  const to = targetOf(move, from, hasPublishedVersion);
  if (to) return to;
  const allowed = WORKFLOW_MOVES.filter((m) => WORKFLOW_TRANSITIONS[m].from.includes(from));
  throw new AppError(
    409,
    "invalid_transition",
    `A document cannot ${MOVE_LABELS[move]} while it is ${STATE_LABELS[from]}; it can ${allowed.map((m) => MOVE_LABELS[m]).join(", ")}.`,
    { from, move, allowed },
  );
}

const MOVE_LABELS: Record<WorkflowMove, string> = {
  submit: "be submitted for review",
  approve: "be approved",
  request_changes: "have changes requested",
  withdraw: "be withdrawn from review",
  replace_snapshot: "have the text under review replaced",
  publish: "be published",
  archive: "be archived",
  restore: "be restored from the archive",
};

const STATE_LABELS: Record<WorkflowState, string> = {
  DRAFT: "a draft",
  IN_REVIEW: "in review",
  PUBLISHED: "published with no review open",
  ARCHIVED: "archived",
};
