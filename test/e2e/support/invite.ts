import { expect, type Browser, type Page } from "@playwright/test";
import type { RunningServer } from "./server.ts";

/** An editor's invitation made by the admin on /admin, accepted in a browser context of its own. */
export function inviteEditor(admin: Page, browser: Browser, server: RunningServer, email: string, name: string) {
  return invite(admin, browser, server, { email, name, role: "EDITOR" });
}

/**
 * An invitation made by the admin on /admin, accepted in a browser context of its own. A client
 * is invited into the client organisation chosen by id: `clientOrganizationId` is the value of
 * its option in the invite form's "Client organisation" select.
 */
export async function invite(
  admin: Page,
  browser: Browser,
  server: RunningServer,
  { email, name, role, clientOrganizationId }: { email: string; name: string; role: "ADMIN" | "EDITOR" | "VIEWER" | "CLIENT"; clientOrganizationId?: string },
) {
  await admin.goto("/admin");
  const form = admin.getByRole("region", { name: "Invite someone" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Role", { exact: true }).selectOption(role);
  if (clientOrganizationId) await form.getByLabel("Client organisation", { exact: true }).selectOption(clientOrganizationId);
  await form.getByRole("button", { name: "Create invitation link" }).click();
  const link = await admin.getByRole("textbox", { name: `Invitation for ${email}` }).inputValue();
  const context = await browser.newContext({ baseURL: server.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(link);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Password").fill("a long enough passphrase");
  await page.getByRole("button", { name: "Join and sign in" }).click();
  await expect(page).not.toHaveURL(/\/invite\//);
  return { page, errors, close: () => context.close() };
}
