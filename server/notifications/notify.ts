import type { Db } from "../db/database.ts";
import type { NotificationKind } from "../db/generated/client.ts";
import { enqueueEmail } from "./outbox.ts";

export type NotificationInput = {
  recipient: { id: string; email: string };
  kind: NotificationKind;
  title: string;
  body: string;
  /** An app path ("/documents/…"); the mail carries it as a full link. */
  link: string | null;
  documentId: string | null;
  onceKey: string;
};

type NotificationWriter = Pick<Db, "notification" | "emailOutbox">;

/**
 * Puts a notification in its recipient's inbox and queues its mail, once per `onceKey`: a
 * second call with the same key (a sweep run twice, by two processes) writes nothing. Call it
 * inside a transaction so the entry and its mail are committed together. Returns whether it
 * was new.
 */
export async function notifyOnce(db: NotificationWriter, input: NotificationInput, appUrl: string): Promise<boolean> {
  const created = await db.notification.createMany({
    data: [
      {
        recipientId: input.recipient.id,
        kind: input.kind,
        title: input.title,
        body: input.body,
        link: input.link,
        documentId: input.documentId,
        onceKey: input.onceKey,
      },
    ],
    skipDuplicates: true,
  });
  if (created.count === 0) return false;
  const open = input.link ? `\n\nOpen it: ${new URL(input.link, appUrl).toString()}` : "";
  await enqueueEmail(db, { to: input.recipient.email, subject: input.title, text: `${input.body}${open}\n\n— Precedent` });
  return true;
}
