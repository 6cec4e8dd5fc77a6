import { REVIEWS_DUE_SOON_DAYS } from "../config.ts";
import { can } from "../auth/policy.ts";
import { loadViewer, type Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { ACCESS_SELECT, documentResource } from "../documents/policy.ts";
import { isDueWithin, maintainedStatus, reviewDueAt } from "../documents/review-due.ts";
import { notifyOnce, type NotificationInput } from "./notify.ts";

const dateLabel = (d: Date) => d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

/**
 * Reviews that fall due (due soon or overdue, server/documents/review-due.ts) notify the
 * document's owner and the reviewers of its last completed review, once per due date; a
 * published document never reviewed tells its owner, once, that a first review is needed.
 * Nobody is told about a document they cannot read (a wall raised since, a lost team place):
 * the title would leak. Returns how many notifications were new.
 */
export async function notifyDueReviews(db: Db, { at, appUrl }: { at: Date; appUrl: string }): Promise<number> {
  const documents = await db.document.findMany({
    where: { publishedVersionId: { not: null }, reviewIntervalMonths: { not: null }, status: { not: "ARCHIVED" }, deletedAt: null },
    select: {
      id: true,
      title: true,
      lastReviewedAt: true,
      reviewIntervalMonths: true,
      ...ACCESS_SELECT,
      reviewRequests: {
        where: { status: "PUBLISHED" },
        orderBy: [{ closedAt: "desc" }, { createdAt: "desc" }],
        take: 1,
        select: { assignments: { select: { reviewerId: true } } },
      },
    },
  });

  type Candidate = Omit<NotificationInput, "recipient"> & { recipientId: string; resource: ReturnType<typeof documentResource> };
  const candidates: Candidate[] = [];
  for (const doc of documents) {
    const resource = documentResource(doc);
    const link = `/documents/${doc.id}`;
    if (!doc.lastReviewedAt) {
      if (!doc.ownerId) continue;
      candidates.push({
        recipientId: doc.ownerId,
        kind: "FIRST_REVIEW_NEEDED",
        title: `First review needed: ${doc.title}`,
        body: `${doc.title} is published but has never been reviewed, so readers see it as "Never reviewed". Request a review to confirm it states the law as it stands.`,
        link,
        documentId: doc.id,
        onceKey: `first-review:${doc.id}:${doc.ownerId}`,
        resource,
      });
      continue;
    }
    const dueAt = reviewDueAt(doc.lastReviewedAt, doc.reviewIntervalMonths);
    if (!dueAt || !isDueWithin(dueAt, at, REVIEWS_DUE_SOON_DAYS)) continue;
    const overdue = maintainedStatus(dueAt, at, REVIEWS_DUE_SOON_DAYS) === "OVERDUE";
    const dueDay = dueAt.toISOString().slice(0, 10);
    const reviewers = doc.reviewRequests[0]?.assignments.map((a) => a.reviewerId) ?? [];
    for (const recipientId of new Set([...(doc.ownerId ? [doc.ownerId] : []), ...reviewers])) {
      candidates.push({
        recipientId,
        kind: "REVIEW_DUE",
        title: overdue ? `Review overdue: ${doc.title}` : `Review due ${dateLabel(dueAt)}: ${doc.title}`,
        body: overdue
          ? `The review of ${doc.title} was due on ${dateLabel(dueAt)}. Until it is reviewed, readers see it as Overdue.`
          : `The review of ${doc.title} falls due on ${dateLabel(dueAt)}. You are its owner or one of its last reviewers.`,
        link,
        documentId: doc.id,
        onceKey: `review-due:${doc.id}:${dueDay}:${recipientId}`,
        resource,
      });
    }
  }
  if (!candidates.length) return 0;

  // Most runs find everything already sent: look the keys up at once, and load only new recipients.
  const sent = new Set(
    (await db.notification.findMany({ where: { onceKey: { in: candidates.map((c) => c.onceKey) } }, select: { onceKey: true } })).map((n) => n.onceKey),
  );
  const viewers = new Map<string, Viewer | null>();
  let created = 0;
  for (const { recipientId, resource, ...notification } of candidates) {
    if (sent.has(notification.onceKey)) continue;
    if (!viewers.has(recipientId)) viewers.set(recipientId, await loadViewer(db, recipientId, at));
    const viewer = viewers.get(recipientId);
    if (!viewer || !can(viewer, "read", resource)) continue;
    const recipient = { id: viewer.id, email: viewer.email };
    if (await db.$transaction((tx) => notifyOnce(tx, { ...notification, recipient }, appUrl))) created++;
  }
  return created;
}
