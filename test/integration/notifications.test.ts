// Notifications and mail (ADR 019): due reviews reach the owner and last reviewers in their
// inbox and by mail that a real SMTP server on 127.0.0.1 receives; invitations are mailed;
// failed deliveries are retried, then given up; without SMTP_URL mail goes to the log; nobody
// sees anyone else's notifications, nor the title of a document they can no longer read.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { MAIL_MAX_ATTEMPTS, MAIL_RETRY_BASE_MS, loadConfig } from "../../server/config.ts";
import type { PresentedDocument } from "../../server/documents/presenter.ts";
import { createLogger, type Logger } from "../../server/logger.ts";
import { createNotificationService, type PresentedNotification } from "../../server/notifications/index.ts";
import { consoleError } from "../setup/fail-on-console-error.ts";
import { viewerOf } from "../factories/users.ts";
import { useTestDatabase } from "../helpers/database.ts";
import { expectError, type Client } from "../helpers/http.ts";
import { signInNewUser, startTestServer, type TestServer } from "../helpers/server.ts";
import { startSmtpServer, type TestSmtpServer } from "../helpers/smtp.ts";

const db = useTestDatabase();
const DAY = 24 * 3600 * 1000;
let clock = Date.now();
let smtp: TestSmtpServer;
let server: TestServer;
type Person = { client: Client; id: string; email: string; membershipId: string };
let admin: Person;
let author: Person;
let reviewer: Person;
let other: Person;

type Inbox = { notifications: PresentedNotification[]; unreadCount: number };
const inboxOf = async (p: Person) => {
  const response = await p.client.get("/api/v1/notifications");
  expect(response.status).toBe(200);
  return (await response.json()) as Inbox;
};
const mailsTo = (email: string) => smtp.received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((a) => a.address === email));

async function signIn(role: "ADMIN" | "EDITOR" | "VIEWER", name: string): Promise<Person> {
  const { client, user } = await signInNewUser(server, role, "Provider LLP", name);
  const membership = await db().prisma.membership.findFirstOrThrow({ where: { userId: user.id } });
  return { client, id: user.id, email: user.email, membershipId: membership.id };
}

/** A playbook reviewed by `reviewer` and published, with a review every six months. */
async function reviewedPlaybook(title: string) {
  const created = await author.client.post("/api/v1/documents", { kind: "PLAYBOOK", title, markdown: `# ${title}\n\nResist uncapped indemnities.`, reviewIntervalMonths: 6 });
  expect(created.status).toBe(201);
  const id = ((await created.json()) as { document: PresentedDocument }).document.id;
  expect((await author.client.post(`/api/v1/documents/${id}/review`, { reviewerIds: [reviewer.id] })).status).toBe(200);
  expect((await reviewer.client.post(`/api/v1/documents/${id}/review/decision`, { decision: "approve" })).status).toBe(200);
  expect((await author.client.post(`/api/v1/documents/${id}/publish`, {})).status).toBe(200);
  return id;
}

/** A logger that keeps what it is given; warnings still reach console.error like the real one. */
function keepingLogger(): Logger & { lines: { level: string; message: string; fields?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; fields?: Record<string, unknown> }[] = [];
  const keep = (level: string) => (message: string, fields?: Record<string, unknown>) => void lines.push({ level, message, fields });
  return { lines, debug: keep("debug"), info: keep("info"), warn: keep("warn"), error: keep("error") };
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  server = await startTestServer({ db: db(), env: { SMTP_URL: smtp.url, MAIL_FROM: "Firm Knowledge <kb@firm.test>" } });
  // The same service over a clock the tests move (due dates, retry waits); routes look it up per request.
  server.services.notifications = createNotificationService({ db: db().prisma, config: server.config, logger: createLogger("warn"), now: () => clock });
  admin = await signIn("ADMIN", "Ada Admin");
  author = await signIn("EDITOR", "Alex Author");
  reviewer = await signIn("EDITOR", "Rita Reviewer");
  other = await signIn("EDITOR", "Olly Other");
});
afterAll(async () => {
  await server?.services.notifications.stop();
  await server?.close();
  await smtp?.close();
});

describe("due reviews", () => {
  test("a due review mails the owner and the last reviewers over SMTP, once per due date, and shows in their inboxes", async () => {
    const id = await reviewedPlaybook("Indemnities playbook");
    const notifications = server.services.notifications;
    expect(await notifications.notifyDueReviews()).toBe(0);
    expect((await inboxOf(author)).unreadCount).toBe(0);

    // Six months on less a week: due soon.
    clock = Date.now() + 175 * DAY;
    expect(await notifications.notifyDueReviews()).toBe(2);
    expect(await notifications.deliverMail()).toMatchObject({ sent: 2, retrying: 0, failed: 0 });

    for (const person of [author, reviewer]) {
      const [mail, ...more] = mailsTo(person.email);
      expect(more).toEqual([]);
      expect(mail?.subject).toMatch(/^Review due \d+ \w+ \d{4}: Indemnities playbook$/);
      expect(mail?.from?.value[0]?.address).toBe("kb@firm.test");
      expect(mail?.text).toContain(`http://localhost:3000/documents/${id}`);

      const inbox = await inboxOf(person);
      expect(inbox.unreadCount).toBe(1);
      expect(inbox.notifications).toEqual([
        expect.objectContaining({ kind: "REVIEW_DUE", title: mail?.subject, link: `/documents/${id}`, readAt: null }),
      ]);
    }
    // Someone who neither owns nor reviewed it hears nothing.
    expect((await inboxOf(other)).notifications).toEqual([]);

    // The same due date never notifies twice, even once overdue; the sent mail keeps no body.
    expect(await notifications.notifyDueReviews()).toBe(0);
    clock = Date.now() + 200 * DAY;
    expect(await notifications.notifyDueReviews()).toBe(0);
    expect(await notifications.deliverMail()).toMatchObject({ sent: 0 });
    const outbox = await db().prisma.emailOutbox.findMany({ where: { to: { in: [author.email, reviewer.email] } } });
    expect(outbox.map((m) => [m.status, m.attempts, m.text])).toEqual([
      ["SENT", 1, ""],
      ["SENT", 1, ""],
    ]);
  });

  test("a published document never reviewed tells its owner once that a first review is needed", async () => {
    const created = await author.client.post("/api/v1/documents", { kind: "PLAYBOOK", title: "Imported NDA playbook", status: "PUBLISHED", reviewIntervalMonths: 12 });
    const id = ((await created.json()) as { document: PresentedDocument }).document.id;
    // As the starter library's import leaves it: published, never reviewed.
    await db().prisma.document.update({ where: { id }, data: { lastReviewedAt: null } });
    const notifications = server.services.notifications;
    expect(await notifications.notifyDueReviews()).toBe(1);
    expect(await notifications.notifyDueReviews()).toBe(0);
    const first = (await inboxOf(author)).notifications.find((n) => n.link === `/documents/${id}`);
    expect(first).toMatchObject({ kind: "FIRST_REVIEW_NEEDED", title: "First review needed: Imported NDA playbook" });
    await notifications.deliverMail();
    expect(mailsTo(author.email).map((m) => m.subject)).toContain("First review needed: Imported NDA playbook");
  });
});

describe("the inbox", () => {
  test("a person reads and marks only their own notifications", async () => {
    const [mine] = (await inboxOf(author)).notifications;
    expect(mine).toBeDefined();
    await expectError(await other.client.post(`/api/v1/notifications/${mine!.id}/read`), 404, "notification_not_found");
    await expectError(await other.client.post(`/api/v1/notifications/not%20an%20id/read`), 404, "notification_not_found");
    expect((await inboxOf(author)).notifications.find((n) => n.id === mine!.id)?.readAt).toBeNull();

    const marked = await author.client.post(`/api/v1/notifications/${mine!.id}/read`);
    expect(marked.status).toBe(200);
    expect(((await marked.json()) as { notification: PresentedNotification }).notification.readAt).not.toBeNull();
    const before = await inboxOf(author);
    expect(before.unreadCount).toBe(before.notifications.filter((n) => !n.readAt).length);

    const all = await author.client.post("/api/v1/notifications/read-all");
    expect(await all.json()).toEqual({ marked: before.unreadCount });
    expect((await inboxOf(author)).unreadCount).toBe(0);
    // The reviewer's own stay unread.
    expect((await inboxOf(reviewer)).unreadCount).toBe(1);
  });

  test("a notification about a document the recipient can no longer read shows no title or link", async () => {
    expect((await admin.client.delete(`/api/v1/members/${reviewer.membershipId}`)).status).toBe(204);
    const [hidden] = (await inboxOf(reviewer)).notifications;
    expect(hidden).toMatchObject({ kind: "REVIEW_DUE", title: "About a document you can no longer open", body: "", link: null });
    expect(JSON.stringify(await inboxOf(reviewer))).not.toContain("Indemnities");
  });
});

describe("mail", () => {
  test("an invitation is mailed with its link", async () => {
    const email = `invitee-${Date.now()}@example.test`;
    const { token } = await server.services.auth.createInvitation(await viewerOf(db().prisma, admin.id), { email, role: "EDITOR" });
    await server.services.notifications.deliverMail();
    const [mail] = mailsTo(email);
    expect(mail?.subject).toBe("You are invited to Provider LLP on Precedent");
    expect(mail?.text).toContain(`http://localhost:3000/invite/${token}`);
    expect(mail?.text).toContain("Ada Admin invited you");
    // Once sent, the link is no longer in the database.
    expect(JSON.stringify(await db().prisma.emailOutbox.findMany())).not.toContain(token);
  });

  test("a mail the SMTP server refuses is retried after a wait, and given up after the last attempt", async () => {
    consoleError.mockImplementation(() => {});
    const notifications = server.services.notifications;
    const adminViewer = await viewerOf(db().prisma, admin.id);
    const email = `retry-${Date.now()}@example.test`;
    smtp.refuseNext(1);
    await server.services.auth.createInvitation(adminViewer, { email, role: "VIEWER" });
    expect(await notifications.deliverMail()).toMatchObject({ sent: 0, retrying: 1 });
    expect(mailsTo(email)).toEqual([]);
    expect(consoleError).toHaveBeenCalledWith(expect.stringContaining("mail: attempt failed, will retry"));
    // Not before the wait…
    expect(await notifications.deliverMail()).toMatchObject({ sent: 0, retrying: 0 });
    clock += MAIL_RETRY_BASE_MS;
    expect(await notifications.deliverMail()).toMatchObject({ sent: 1 });
    expect(mailsTo(email)).toHaveLength(1);

    const doomed = `doomed-${Date.now()}@example.test`;
    smtp.refuseNext(MAIL_MAX_ATTEMPTS);
    await server.services.auth.createInvitation(adminViewer, { email: doomed, role: "VIEWER" });
    for (let attempt = 1; attempt <= MAIL_MAX_ATTEMPTS; attempt++) {
      await notifications.deliverMail();
      clock += MAIL_RETRY_BASE_MS * 2 ** attempt;
    }
    const row = await db().prisma.emailOutbox.findFirstOrThrow({ where: { to: doomed } });
    expect(row).toMatchObject({ status: "FAILED", attempts: MAIL_MAX_ATTEMPTS, lastError: expect.stringContaining("Mailbox busy") });
    expect(await notifications.deliverMail()).toMatchObject({ sent: 0, retrying: 0, failed: 0 });
    expect(mailsTo(doomed)).toEqual([]);

    const failed = await admin.client.get("/api/v1/mail/failed");
    expect(((await failed.json()) as { mail: { to: string }[] }).mail.map((m) => m.to)).toContain(doomed);
    await expectError(await author.client.get("/api/v1/mail/failed"), 403, "forbidden");
  });

  test("without SMTP_URL, mail is written to the log and marked sent", async () => {
    const logger = keepingLogger();
    const config = loadConfig({ NODE_ENV: "test", DATABASE_URL: "memory://", SEED_DEMO: "false" });
    const logged = createNotificationService({ db: db().prisma, config, logger, now: () => clock });
    const email = `logged-${Date.now()}@example.test`;
    const { token } = await server.services.auth.createInvitation(await viewerOf(db().prisma, admin.id), { email, role: "EDITOR" });
    expect(await logged.deliverMail()).toMatchObject({ sent: 1 });
    await logged.stop();
    const line = logger.lines.find((l) => l.fields?.to === email);
    expect(line).toMatchObject({ level: "info", message: expect.stringContaining("no SMTP_URL") });
    expect(String(line?.fields?.text)).toContain(`/invite/${token}`);
    expect(await db().prisma.emailOutbox.findFirstOrThrow({ where: { to: email } })).toMatchObject({ status: "SENT" });
    expect(mailsTo(email)).toEqual([]);
  });

  test("the inbox needs a signed-in person", async () => {
    const anonymous = await fetch(`${server.url}/api/v1/notifications`);
    await expectError(anonymous, 401, "unauthenticated");
  });
});
