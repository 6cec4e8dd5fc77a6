// An invitation link that can no longer be used says why and what to do, with the right status,
// instead of "Something went wrong" (issue 14). Admin says whether the link was emailed, and
// always gives it to copy.
import { startSmtpServer } from "../helpers/smtp.ts";
import { test, expect } from "./fixtures.ts";
import { createInvitationLink } from "./support/invite.ts";
import { startServer } from "./support/server.ts";
import { signInAsAdmin } from "./support/sign-in.ts";

test("A used invitation link says it was used and offers sign-in; a bad one says to ask for a new one", async ({ page, server, browser }) => {
  test.setTimeout(120_000);
  await signInAsAdmin(page, server);
  const link = await createInvitationLink(page, { email: "una@invite.example", role: "EDITOR" });
  const context = await browser.newContext({ baseURL: server.url });
  const visitor = await context.newPage();
  await visitor.goto(link);
  await visitor.getByLabel("Your name").fill("Una Used");
  await visitor.getByLabel("Password").fill("a long enough passphrase");
  await visitor.getByRole("button", { name: "Join and sign in" }).click();
  await expect(visitor).not.toHaveURL(/\/invite\//);
  await context.close();

  // Opened again, signed out (another browser): 410 and a page that says what happened.
  const again = await browser.newContext({ baseURL: server.url });
  const later = await again.newPage();
  const response = await later.goto(link);
  expect(response?.status()).toBe(410);
  await expect(later.getByRole("heading", { level: 1, name: "This invitation has already been used" })).toBeVisible();
  await expect(later.getByText("ask an administrator of your organisation for a new invitation")).toBeVisible();
  await expect(later.getByText("Something went wrong")).toHaveCount(0);
  await later.getByRole("link", { name: "Sign in" }).click();
  await expect(later).toHaveURL(/\/login$/);

  // A link that never was (or was withdrawn): 404, and the same way out.
  const unknown = await later.goto(`/invite/${"a".repeat(32)}`);
  expect(unknown?.status()).toBe(404);
  await expect(later.getByRole("heading", { level: 1, name: "This invitation link does not work" })).toBeVisible();
  await again.close();
});

test("With a mail server set up, Admin says the invitation was emailed, and still gives the link to copy", async ({ browser }) => {
  test.setTimeout(240_000);
  const smtp = await startSmtpServer();
  const server = await startServer({ env: { SMTP_URL: smtp.url } });
  try {
    const context = await browser.newContext({ baseURL: server.url });
    const admin = await context.newPage();
    await signInAsAdmin(admin, server);
    await admin.goto("/admin");
    await expect(admin.getByRole("region", { name: "Invite someone" })).toContainText("We email the invitation link to them.");
    const link = await createInvitationLink(admin, { email: "mae@invite.example", role: "EDITOR" });
    await expect(admin.getByRole("status").filter({ hasText: "Invitation for mae@invite.example" })).toContainText("emailed to them to join");
    // The mail worker sends it within its interval, with the same invitation (its origin is the
    // server's configured one, which on PORT=0 is not the port the OS picked).
    const invitationPath = new URL(link).pathname;
    await expect.poll(() => smtp.received.map((m) => m.text ?? ""), { timeout: 60_000 }).toContainEqual(expect.stringContaining(invitationPath));
    await context.close();
  } finally {
    await server.stop();
    await smtp.close();
  }
});
