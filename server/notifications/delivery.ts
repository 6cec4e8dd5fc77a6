import { MAIL_BATCH_SIZE, MAIL_CLAIM_MS, MAIL_DELIVERY_INTERVAL_MS, MAIL_MAX_ATTEMPTS, MAIL_RETRY_BASE_MS } from "../config.ts";
import type { Db } from "../db/database.ts";
import type { Logger } from "../logger.ts";
import { createPeriodicJob } from "../periodic-job.ts";
import type { MailTransport } from "./transport.ts";

export type DeliveryPass = { sent: number; retrying: number; failed: number };

/** The wait before attempt `attempts + 1`: doubling from MAIL_RETRY_BASE_MS. */
export const retryDelayMs = (attempts: number) => MAIL_RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1);

/**
 * Drains the outbox: sends due PENDING mail, retries failures with a doubling wait, and gives
 * up (FAILED) after MAIL_MAX_ATTEMPTS. Each mail is claimed first (its next attempt pushed
 * MAIL_CLAIM_MS ahead, only if no one else moved it), so several processes on one PostgreSQL
 * database never send the same mail twice, and one that dies mid-send leaves it to the next.
 */
export function createMailDelivery({
  db,
  transport,
  from,
  logger,
  now = Date.now,
  intervalMs = MAIL_DELIVERY_INTERVAL_MS,
}: {
  db: Db;
  transport: MailTransport;
  from: string;
  logger: Logger;
  now?: () => number;
  intervalMs?: number;
}) {
  async function pass(): Promise<DeliveryPass> {
    const result: DeliveryPass = { sent: 0, retrying: 0, failed: 0 };
    const due = await db.emailOutbox.findMany({
      where: { status: "PENDING", nextAttemptAt: { lte: new Date(now()) } },
      orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
      take: MAIL_BATCH_SIZE,
    });
    for (const mail of due) {
      const claimed = await db.emailOutbox.updateMany({
        where: { id: mail.id, status: "PENDING", nextAttemptAt: mail.nextAttemptAt },
        data: { nextAttemptAt: new Date(now() + MAIL_CLAIM_MS) },
      });
      if (claimed.count === 0) continue;
      const attempts = mail.attempts + 1;
      try {
        await transport.send({ from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html ?? undefined });
        // The body goes once sent: an invitation's link must not outlive its delivery in the database.
        await db.emailOutbox.update({
          where: { id: mail.id },
          data: { status: "SENT", attempts, sentAt: new Date(now()), lastError: null, text: "", html: null },
        });
        result.sent++;
      } catch (error) {
        const gaveUp = attempts >= MAIL_MAX_ATTEMPTS;
        const lastError = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
        await db.emailOutbox.update({
          where: { id: mail.id },
          data: { status: gaveUp ? "FAILED" : "PENDING", attempts, lastError, nextAttemptAt: new Date(now() + retryDelayMs(attempts)) },
        });
        if (gaveUp) result.failed++;
        else result.retrying++;
        logger.warn(gaveUp ? "mail: gave up" : "mail: attempt failed, will retry", { mailId: mail.id, attempts, error: lastError });
      }
    }
    return result;
  }

  // One pass at a time: a pass already running is awaited instead of started twice.
  const job = createPeriodicJob({ name: "mail: a delivery pass", intervalMs, logger, run: pass });

  return {
    deliverDue: job.runNow,
    start: job.start,
    /** Stops the timer and waits for a pass in flight, then closes the SMTP connection. */
    async stop() {
      await job.stop();
      transport.close();
    },
  };
}

export type MailDelivery = ReturnType<typeof createMailDelivery>;
