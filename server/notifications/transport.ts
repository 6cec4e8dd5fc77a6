import { createTransport } from "nodemailer";
import { MAIL_SMTP_TIMEOUT_MS, type Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { OutgoingMail } from "./outbox.ts";

/** Where mail goes: an SMTP server (SMTP_URL), or the log when none is configured. */
export type MailTransport = {
  kind: "smtp" | "log";
  send(mail: OutgoingMail & { from: string }): Promise<void>;
  close(): void;
};

export function createMailTransport(mail: Config["mail"], logger: Logger): MailTransport {
  if (!mail.smtpUrl) {
    return {
      kind: "log",
      // Without a mail server an operator still gets the mail (an invitation's link) from the log.
      async send(m) {
        logger.info("mail (no SMTP_URL: written here, not sent)", { to: m.to, subject: m.subject, text: m.text });
      },
      close() {},
    };
  }
  // Timeouts bound one attempt: a server that stops answering is a failed attempt, retried later.
  const transporter = createTransport({
    url: mail.smtpUrl,
    connectionTimeout: MAIL_SMTP_TIMEOUT_MS,
    greetingTimeout: MAIL_SMTP_TIMEOUT_MS,
    socketTimeout: MAIL_SMTP_TIMEOUT_MS,
  });
  return {
    kind: "smtp",
    async send(m) {
      await transporter.sendMail({ from: m.from, to: m.to, subject: m.subject, text: m.text, html: m.html });
    },
    close() {
      transporter.close();
    },
  };
}
