// The Account page, end to end (issue 14): reached from the account menu, it lists where one is
// signed in and changes one's password — the other device is signed out, the new password is
// the one that works. A member of their own is invited for it, so the worker's demo admin keeps
// the password the other specs sign in with.
import { test, expect } from "./fixtures.ts";
import { invite } from "./support/invite.ts";
import { signInAsAdmin, signInInNewContext } from "./support/sign-in.ts";

const EMAIL = "ada@account.example";
const OLD = "a long enough passphrase"; // what invite() chooses
const NEW = "a fresh and longer passphrase";

test("A member changes their password on the Account page: the other device is signed out, and the new password signs in", async ({ page, browser, server }) => {
  test.setTimeout(180_000);
  await signInAsAdmin(page, server);
  const member = await invite(page, browser, server, { email: EMAIL, name: "Ada Account", role: "EDITOR" });
  // No mail server in these tests: Admin says the link was not emailed, and gives it to copy.
  await expect(page.getByRole("status").filter({ hasText: `Invitation for ${EMAIL}` })).toContainText("Not emailed (no mail server is set up)");
  const phone = await signInInNewContext(browser, server, EMAIL, OLD);

  const me = member.page;
  await me.getByRole("button", { name: "Account: Ada Account" }).click();
  await me.getByRole("menuitem", { name: "Account", exact: true }).click();
  await expect(me).toHaveURL(/\/settings\/account$/);
  await expect(me.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  const profile = me.getByRole("region", { name: "Profile" });
  await expect(profile).toContainText(EMAIL);
  await expect(profile).toContainText("Editor");

  // Two sessions: this browser, marked, and the phone, which could be ended from here.
  const sessions = me.getByRole("region", { name: "Sessions" });
  const rows = sessions.getByRole("row");
  await expect(rows).toHaveCount(3); // the header and two sessions
  await expect(rows.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "This device" })).toContainText("Chrome");
  await expect(rows.filter({ hasText: "This device" }).getByRole("button")).toHaveCount(0);
  await expect(sessions.getByRole("button", { name: /^End session: / })).toHaveCount(1);

  // A wrong current password is said beside it, and changes nothing.
  const form = me.getByRole("region", { name: "Change password" });
  await form.getByLabel("Current password").fill("not my password at all");
  await form.getByLabel("New password", { exact: true }).fill(NEW);
  await form.getByLabel("Confirm new password").fill(NEW);
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByText("That is not your current password.")).toBeVisible();
  await expect(form.getByLabel("Current password")).toHaveAttribute("aria-invalid", "true");

  await form.getByLabel("Current password").fill(OLD);
  await form.getByLabel("New password", { exact: true }).fill(NEW);
  await form.getByLabel("Confirm new password").fill(NEW);
  await expect(form.getByLabel("Sign out my other sessions")).toBeChecked();
  await form.getByRole("button", { name: "Change password" }).click();
  await expect(form.getByRole("status")).toHaveText("Your password is changed, and your other sessions are signed out (1 session).");
  await expect(form.getByLabel("Current password")).toHaveValue("");

  // This device stays signed in, alone now; the phone is signed out.
  await expect(rows).toHaveCount(2);
  await expect(sessions).toContainText("You are signed in on this device only.");
  await phone.page.reload();
  await expect(phone.page).toHaveURL(/\/login(\?|$)/);

  // Signed out, the old password no longer works and the new one does.
  await me.getByRole("button", { name: "Account: Ada Account" }).click();
  await me.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(me).toHaveURL(/\/login$/);
  await me.getByLabel("Email").fill(EMAIL);
  await me.getByLabel("Password").fill(OLD);
  await me.getByRole("button", { name: "Sign in" }).click();
  await expect(me.getByRole("alert")).toContainText("The email or password is incorrect.");
  await me.getByLabel("Password").fill(NEW);
  await me.getByRole("button", { name: "Sign in" }).click();
  await expect(me).not.toHaveURL(/\/login(\?|$)/);

  expect([...member.errors, ...phone.errors]).toEqual([]);
  await member.close();
  await phone.close();
});

test("Ending one other session from the Account page signs that device out; signing out everywhere else ends the rest", async ({ page, browser, server }) => {
  test.setTimeout(120_000);
  const { email, password } = server.admin!;
  await signInAsAdmin(page, server);
  const laptop = await signInInNewContext(browser, server, email, password);
  const tablet = await signInInNewContext(browser, server, email, password);
  await page.goto("/settings/account");
  const sessions = page.getByRole("region", { name: "Sessions" });
  const endButtons = sessions.getByRole("button", { name: /^End session: / });
  const before = await endButtons.count();
  expect(before).toBeGreaterThanOrEqual(2);

  // Newest first: the tablet's session heads the list.
  await endButtons.first().click();
  await expect(sessions.getByRole("status")).toHaveText("That session is signed out.");
  await expect(endButtons).toHaveCount(before - 1);
  await tablet.page.reload();
  await expect(tablet.page).toHaveURL(/\/login(\?|$)/);
  await laptop.page.reload();
  await expect(laptop.page).not.toHaveURL(/\/login(\?|$)/);

  await sessions.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(sessions.getByRole("status")).toHaveText(/^Signed out everywhere else \(\d+ sessions?\)\.$/);
  await expect(sessions).toContainText("You are signed in on this device only.");
  await laptop.page.reload();
  await expect(laptop.page).toHaveURL(/\/login(\?|$)/);
  await page.reload();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await laptop.close();
  await tablet.close();
});
