import type { Db } from "../db/database.ts";

/** A mail as the domain writes it; the sender (MAIL_FROM) is added when it is sent. */
export type OutgoingMail = { to: string; subject: string; text: string; html?: string };

type OutboxWriter = Pick<Db, "emailOutbox">;

/**
 * Queues a mail. Called with the transaction that decides to send it (an invitation, a
 * notification), so the mail exists exactly when that decision was committed; the worker
 * (delivery.ts) sends it afterwards. ADR 019.
 */
export function enqueueEmail(db: OutboxWriter, mail: OutgoingMail) {
  return db.emailOutbox.create({ data: { to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? null } });
}
