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
  assignments: { reviewer: { id: string; name: string }; decision: "APPROVED" | "CHANGES_REQUESTED" | null; comment: string; decidedAt: Date | null }[];
};

export function presentReview(review: ReviewRow) {
  return {
    id: review.id,
    status: review.status,
    message: review.message,
    requestedBy: person(review.requestedBy),
    createdAt: review.createdAt.toISOString(),
    closedAt: iso(review.closedAt),
    reviewers: review.assignments.map((a) => ({
      id: a.reviewer.id,
      name: a.reviewer.name,
      decision: a.decision,
      comment: a.comment,
      decidedAt: iso(a.decidedAt),
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
    review: options.staff && w.review ? presentReview(w.review) : null,
    lastClosedReview: options.staff && w.lastClosedReview ? presentReview(w.lastClosedReview) : null,
    lastReviewedAt: iso(w.lastReviewedAt),
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
    lastPublishedAt: iso(row.publishedVersion?.createdAt),
    publishedVersionNumber: row.publishedVersion?.number ?? null,
    dueAt: row.dueAt.toISOString(),
    maintained: row.maintained,
  };
}
export type PresentedReviewDue = ReturnType<typeof presentReviewDue>;
