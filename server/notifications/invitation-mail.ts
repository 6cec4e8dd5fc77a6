import type { Config } from "../config.ts";
import type { Db } from "../db/database.ts";
import { enqueueEmail } from "./outbox.ts";

export type InvitationMail = {
  email: string;
  token: string;
  organizationName: string;
  role: string;
  invitedByName: string;
  expiresAt: Date;
};

const ROLE_WORDS: Record<string, string> = {
  ADMIN: "an admin",
  EDITOR: "an editor",
  VIEWER: "a viewer",
  CLIENT: "a client member",
};

/** An invitation's mail, queued in the transaction that creates the invitation. */
export function enqueueInvitationEmail(db: Pick<Db, "emailOutbox">, invitation: InvitationMail, mail: Config["mail"]) {
  const link = new URL(`/invite/${invitation.token}`, mail.appUrl).toString();
  const expires = invitation.expiresAt.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
  return enqueueEmail(db, {
    to: invitation.email,
    subject: `You are invited to ${invitation.organizationName} on Precedent`,
    text: [
      `${invitation.invitedByName} invited you to join ${invitation.organizationName} on Precedent as ${ROLE_WORDS[invitation.role] ?? invitation.role}.`,
      "",
      `Accept the invitation and choose your password: ${link}`,
      "",
      `The link works once, until ${expires}. If you did not expect it, ignore this mail.`,
    ].join("\n"),
  });
}
