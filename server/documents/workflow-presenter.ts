import { countSuggestionsInJson } from "../../app/editor/suggestions.ts";
import { presentDiff } from "./presenter.ts";
import type { Publishing } from "./publishing.ts";

/**
 * What leaves the server about the publishing workflow (ADR 012). Fields are listed, never
 * spread. Review comments and the draft's state are staff matters: a client sees only what is
 * live (the version, its effective date, whether it is maintained).
 */

type Person = { id: string; name: string } | null;
const person = (p: Person) => (p ? { id: p.id, name: p.name } : null);
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

type ReviewRow = {
  id: string;
  status: "OPEN" | "PUBLISHED" | "CHANGES_REQUESTED" | "WITHDRAWN";
  message: string;
  createdAt: Date;
  closedAt: Date | null;
  requestedBy: Person;
  versionId: string | null;
  version: { id: string; number: number; contentHash: string | null; createdAt: Date; contentJson?: unknown } | null;
  assignments: {
    reviewer: { id: string; name: string };
    decision: "APPROVED" | "CHANGES_REQUESTED" | null;
    comment: string;
    decidedAt: Date | null;
    approvedVersionId: string | null;
  }[];
};

export function presentReview(review: ReviewRow) {
  return {
    id: review.id,
    status: review.status,
    message: review.message,
    requestedBy: person(review.requestedBy),
    createdAt: review.createdAt.toISOString(),
    closedAt: iso(review.closedAt),
    /** The snapshot under review (ADR 018): the text the reviewers approve and publishing publishes. */
    snapshot: review.version
      ? {
          versionId: review.version.id,
          number: review.version.number,
          contentHash: review.version.contentHash,
          submittedAt: review.version.createdAt.toISOString(),
          /** Open suggestions in the text under review: publishing leaves them out (ADR 032). */
          openSuggestions: countSuggestionsInJson(review.version.contentJson),
        }
      : null,
    reviewers: review.assignments.map((a) => ({
      id: a.reviewer.id,
      name: a.reviewer.name,
      decision: a.decision,
      comment: a.comment,
      decidedAt: iso(a.decidedAt),
      /** The snapshot this approval is of. */
      approvedVersionId: a.approvedVersionId,
    })),
  };
}
export type PresentedReview = ReturnType<typeof presentReview>;

type Workflow = Awaited<ReturnType<Publishing["getWorkflow"]>>;

export function presentWorkflow(w: Workflow) {
  const options = { staff: w.staff };
  const published = w.published
    ? {
        versionId: w.published.id,
        number: w.published.number,
        publishedAt: w.published.createdAt.toISOString(),
        effectiveAt: iso(w.published.effectiveAt ?? w.published.createdAt),
        ...(options.staff
          ? {
              publishedBy: person(w.published.createdBy),
              approvedBy: (w.published.reviewRequest?.assignments ?? [])
                .filter((a) => a.decision === "APPROVED")
                .map((a) => ({ id: a.reviewer.id, name: a.reviewer.name, decidedAt: iso(a.decidedAt) })),
              overrideReason: w.published.publishOverrideReason,
              backdateReason: w.published.backdateReason,
            }
          : {}),
      }
    : null;
  return {
    state: options.staff ? w.state : w.status,
    status: w.status,
    published,
    // Number and date only: what a scheduled version says is for readers from its day.
    scheduled: w.scheduled.map((v) => ({ number: v.number, effectiveAt: v.effectiveAt.toISOString() })),
    draftChanges: w.draftChanges,
    draftSuggestions: options.staff ? w.draftSuggestions : 0,
    review: options.staff && w.review ? presentReview(w.review) : null,
    /** Staff: whether the live draft changed since the snapshot was submitted, the redline, and the approval policy's verdict. */
    snapshot:
      options.staff && w.snapshot
        ? {
            changedSinceSubmitted: w.snapshot.changedSinceSubmitted,
            redline:
              w.snapshot.redline && w.snapshot.version
                ? presentDiff({
                    ...w.snapshot.redline,
                    from: { kind: "version", id: w.snapshot.version.id, number: w.snapshot.version.number, name: `Submitted for review (version ${w.snapshot.version.number})` },
                    to: { kind: "current" },
                  })
                : null,
            policy: { requiredApprovals: w.snapshot.policy.requiredApprovals, ownerRoleRequired: w.snapshot.policy.ownerRoleRequired, ownerRole: w.snapshot.ownerRole },
            missing: w.snapshot.missing,
          }
        : null,
    lastClosedReview: options.staff && w.lastClosedReview ? presentReview(w.lastClosedReview) : null,
    lastReviewedAt: iso(w.lastReviewedAt),
    lawStatedAt: iso(w.lawStatedAt),
    reviewIntervalMonths: w.reviewIntervalMonths,
    reviewDueAt: iso(w.reviewDueAt),
    maintained: w.maintained,
    allowedMoves: w.allowedMoves,
  };
}
export type PresentedWorkflow = ReturnType<typeof presentWorkflow>;

type AssignedRow = ReviewRow & { document: { id: string; title: string; kind: string; status: string } };

export function presentAssignedReview(row: AssignedRow) {
  return { ...presentReview(row), document: { id: row.document.id, title: row.document.title, kind: row.document.kind, status: row.document.status } };
}
export type PresentedAssignedReview = ReturnType<typeof presentAssignedReview>;

type DueRow = Awaited<ReturnType<Publishing["listReviewsDue"]>>[number];

export function presentReviewDue(row: DueRow) {
  return {
    document: { id: row.id, title: row.title, kind: row.kind },
    owner: person(row.owner),
    ownerRole: row.ownerRole,
    reviewIntervalMonths: row.reviewIntervalMonths,
    lastReviewedAt: iso(row.lastReviewedAt),
    lawStatedAt: iso(row.lawStatedAt),
    lastPublishedAt: iso(row.publishedVersion?.createdAt),
    publishedVersionNumber: row.publishedVersion?.number ?? null,
    /** null while never reviewed. */
    dueAt: iso(row.dueAt),
    maintained: row.maintained,
  };
}
export type PresentedReviewDue = ReturnType<typeof presentReviewDue>;
