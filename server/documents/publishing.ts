import { recordAuditEvent } from "../audit/service.ts";
import { can } from "../auth/policy.ts";
import { loadViewer, type Viewer } from "../auth/viewer.ts";
import { REVIEWS_DUE_SOON_DAYS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, conflict, forbidden, invalid } from "../errors.ts";
import { parseInput } from "../validation.ts";
import { holdsOwnerRole, loadApprovalPolicies, missingApprovals, policyFor } from "./approval-policy.ts";
import { deriveSections } from "./derive.ts";
import { blocksFromJson, diffDocuments } from "./diff.ts";
import { readableDocumentsWhere, type DocumentResource } from "./policy.ts";
import { isDueWithin, maintenanceOf } from "./review-due.ts";
import { PublishSchema, ReviewDecisionSchema, ReviewSubmitSchema, ReviewsDueQuerySchema, type DocumentKind, type DocumentStatus } from "./schema.ts";
import type { DocumentStateStore } from "./state-store.ts";
import { contentWithoutSuggestions, countSuggestionsInJson } from "./suggestions.ts";
import { refreshVersionInForce, scheduledVersions, versionInForce } from "./in-force.ts";
import { contentHash, insertVersion, snapshotOf } from "./versions.ts";
import { allowedMoves, assertMove, statusFor, workflowStateOf, type WorkflowActor, type WorkflowMove, type WorkflowState } from "./workflow.ts";

/**
 * The publishing workflow (ADR 012): review requests with named reviewers, their decisions,
 * publication as a version with an effective date, archive and restore. The moves come from
 * workflow.ts; who may make them from `can()`; every move is one transaction with its audit event.
 *
 * Reviews are bound to the text (ADR 018): submitting freezes a REVIEW version with a content
 * hash; reviewers approve that snapshot; publishing publishes exactly it, while editors keep
 * editing the next draft. The approval policy says how many approvals are enough. Only a
 * publication through an approved review (or an admin's reasoned override) counts as a review
 * for maintenance and sets "law stated as at".
 */

type WorkflowDocument = {
  id: string;
  organizationId: string;
  status: DocumentStatus;
  publishedVersionId: string | null;
  lastReviewedAt: Date | null;
  lawStatedAt: Date | null;
  reviewIntervalMonths: number | null;
  contentJson: unknown;
  kind: DocumentKind;
  practiceArea: string | null;
  ownerRole: string | null;
};

type VersionContent = { ydocState: Uint8Array; contentJson: unknown; contentText: string };

export type PublishingDeps = {
  db: Db;
  store: DocumentStateStore;
  /** The document service's access check: 404 unreadable, 403 readable but not this action. */
  requireDocument: (viewer: Viewer, id: unknown, action: "read" | "update") => Promise<{ doc: WorkflowDocument; resource: DocumentResource }>;
  /**
   * After a committed move: search re-reads the document; toolkits and open sockets re-check
   * access when `status` changed (a later publication changes content, not who may read).
   */
  afterMove: (documentId: string, statusChanged: boolean) => Promise<void>;
};

const PERSON = { select: { id: true, name: true } } as const;
const REVIEW_INCLUDE = {
  requestedBy: PERSON,
  // contentJson: the snapshot's open suggestions are counted for the review (ADR 032); it is not presented.
  version: { select: { id: true, number: true, contentHash: true, createdAt: true, contentJson: true } },
  assignments: { include: { reviewer: PERSON }, orderBy: { reviewer: { name: "asc" } } },
} as const satisfies Prisma.ReviewRequestInclude;


/** Why a publication had no approved review, when the service itself publishes (creation, import). */
export const PUBLISHED_WITHOUT_REVIEW = "Published directly (created or imported as published), without a review.";

/** Midnight UTC starting the day of `at`: an effective date before it is back-dated (ADR 017). */
const startOfUtcDay = (at: Date) => new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));

export function createPublishing({ db, store, requireDocument, afterMove }: PublishingDeps) {
  /**
   * A publication in force or scheduled. A document whose first publication takes effect later
   * rests on PUBLISHED (not DRAFT) when a review ends, though clients read it only from that day.
   */
  const hasPublication = async (doc: WorkflowDocument) =>
    !!doc.publishedVersionId || (await scheduledVersions(db, doc.id, new Date())).length > 0;

  const openReviewOf = (documentId: string) =>
    db.reviewRequest.findFirst({ where: { documentId, status: "OPEN" }, include: REVIEW_INCLUDE, orderBy: { createdAt: "desc" } });

  /** The document, its open review, its workflow state, and the target of `move` (409 if the table refuses). */
  async function prepareMove(viewer: Viewer, id: unknown, move: WorkflowMove) {
    const { doc, resource } = await requireDocument(viewer, id, "read");
    const review = await openReviewOf(doc.id);
    const from = workflowStateOf(doc.status, !!review);
    const to = assertMove(move, from, await hasPublication(doc));
    return { doc, resource, review, from, to };
  }

  function requireEditor(viewer: Viewer, resource: DocumentResource) {
    if (!can(viewer, "update", resource)) throw forbidden("Only the provider's editors and admins can do that.");
  }
  function requireAdmin(viewer: Viewer, resource: DocumentResource, what: string) {
    if (!can(viewer, "administer", resource)) throw forbidden(`Only an admin of the provider can ${what}.`);
  }

  /** Job titles of members of `organizationId` (for the owner-role requirement). */
  async function titlesOf(organizationId: string, userIds: string[]) {
    const rows = await db.membership.findMany({ where: { organizationId, userId: { in: userIds } }, select: { userId: true, title: true } });
    return new Map(rows.map((r) => [r.userId, r.title]));
  }

  /** The approval policy for `doc` and what its open review still lacks under it. */
  async function approvalStatus(doc: WorkflowDocument, review: NonNullable<Awaited<ReturnType<typeof openReviewOf>>> | null) {
    const policy = policyFor(await loadApprovalPolicies(db, doc.organizationId), doc);
    if (!review) return { policy, pending: [], missing: ["a review"] };
    const titles = await titlesOf(doc.organizationId, review.assignments.map((a) => a.reviewer.id));
    const reviewers = review.assignments.map((a) => ({
      name: a.reviewer.name,
      title: titles.get(a.reviewer.id) ?? null,
      // An approval counts for the snapshot it was given on, never for a later one.
      approved: a.decision === "APPROVED" && !!review.versionId && a.approvedVersionId === review.versionId,
    }));
    return { policy, ...missingApprovals(policy, { reviewers }, doc.ownerRole) };
  }

  /** Freezes the current draft as a REVIEW version: the text reviewers see and approve. */
  async function freezeSnapshot(tx: Prisma.TransactionClient, viewer: Viewer, snapshot: Awaited<ReturnType<typeof snapshotOf>>, documentId: string) {
    return insertVersion(tx, {
      documentId,
      name: undefined,
      reason: "REVIEW",
      ydocState: snapshot.ydocState,
      contentJson: snapshot.derived.json,
      contentText: snapshot.derived.text,
      createdById: viewer.id,
    });
  }

  /** Closes the open review once: a second, concurrent move finds it closed and changes nothing. */
  async function closeReview(tx: Prisma.TransactionClient, reviewId: string, status: "PUBLISHED" | "CHANGES_REQUESTED" | "WITHDRAWN", versionId?: string | null) {
    // With `versionId`: only while that snapshot is still the one under review.
    const where = { id: reviewId, status: "OPEN" as const, ...(versionId !== undefined ? { versionId } : {}) };
    const closed = await tx.reviewRequest.updateMany({ where, data: { status, closedAt: new Date() } });
    if (closed.count !== 1) throw conflict("review_changed", "The review changed meanwhile. Reload and try again.");
  }

  async function move(
    viewer: Viewer,
    doc: WorkflowDocument,
    change: { move: WorkflowMove; from: WorkflowState; to: WorkflowState; data?: Record<string, unknown> },
    write: (tx: Prisma.TransactionClient) => Promise<unknown>,
  ) {
    const status = statusFor(change.to, await hasPublication(doc));
    await db.$transaction(async (tx) => {
      await write(tx);
      if (status !== doc.status) await tx.document.update({ where: { id: doc.id }, data: { status } });
      await recordAuditEvent(tx, {
        organizationId: doc.organizationId,
        actorId: viewer.id,
        action: `document.${AUDIT_ACTIONS[change.move]}`,
        targetType: "document",
        targetId: doc.id,
        data: { before: { state: change.from, status: doc.status }, after: { state: change.to, status }, ...change.data } as Prisma.InputJsonValue,
      });
    });
    await afterMove(doc.id, status !== doc.status);
  }

  /**
   * Stores `content` as the published version (effective `effectiveAt`) and makes it the one
   * readers see. Inside the caller's transaction, so the version, the pointer and the closed
   * review are one change. Only a real review (`lawStatedAt` given) counts for maintenance.
   * A published version never holds an open suggestion: each is rejected in what is stored (ADR 032).
   */
  async function recordPublication(
    tx: Prisma.TransactionClient,
    viewer: Viewer,
    documentId: string,
    content: VersionContent,
    options: { effectiveAt?: Date; reviewRequestId?: string; overrideReason?: string; backdateReason?: string; lawStatedAt?: Date },
  ) {
    const now = new Date();
    const version = await insertVersion(tx, {
      documentId,
      name: undefined,
      reason: "PUBLISH",
      ...contentWithoutSuggestions(content),
      createdById: viewer.id,
      effectiveAt: options.effectiveAt ?? startOfUtcDay(now),
      reviewRequestId: options.reviewRequestId ?? null,
      publishOverrideReason: options.overrideReason ?? null,
      backdateReason: options.backdateReason ?? null,
    });
    if (options.lawStatedAt) await tx.document.update({ where: { id: documentId }, data: { lastReviewedAt: now, lawStatedAt: options.lawStatedAt } });
    // A publication dated in the future is scheduled: the pointer keeps the version in force today.
    await refreshVersionInForce(tx, documentId, now);
    return version;
  }

  /**
   * Whether the live draft has moved on from the text under review ("changed since submitted"),
   * with the redline from the snapshot to the draft, and the approval policy's verdict.
   */
  async function snapshotStatus(doc: WorkflowDocument, review: NonNullable<Awaited<ReturnType<typeof openReviewOf>>>) {
    const [version, approvals] = await Promise.all([
      review.versionId ? db.documentVersion.findUnique({ where: { id: review.versionId }, select: { contentJson: true } }) : null,
      approvalStatus(doc, review),
    ]);
    const changed = !!version && !!review.version && contentHash(doc.contentJson) !== review.version.contentHash;
    return {
      version: review.version,
      changedSinceSubmitted: changed,
      redline: changed && version ? diffDocuments(blocksFromJson(version.contentJson), blocksFromJson(doc.contentJson)) : null,
      policy: approvals.policy,
      ownerRole: doc.ownerRole,
      missing: approvals.missing,
    };
  }

  const publishing = {
    /** The workflow panel: state, live version, open review, review due date, and the moves this viewer may make. */
    async getWorkflow(viewer: Viewer, id: unknown) {
      const { doc, resource } = await requireDocument(viewer, id, "read");
      const [review, published, lastClosed, scheduled] = await Promise.all([
        openReviewOf(doc.id),
        doc.publishedVersionId
          ? db.documentVersion.findUnique({
              where: { id: doc.publishedVersionId },
              select: {
                id: true,
                number: true,
                createdAt: true,
                effectiveAt: true,
                publishOverrideReason: true,
                backdateReason: true,
                contentJson: true,
                createdBy: PERSON,
                reviewRequest: { include: REVIEW_INCLUDE },
              },
            })
          : null,
        db.reviewRequest.findFirst({
          where: { documentId: doc.id, status: { in: ["CHANGES_REQUESTED", "WITHDRAWN"] } },
          include: REVIEW_INCLUDE,
          orderBy: { closedAt: "desc" },
        }),
        scheduledVersions(db, doc.id, new Date()),
      ]);
      const state = workflowStateOf(doc.status, !!review);
      const roles = new Set<WorkflowActor>();
      const editor = can(viewer, "update", resource);
      if (editor) roles.add("editor");
      if (can(viewer, "administer", resource)) roles.add("admin");
      // Only editors and admins decide (ADR 018); a viewer named before that rule sees no buttons.
      if (editor && review?.assignments.some((a) => a.reviewer.id === viewer.id && !a.decision)) roles.add("reviewer");
      const readsDraft = can(viewer, "readDraft", resource);
      const staff = can(viewer, "review", resource);
      const { dueAt, maintained } =
        doc.status === "PUBLISHED" ? maintenanceOf(doc.lastReviewedAt, doc.reviewIntervalMonths, new Date(), REVIEWS_DUE_SOON_DAYS) : { dueAt: null, maintained: null };
      return {
        /** Provider staff see the draft's state and the reviews; others only what is live. */
        staff,
        state,
        /** The review's snapshot against the live draft, and what approvals are still missing: staff only. */
        snapshot: staff && review ? await snapshotStatus(doc, review) : null,
        status: doc.status,
        review,
        // What reviewers said last time it went back to draft: staff only, like the drafts themselves.
        lastClosedReview: readsDraft && state !== "IN_REVIEW" && lastClosed && (!published || lastClosed.createdAt > published.createdAt) ? lastClosed : null,
        published,
        /** Publications dated later, soonest first: "v6 takes effect on 1 March 2027". */
        scheduled,
        // Only those who see the draft learn that it differs from what is live.
        draftChanges: readsDraft && !!published && JSON.stringify(published.contentJson) !== JSON.stringify(doc.contentJson),
        /** Open suggestions in the live draft (staff who see it): left out when it is published (ADR 032). */
        draftSuggestions: readsDraft ? countSuggestionsInJson(doc.contentJson) : 0,
        lastReviewedAt: doc.lastReviewedAt,
        lawStatedAt: doc.lawStatedAt,
        reviewIntervalMonths: doc.reviewIntervalMonths,
        reviewDueAt: dueAt,
        maintained,
        allowedMoves: allowedMoves(state, roles),
      };
    },

    /** The provider's editors and admins, who can be named as reviewers (the picker), by name, with their job titles. */
    async listReviewerCandidates(viewer: Viewer, id: unknown) {
      const { doc, resource } = await requireDocument(viewer, id, "update");
      requireEditor(viewer, resource);
      const members = await db.membership.findMany({
        where: { organizationId: doc.organizationId, role: { in: ["ADMIN", "EDITOR"] } },
        select: { role: true, title: true, user: PERSON },
        orderBy: { user: { name: "asc" } },
      });
      return members.map((m) => ({ id: m.user.id, name: m.user.name, role: m.role, title: m.title }));
    },

    /**
     * Submits the draft to named reviewers (at least one besides the submitter, each an editor or
     * admin of the provider who can read it, enough to meet the approval policy) and freezes it
     * as the snapshot under review.
     */
    async submitForReview(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(ReviewSubmitSchema, raw);
      const { doc, resource, from, to } = await prepareMove(viewer, id, "submit");
      requireEditor(viewer, resource);
      const issues = [];
      for (const [index, reviewerId] of input.reviewerIds.entries()) {
        const reviewer = reviewerId === viewer.id ? viewer : await loadViewer(db, reviewerId);
        if (!reviewer || !can(reviewer, "read", resource) || !can(reviewer, "update", resource)) {
          issues.push({ path: `reviewerIds.${index}`, message: "Reviewers are the provider's editors and admins who can read the document." });
        }
      }
      if (!input.reviewerIds.some((r) => r !== viewer.id)) {
        issues.push({ path: "reviewerIds", message: "Name at least one reviewer besides yourself." });
      }
      const policy = policyFor(await loadApprovalPolicies(db, doc.organizationId), doc);
      if (policy.requiredApprovals && input.reviewerIds.length < policy.requiredApprovals) {
        issues.push({ path: "reviewerIds", message: `This document needs ${policy.requiredApprovals} approvals: name at least ${policy.requiredApprovals} reviewers.` });
      }
      if (policy.ownerRoleRequired) {
        const titles = await titlesOf(doc.organizationId, input.reviewerIds);
        if (!input.reviewerIds.some((r) => holdsOwnerRole(titles.get(r), doc.ownerRole))) {
          issues.push({
            path: "reviewerIds",
            message: doc.ownerRole
              ? `Name a reviewer who holds the owner role (${doc.ownerRole}).`
              : "Its approval policy needs the owner role among the approvers, and the document names none: set its owner role first.",
          });
        }
      }
      if (issues.length) throw invalid(issues);
      const snapshot = await snapshotOf(store, doc.id);
      await move(viewer, doc, { move: "submit", from, to, data: { reviewerIds: input.reviewerIds } }, async (tx) => {
        const version = await freezeSnapshot(tx, viewer, snapshot, doc.id);
        await tx.reviewRequest.create({
          data: {
            documentId: doc.id,
            requestedById: viewer.id,
            message: input.message,
            versionId: version.id,
            assignments: { create: input.reviewerIds.map((reviewerId) => ({ reviewerId })) },
          },
        });
      });
      return publishing.getWorkflow(viewer, doc.id);
    },

    /**
     * Replaces the text under review with the current draft: the reviewers see the new
     * snapshot, and every decision so far is reset (the audit event names whose).
     */
    async replaceSnapshot(viewer: Viewer, id: unknown) {
      const { doc, resource, review, from, to } = await prepareMove(viewer, id, "replace_snapshot");
      requireEditor(viewer, resource);
      if (!review) throw conflict("review_changed", "There is no open review to replace the text of.");
      const snapshot = await snapshotOf(store, doc.id);
      if (review.version && contentHash(snapshot.derived.json) === review.version.contentHash) {
        throw conflict("snapshot_unchanged", "The draft is the text the reviewers already have.");
      }
      const reset = review.assignments.filter((a) => a.decision).map((a) => a.reviewer.id);
      await move(viewer, doc, { move: "replace_snapshot", from, to, data: { reviewRequestId: review.id, previousVersionId: review.versionId, decisionsReset: reset } }, async (tx) => {
        const version = await freezeSnapshot(tx, viewer, snapshot, doc.id);
        const replaced = await tx.reviewRequest.updateMany({ where: { id: review.id, status: "OPEN", versionId: review.versionId }, data: { versionId: version.id } });
        if (replaced.count !== 1) throw conflict("review_changed", "The review changed meanwhile. Reload and try again.");
        await tx.reviewAssignment.updateMany({
          where: { reviewRequestId: review.id },
          data: { decision: null, comment: "", decidedAt: null, approvedVersionId: null },
        });
      });
      return publishing.getWorkflow(viewer, doc.id);
    },

    /** A named reviewer approves, or requests changes (which sends the draft back). Once per review. */
    async decide(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(ReviewDecisionSchema, raw);
      const moveName = input.decision === "approve" ? "approve" : "request_changes";
      const { doc, resource, review, from, to } = await prepareMove(viewer, id, moveName);
      const assignment = review?.assignments.find((a) => a.reviewer.id === viewer.id);
      if (!review || !assignment) throw forbidden("Only the reviewers named on this review can decide on it.");
      if (!can(viewer, "update", resource)) throw forbidden("Only the provider's editors and admins can decide on a review.");
      if (assignment.decision) throw conflict("already_decided", "You have already decided on this review.");
      await move(viewer, doc, { move: moveName, from, to, data: { reviewRequestId: review.id, versionId: review.versionId, comment: input.comment } }, async (tx) => {
        const decided = await tx.reviewAssignment.updateMany({
          where: { reviewRequestId: review.id, reviewerId: viewer.id, decision: null, reviewRequest: { versionId: review.versionId } },
          data: {
            decision: input.decision === "approve" ? "APPROVED" : "CHANGES_REQUESTED",
            comment: input.comment,
            decidedAt: new Date(),
            // The snapshot the reviewer saw: an approval is of this text and no other.
            approvedVersionId: input.decision === "approve" ? review.versionId : null,
          },
        });
        if (decided.count !== 1) throw conflict("already_decided", "You have already decided on this review.");
        if (moveName === "request_changes") await closeReview(tx, review.id, "CHANGES_REQUESTED");
      });
      return publishing.getWorkflow(viewer, doc.id);
    },

    /** The submitter (or any editor) takes the draft back out of review. */
    async withdraw(viewer: Viewer, id: unknown) {
      const { doc, resource, review, from, to } = await prepareMove(viewer, id, "withdraw");
      requireEditor(viewer, resource);
      await move(viewer, doc, { move: "withdraw", from, to, data: { reviewRequestId: review?.id ?? null } }, async (tx) => {
        if (review) await closeReview(tx, review.id, "WITHDRAWN");
      });
      return publishing.getWorkflow(viewer, doc.id);
    },

    /**
     * Publishes the reviewed draft as a new version, effective from `effectiveDate` (default:
     * now). Every named reviewer must have approved; an admin may publish without that by
     * giving a reason, which is kept on the version and in the audit trail.
     */
    async publish(viewer: Viewer, id: unknown, raw: unknown) {
      const input = parseInput(PublishSchema, raw);
      const { doc, resource, review, from, to } = await prepareMove(viewer, id, "publish");
      requireEditor(viewer, resource);
      const { pending, missing } = await approvalStatus(doc, review);
      const approved = !!review && missing.length === 0;
      if (!approved) {
        if (!can(viewer, "administer", resource)) {
          throw new AppError(
            409,
            "approvals_missing",
            review ? `Publishing this document needs ${missing.join(" and ")}.` : "This draft has no review to approve it.",
            { pending, missing },
          );
        }
        if (!input.overrideReason) {
          throw invalid([{ path: "overrideReason", message: `The approvals are not complete (it needs ${missing.join(" and ")}): give the reason for publishing anyway.` }]);
        }
      }
      // Dating a publication before today rewrites what was in force on days already past.
      const now = new Date();
      const backdated = !!input.effectiveDate && input.effectiveDate < startOfUtcDay(now);
      if (backdated) {
        if (!can(viewer, "administer", resource)) throw forbidden("Only an admin can date a publication before today.");
        if (!input.backdateReason) {
          const message = "The effective date is before today: give the reason for back-dating it.";
          throw new AppError(422, "backdate_reason_required", message, { issues: [{ path: "backdateReason", message }] });
        }
        // Dated before the version in force took effect, it would never be in force today: refused, not silently ignored.
        const current = await versionInForce(db, doc.id, now);
        if (current && input.effectiveDate! < current.effectiveAt) {
          throw new AppError(
            409,
            "effective_date_superseded",
            `Version ${current.number} is in force from ${current.effectiveAt.toISOString().slice(0, 10)}: date this publication on or after that day.`,
            { inForce: { number: current.number, effectiveAt: current.effectiveAt.toISOString() } },
          );
        }
      }
      const backdateReason = backdated ? input.backdateReason : undefined;
      // Effective dates are days (UTC midnight), today by default: two publications of one day are ordered by number.
      const effectiveAt = input.effectiveDate ?? startOfUtcDay(now);
      // Exactly the text under review; only an admin's override without a snapshot publishes the live draft.
      const content: VersionContent | null = review?.versionId
        ? await db.documentVersion.findUnique({ where: { id: review.versionId }, select: { ydocState: true, contentJson: true, contentText: true } })
        : null;
      const live = content ? null : await snapshotOf(store, doc.id);
      const overrideReason = approved ? undefined : input.overrideReason;
      const lastApproval = review?.assignments.reduce<Date | null>((last, a) => (a.decidedAt && (!last || a.decidedAt > last) ? a.decidedAt : last), null);
      // "Law stated as at": the publisher's date, else the day of the last approval (an override: today).
      const lawStatedAt = input.lawStatedAt ?? startOfUtcDay(approved && lastApproval ? lastApproval : new Date());
      let versionId = "";
      await move(
        viewer,
        doc,
        {
          move: "publish",
          from,
          to,
          data: {
            effectiveAt: effectiveAt.toISOString(),
            overrideReason: overrideReason ?? null,
            backdateReason: backdateReason ?? null,
            reviewVersionId: review?.versionId ?? null,
            lawStatedAt: lawStatedAt.toISOString(),
          },
        },
        async (tx) => {
          if (review) await closeReview(tx, review.id, "PUBLISHED", review.versionId);
          const version = await recordPublication(tx, viewer, doc.id, content ?? { ydocState: live!.ydocState, contentJson: live!.derived.json, contentText: live!.derived.text }, {
            effectiveAt,
            reviewRequestId: review?.id,
            overrideReason,
            backdateReason,
            lawStatedAt,
          });
          versionId = version.id;
        },
      );
      return { versionId, workflow: await publishing.getWorkflow(viewer, doc.id) };
    },

    async archive(viewer: Viewer, id: unknown) {
      const { doc, resource, review, from, to } = await prepareMove(viewer, id, "archive");
      requireAdmin(viewer, resource, "archive a document");
      await move(viewer, doc, { move: "archive", from, to }, async (tx) => {
        if (review) await closeReview(tx, review.id, "WITHDRAWN");
      });
      return publishing.getWorkflow(viewer, doc.id);
    },

    /** Back from the archive: published again if it had a published version, else a draft. */
    async restore(viewer: Viewer, id: unknown) {
      const { doc, resource, from, to } = await prepareMove(viewer, id, "restore");
      requireAdmin(viewer, resource, "restore a document from the archive");
      await move(viewer, doc, { move: "restore", from, to }, async () => {});
      return publishing.getWorkflow(viewer, doc.id);
    },

    /**
     * A status set without the workflow (create or PATCH with `status`: the library import, an
     * admin): PUBLISHED records a version marked as published without review; leaving PUBLISHED
     * for a draft state unpublishes; any open review is withdrawn. The caller checked the policy.
     */
    async afterDirectStatusSet(viewer: Viewer, documentId: string, status: DocumentStatus) {
      const snapshot = status === "PUBLISHED" ? await snapshotOf(store, documentId) : undefined;
      await db.$transaction(async (tx) => {
        await tx.reviewRequest.updateMany({ where: { documentId, status: "OPEN" }, data: { status: "WITHDRAWN", closedAt: new Date() } });
        // Not a review: the document stays "Never reviewed" (or keeps its last real review).
        if (snapshot) {
          const content = { ydocState: snapshot.ydocState, contentJson: snapshot.derived.json, contentText: snapshot.derived.text };
          await recordPublication(tx, viewer, documentId, content, { overrideReason: PUBLISHED_WITHOUT_REVIEW });
        }
        else if (status !== "ARCHIVED") {
          // Unpublished: every publication, in force or scheduled, is withdrawn from now on.
          const now = new Date();
          await tx.documentVersion.updateMany({ where: { documentId, reason: "PUBLISH", withdrawnAt: null }, data: { withdrawnAt: now } });
          await refreshVersionInForce(tx, documentId, now);
        }
      });
    },

    /**
     * The content a viewer reads: for those who may not see drafts (clients, viewers) the
     * version in force now (the pointer is versionInForce's cached answer, ADR 017), while there
     * is one; null means the live document's own.
     */
    async readerContent(viewer: Viewer, doc: WorkflowDocument, resource: DocumentResource) {
      if (!doc.publishedVersionId || can(viewer, "readDraft", resource)) return null;
      const version = await db.documentVersion.findUnique({
        where: { id: doc.publishedVersionId },
        select: { contentJson: true, contentText: true, createdAt: true },
      });
      if (!version) return null;
      return {
        contentJson: version.contentJson,
        contentText: version.contentText,
        sections: deriveSections(version.contentJson as Parameters<typeof deriveSections>[0]),
        derivedAt: version.createdAt,
      };
    },

    /** Open reviews naming this viewer that still wait for their decision, oldest first. */
    async listAssignedToMe(viewer: Viewer) {
      return db.reviewRequest.findMany({
        where: {
          status: "OPEN",
          assignments: { some: { reviewerId: viewer.id, decision: null } },
          document: { AND: [readableDocumentsWhere(viewer), { status: { not: "ARCHIVED" } }] },
        },
        include: { ...REVIEW_INCLUDE, document: { select: { id: true, title: true, kind: true, status: true } } },
        orderBy: { createdAt: "asc" },
      });
    },

    /**
     * Published documents of the viewer's own organisations never reviewed, or whose review is
     * due within `withinDays` or overdue, soonest first. The provider's team only: maintenance is not a
     * client's business, and a client's list would otherwise reveal documents' schedules.
     */
    async listReviewsDue(viewer: Viewer, raw: unknown) {
      const { withinDays } = parseInput(ReviewsDueQuerySchema, raw);
      const staffOrgs = viewer.memberships.filter((m) => m.role !== "CLIENT").map((m) => m.organizationId);
      if (!staffOrgs.length) throw forbidden("Review schedules are for the provider's team.");
      const rows = await db.document.findMany({
        // Never reviewed documents need a review whatever their interval.
        where: { AND: [readableDocumentsWhere(viewer), { organizationId: { in: staffOrgs }, status: "PUBLISHED", OR: [{ reviewIntervalMonths: { not: null } }, { lastReviewedAt: null }] }] },
        select: {
          id: true,
          title: true,
          kind: true,
          ownerRole: true,
          reviewIntervalMonths: true,
          lastReviewedAt: true,
          lawStatedAt: true,
          owner: PERSON,
          publishedVersion: { select: { number: true, createdAt: true, effectiveAt: true } },
        },
      });
      const now = new Date();
      return rows
        .flatMap((row) => {
          const { dueAt, maintained } = maintenanceOf(row.lastReviewedAt, row.reviewIntervalMonths, now, REVIEWS_DUE_SOON_DAYS);
          if (maintained !== "NEVER_REVIEWED" && (!dueAt || !isDueWithin(dueAt, now, withinDays))) return [];
          return [{ ...row, dueAt, maintained: maintained! }];
        })
        // Never reviewed first, then soonest due.
        .sort((a, b) => (a.dueAt?.getTime() ?? -Infinity) - (b.dueAt?.getTime() ?? -Infinity) || a.title.localeCompare(b.title));
    },
  };
  return publishing;
}

const AUDIT_ACTIONS: Record<WorkflowMove, string> = {
  submit: "review_requested",
  replace_snapshot: "review_snapshot_replaced",
  approve: "review_approved",
  request_changes: "review_changes_requested",
  withdraw: "review_withdrawn",
  publish: "published",
  archive: "archived",
  restore: "unarchived",
};

export type Publishing = ReturnType<typeof createPublishing>;
