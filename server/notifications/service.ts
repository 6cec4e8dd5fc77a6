import { NOTIFICATIONS_LIST_MAX, REVIEW_DUE_SWEEP_INTERVAL_MS, type Config } from "../config.ts";
import { can } from "../auth/policy.ts";
import type { Viewer } from "../auth/viewer.ts";
import type { Db } from "../db/database.ts";
import { ACCESS_SELECT, documentResource } from "../documents/policy.ts";
import { forbidden, notFound } from "../errors.ts";
import type { Logger } from "../logger.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import { createMailDelivery } from "./delivery.ts";
import { presentNotification } from "./presenter.ts";
import { notifyDueReviews } from "./review-due.ts";
import { NotificationIdSchema } from "./schema.ts";
import { createMailTransport } from "./transport.ts";

/**
 * The in-app inbox and the mail that goes with it (ADR 019): a person reads and marks only
 * their own notifications; the outbox worker sends queued mail; the review-due sweep writes
 * notifications. `start`/`stop` run the worker and the sweep with the server.
 */
export function createNotificationService({
  db,
  config,
  logger,
  now = Date.now,
}: {
  db: Db;
  config: Config;
  logger: Logger;
  /** Tests move the clock for retries and due dates. */
  now?: () => number;
}) {
  const transport = createMailTransport(config.mail, logger);
  const mail = createMailDelivery({ db, transport, from: config.mail.from, logger, now });

  /** The documents among `ids` this viewer may read now (a wall or a lost team place since hides the rest). */
  async function readableDocumentIds(viewer: Viewer, ids: string[]) {
    if (!ids.length) return new Set<string>();
    const docs = await db.document.findMany({ where: { id: { in: ids } }, select: { id: true, ...ACCESS_SELECT } });
    return new Set(docs.filter((d) => can(viewer, "read", documentResource(d))).map((d) => d.id));
  }

  /** The viewer's own notification, or 404: another person's is as absent as a made-up id. */
  async function requireOwn(viewer: Viewer, rawId: unknown) {
    const id = typeof rawId === "string" && NotificationIdSchema.safeParse(rawId).success ? rawId : null;
    const notification = id ? await db.notification.findUnique({ where: { id } }) : null;
    if (!notification || notification.recipientId !== viewer.id) throw notFound("notification");
    return notification;
  }

  async function present(viewer: Viewer, notification: Awaited<ReturnType<typeof requireOwn>>) {
    const readable = notification.documentId ? (await readableDocumentIds(viewer, [notification.documentId])).has(notification.documentId) : true;
    return presentNotification(notification, readable);
  }

  const sweep = () => notifyDueReviews(db, { at: new Date(now()), appUrl: config.mail.appUrl });
  const dueReviews = createPeriodicJob({
    name: "notifications: the review-due sweep",
    intervalMs: REVIEW_DUE_SWEEP_INTERVAL_MS,
    logger,
    // The sweep's mail goes out at once rather than at the worker's next tick.
    run: async () => {
      if (await sweep()) await mail.deliverDue();
    },
  });

  return {
    /** The viewer's newest notifications (NOTIFICATIONS_LIST_MAX) and how many are unread in all. */
    async list(viewer: Viewer) {
      const [rows, unreadCount] = await Promise.all([
        db.notification.findMany({ where: { recipientId: viewer.id }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: NOTIFICATIONS_LIST_MAX }),
        db.notification.count({ where: { recipientId: viewer.id, readAt: null } }),
      ]);
      const readable = await readableDocumentIds(viewer, [...new Set(rows.flatMap((n) => (n.documentId ? [n.documentId] : [])))]);
      return { notifications: rows.map((n) => presentNotification(n, !n.documentId || readable.has(n.documentId))), unreadCount };
    },

    unreadCount: (viewer: Viewer) => db.notification.count({ where: { recipientId: viewer.id, readAt: null } }),

    async markRead(viewer: Viewer, id: unknown) {
      const notification = await requireOwn(viewer, id);
      const updated = notification.readAt
        ? notification
        : await db.notification.update({ where: { id: notification.id }, data: { readAt: new Date(now()) } });
      return present(viewer, updated);
    },

    async markAllRead(viewer: Viewer) {
      const { count } = await db.notification.updateMany({ where: { recipientId: viewer.id, readAt: null }, data: { readAt: new Date(now()) } });
      return { marked: count };
    },

    /** Mail that could not be sent after every attempt, for the provider's admins to look into. */
    async listFailedMail(viewer: Viewer) {
      if (!viewer.memberships.some((m) => m.organizationKind === "PROVIDER" && m.role === "ADMIN")) throw forbidden("Only the provider's admins see mail that could not be sent.");
      const rows = await db.emailOutbox.findMany({ where: { status: "FAILED" }, orderBy: { createdAt: "desc" }, take: NOTIFICATIONS_LIST_MAX });
      return rows.map((m) => ({ id: m.id, to: m.to, subject: m.subject, attempts: m.attempts, lastError: m.lastError, createdAt: m.createdAt.toISOString() }));
    },

    /** Where mail goes: "smtp" is sent (SMTP_URL), "log" is only written to the server's log — so pages say whether a link was emailed. */
    mailTransport: transport.kind,

    /** One review-due sweep now (the server runs it every REVIEW_DUE_SWEEP_INTERVAL_MS). */
    notifyDueReviews: sweep,
    /** One pass of the mail worker now (the server runs it every MAIL_DELIVERY_INTERVAL_MS). */
    deliverMail: mail.deliverDue,

    start() {
      mail.start();
      dueReviews.start();
    },
    async stop() {
      await dueReviews.stop();
      await mail.stop();
    },
  };
}

export type NotificationService = ReturnType<typeof createNotificationService>;
